// A multi-line text setting with its hint, count and problem.
import { useId } from 'react';

export function TextAreaField({
  label,
  hint,
  value,
  onChange,
  issue,
  testId,
  rows = 2,
  prose = false,
  placeholder,
  count = null,
}: {
  label: string;
  hint: string;
  value: string;
  onChange(v: string): void;
  issue: string | null;
  testId: string;
  rows?: number;
  /** Words rather than codes: the text font, spell-checked. */
  prose?: boolean;
  placeholder?: string;
  /** A length shown under the field, e.g. "120 / 100,000". */
  count?: string | null;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        className={prose ? 'input textarea textarea-prose' : 'input textarea'}
        rows={rows}
        spellCheck={prose}
        placeholder={placeholder}
        data-testid={testId}
        aria-invalid={issue ? true : undefined}
        aria-describedby={`${id}-note`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {issue ? (
        <p className="field-issue" id={`${id}-note`} data-testid={`${testId}-error`}>
          {issue}
        </p>
      ) : (
        <p className="field-hint" id={`${id}-note`}>
          {hint}
        </p>
      )}
      {count && (
        <p className="field-hint field-count" data-testid={`${testId}-count`}>
          {count}
        </p>
      )}
    </div>
  );
}
