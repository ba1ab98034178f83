// An inline one-line name editor: Enter saves, Escape cancels, and the host's verdict on a bad
// name (empty, too long) appears right under the field. Closed, it hands focus back to its opener.
import { Check, X } from 'lucide-react';
import { useId, useState } from 'react';
import { fieldError } from '../app/fieldError';
import { IconButton } from './Button';
import { InlineError } from './InlineError';
import { useFocusReturn } from './useFocusReturn';

interface NameFieldProps {
  initial?: string;
  label: string;
  placeholder?: string;
  saveLabel: string;
  testId: string;
  /** The contract's field name and the word for it, to reword the host's validation message. */
  field: { key: string; noun: string };
  onSubmit(name: string): Promise<void>;
  onCancel(): void;
  className?: string;
  /** Where focus goes once the field closes if the control that opened it is gone (else back to that control). */
  focusAfter?: () => HTMLElement | null;
}

export function NameField({ initial = '', label, placeholder, saveLabel, testId, field, onSubmit, onCancel, className, focusAfter }: NameFieldProps) {
  useFocusReturn(focusAfter);
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  async function submit() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      // The host validates names (trim, length, one line); its message is the one to show.
      await onSubmit(value);
    } catch (err) {
      setError(fieldError(err, field.key, field.noun));
      setBusy(false);
    }
  }

  return (
    <div className={['name-field', className ?? ''].join(' ')}>
      <div className="name-field-row">
        <input
          className="input"
          autoFocus
          aria-label={label}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          data-testid={testId}
          placeholder={placeholder}
          value={value}
          // Read-only, not disabled, while the host decides: a disabled field drops focus, and a
          // refused name must leave the caret where the user can retype it.
          readOnly={busy}
          aria-busy={busy || undefined}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => {
            setValue(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void submit();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onCancel();
            }
          }}
        />
        <IconButton label={saveLabel} icon={<Check size={16} />} small onClick={() => void submit()} disabled={busy} />
        <IconButton label="Cancel" icon={<X size={16} />} small onClick={onCancel} />
      </div>
      <InlineError message={error} id={errorId} testId={`${testId}-error`} />
    </div>
  );
}
