// Asks before something destructive. The message names exactly what goes; a failure is shown
// inside the dialog, where the user pressed the button.
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../app/errorMessage';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { InlineError } from './InlineError';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<void>;
  onClose(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={title}
      onClose={onClose}
      testId="confirm-dialog"
      footer={
        <>
          {/* Cancel takes the initial focus so a stray Enter never destroys anything. */}
          <Button autoFocus onClick={onClose} data-testid="confirm-cancel">
            Cancel
          </Button>
          <Button
            variant={danger ? 'danger' : 'primary'}
            onClick={() => void confirm()}
            disabled={busy}
            data-testid="confirm-ok"
          >
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="dialog-message">{children}</div>
      <InlineError message={error} />
    </Dialog>
  );
}
