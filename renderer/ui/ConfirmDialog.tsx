// Asks before something destructive. The message names exactly what goes; a failure is shown
// inside the dialog, where the user pressed the button. Work that waits before it acts (a trash
// waiting for the open editor's save) says so under the message while the button is disabled;
// Cancel during that wait closes the dialog and tells the work to stop before it acts.
import { useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../app/errorMessage';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { InlineError } from './InlineError';

/** What a confirm's work is given: a line to show while it waits, and whether the user cancelled meanwhile. */
export interface ConfirmProgress {
  say(status: string | null): void;
  readonly cancelled: boolean;
}

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(progress: ConfirmProgress): Promise<void>;
  onClose(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onClose }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const running = useRef<{ cancelled: boolean } | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    const run = { cancelled: false };
    running.current = run;
    const progress: ConfirmProgress = {
      say: (s) => {
        if (!run.cancelled) setStatus(s);
      },
      get cancelled() {
        return run.cancelled;
      },
    };
    try {
      await onConfirm(progress);
      if (!run.cancelled) onClose();
    } catch (err) {
      if (run.cancelled) return;
      setStatus(null);
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  function cancel() {
    if (running.current) running.current.cancelled = true;
    onClose();
  }

  return (
    <Dialog
      title={title}
      onClose={cancel}
      testId="confirm-dialog"
      footer={
        <>
          {/* Cancel takes the initial focus so a stray Enter never destroys anything. */}
          <Button autoFocus onClick={cancel} data-testid="confirm-cancel">
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
      {busy && status && (
        <p className="muted" role="status" data-testid="confirm-progress">
          {status}
        </p>
      )}
      <InlineError message={error} />
    </Dialog>
  );
}
