// The notice shown when the open document was deleted for good in another window or tab: the
// shell has closed it and gone back to its project (or the first project). The text the editor
// held (saved or not: this window's writer may not know the other deleted it) is kept here until
// the writer copies it, saves it as a new document, or discards it; Escape and the backdrop do not
// discard it, only the button that says so.
//
// Test ids: document-gone (the dialog) / document-gone-message / document-gone-preview
//   (data-unsaved) / document-gone-copy / document-gone-copied / document-gone-save /
//   document-gone-discard / document-gone-ok / document-gone-error
import { Copy, FilePlus } from 'lucide-react';
import { useState } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { InlineError } from '../../ui/InlineError';
import { copyText } from '../image/recipe';
import type { HeldText } from './heldText';

export interface GoneDocument {
  documentId: string;
  title: string;
  kind: 'text' | 'image';
  /** What its editor held when it went (null: an image board, or nothing written). */
  held: HeldText | null;
}

/** The new document's title: the old one, marked, within the 200-character limit. */
export function recoveredTitle(title: string): string {
  const mark = ' (recovered)';
  return `${title.slice(0, 200 - mark.length)}${mark}`;
}

/** A short look at the kept text, so the writer knows what the buttons act on. */
function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}

interface Props {
  gone: GoneDocument;
  /** Where Save as a new document puts it: the project shown now (null: there is none left). */
  projectId: string | null;
  onClose(): void;
  /** Saved: the shell opens the new document. */
  onSaved(doc: DocumentInfo): void;
}

export function DocumentGoneDialog({ gone, projectId, onClose, onSaved }: Props) {
  const client = useClient();
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = gone.held && gone.held.text.trim() !== '' ? gone.held.text : null;

  async function copy() {
    setError(null);
    try {
      await copyText(text ?? '');
      setCopied(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function save() {
    setBusy(true);
    setError(null);
    try {
      // Every project may have gone with it: then the text gets a project of its own.
      const target = projectId ?? (await client.call('projects.create', { name: 'Recovered' })).id;
      const doc = await client.call('documents.create', { projectId: target, kind: 'text', title: recoveredTitle(gone.title), text: text ?? '' });
      onSaved(doc);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  // Discard comes last in the DOM (the dialog focuses its first button: Copy, which loses nothing)
  // and shows first, on the left.
  const footer = text ? (
    <>
      <Button icon={<Copy size={14} />} onClick={() => void copy()} disabled={busy} data-testid="document-gone-copy">
        Copy text
      </Button>
      <Button variant="primary" icon={<FilePlus size={14} />} onClick={() => void save()} disabled={busy} data-testid="document-gone-save">
        Save as a new document
      </Button>
      <Button variant={copied ? 'quiet' : 'danger'} className="document-gone-discard" onClick={onClose} disabled={busy} data-testid="document-gone-discard">
        {copied ? 'Close' : 'Discard text'}
      </Button>
    </>
  ) : (
    <Button variant="primary" autoFocus onClick={onClose} data-testid="document-gone-ok">
      OK
    </Button>
  );

  return (
    // Escape and the backdrop close it only when nothing would be lost by that.
    <Dialog title="Document deleted elsewhere" wide onClose={() => (!text || copied ? onClose() : undefined)} testId="document-gone" footer={footer}>
      <div className="dialog-message">
        <p data-testid="document-gone-message">
          {`'${gone.title}' was deleted for good in another window or tab, so it was closed here.`}
        </p>
        {text && (
          <>
            <p>
              {gone.held?.unsaved
                ? 'This window had changes to it that were not saved yet. Its text as shown here is kept until you choose what to do with it:'
                : 'Its text as this window showed it is kept until you choose what to do with it:'}
            </p>
            <blockquote className="document-gone-preview" data-testid="document-gone-preview" data-unsaved={String(gone.held?.unsaved ?? false)}>
              {preview(text)}
            </blockquote>
          </>
        )}
        {copied && (
          <p role="status" data-testid="document-gone-copied">
            Copied to the clipboard.
          </p>
        )}
      </div>
      <InlineError message={error} testId="document-gone-error" />
    </Dialog>
  );
}
