// Whether the writer's text is saved: saving, edited (with Save now), the error (with Retry), saved.
import { Check, LoaderCircle } from 'lucide-react';
import type { ReactNode } from 'react';
import { MOD } from '../../ui/platformKeys';
import type { Snapshot } from './sessionTypes';

export function SaveIndicator({ save, preview, onSave }: { save: Snapshot['save']; preview: boolean; onSave(): void }) {
  if (preview) return null;
  let body: ReactNode;
  if (save.status === 'saving') {
    body = (
      <>
        <LoaderCircle size={14} className="spin" aria-hidden /> Saving…
      </>
    );
  } else if (save.status === 'dirty') {
    body = (
      <>
        <span className="save-dot" aria-hidden /> Edited
        <button type="button" className="link-button" onClick={onSave} data-testid="save-now" title={`Save now (${MOD}+S)`}>
          Save now
        </button>
      </>
    );
  } else if (save.status === 'error') {
    body = (
      <>
        <span className="save-error">{save.error}</span>
        <button type="button" className="link-button" onClick={onSave} data-testid="save-now">
          Retry
        </button>
      </>
    );
  } else {
    body = (
      <>
        <Check size={14} aria-hidden /> Saved
      </>
    );
  }
  return (
    <p className={`save-state save-${save.status}`} data-testid="save-state" data-state={save.status} role="status" aria-live="polite">
      {body}
    </p>
  );
}
