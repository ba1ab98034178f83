// The notice shown when the open document was deleted for good, or moved to the trash (alone or
// with its project), in another window or tab, by another program (the atelier command line: the
// notice names it), or by this window while its editor had changes newer than the save made just
// before (trashCovered.ts): the shell has closed it and gone back to its
// project (or the first project). The text the editor held is kept here until the writer copies
// it, saves it as a new document, or discards it; Escape and the backdrop do not discard it, only
// the button that says so. Deleted: all its text is offered (saved or not, it is gone). Trashed:
// what was saved waits in the trash with the document, and only changes not saved yet are offered
// (a trashed document takes no save); Restore brings it back, puts them in it and reopens it.
// Also shown, with Restore, when the window is asked to open a document that is in the trash (alone
// or with its project): by Back/Forward, a search result, Compare's Open, a remembered view. And for
// text a closed editor could not save (kept in the browser's storage, keptTexts.ts) whose document
// went to the trash, or was deleted for good, before it could be.
//
// Test ids: document-gone (the dialog) / document-gone-message (data-how = deleted|trashed) /
//   document-gone-preview (data-unsaved) / document-gone-copy / document-gone-copied /
//   document-gone-save / document-gone-discard / document-gone-ok / document-gone-error /
//   document-gone-restore / document-gone-open-trash
import { Copy, FilePlus, RotateCcw, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { useClient } from '../../app/ClientContext';
import { errorMessage } from '../../app/errorMessage';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { InlineError } from '../../ui/InlineError';
import { copyText } from '../../ui/copyText';
import type { HeldText } from './heldText';

export interface GoneDocument {
  documentId: string;
  projectId: string;
  title: string;
  kind: 'text' | 'image';
  /** What its editor held when it went (null: an image board, or nothing written). */
  held: HeldText | null;
  /**
   * Set when it went to the trash instead: its project's name when the whole project went, else
   * null; `here`: by this window; `arrived`: it was in the trash (itself, or with its project) when
   * this window was asked to open it, so it did not open.
   */
  trashed?: { projectName: string | null; here?: true; arrived?: 'document' | 'project'; withProject?: true };
  /** Set for a text kept after its editor's closing save failed (keptTexts.ts): when it was kept. */
  keptAt?: number;
  /** Another program (the atelier command line) deleted or trashed it, not a window or tab. */
  outside?: true;
}

/** Where a change made elsewhere came from. */
const elsewhere = (outside: true | undefined) => (outside ? 'by another program (such as the atelier command line)' : 'in another window or tab');

/** What the notice says happened. */
export function goneMessage({ title, trashed, keptAt, outside }: Pick<GoneDocument, 'title' | 'trashed' | 'keptAt' | 'outside'>): string {
  if (keptAt !== undefined) {
    const went = !trashed ? 'it was deleted for good' : trashed.withProject ? 'it went to the trash with its project' : 'it went to the trash';
    return `Your last changes to '${title}' could not be saved when it was closed, and ${went} before they could be.`;
  }
  if (!trashed) return `'${title}' was deleted for good ${elsewhere(outside)}, so it was closed here.`;
  if (trashed.arrived === 'document') return `'${title}' is in the trash, so it did not open.`;
  if (trashed.arrived === 'project') return `'${title}' did not open: its project is in the trash.`;
  if (trashed.here) return trashed.projectName === null ? `'${title}' was moved to the trash.` : `Project '${trashed.projectName}' was moved to the trash, so '${title}' was closed.`;
  if (trashed.projectName === null) return `'${title}' was moved to the trash ${elsewhere(outside)}, so it was closed here.`;
  return `Project '${trashed.projectName}' was moved to the trash ${elsewhere(outside)}, so '${title}' was closed here.`;
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
  /** Saved as a new document, or restored: the shell opens it. */
  onSaved(doc: DocumentInfo): void;
  /** Trashed only: show the Trash page. */
  onOpenTrash?(): void;
}

export function DocumentGoneDialog({ gone, projectId, onClose, onSaved, onOpenTrash }: Props) {
  const client = useClient();
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The clipboard refused: the whole text is shown, selected, to copy by hand.
  const [byHand, setByHand] = useState(false);
  const trashed = gone.trashed;
  // A trashed document keeps what was saved: only what was not is in danger.
  const text = gone.held && gone.held.text.trim() !== '' && (!trashed || gone.held.unsaved) ? gone.held.text : null;

  async function copy() {
    setError(null);
    try {
      await copyText(text ?? '', 'the text below');
      setCopied(true);
    } catch (err) {
      setError(errorMessage(err));
      setByHand(true);
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

  /** Brings the document (and its project, as the host says) back from the trash, with the text not saved yet as its newest version. */
  async function restore() {
    setBusy(true);
    setError(null);
    try {
      let doc = await client.call('documents.get', { id: gone.documentId });
      if (doc.projectDeletedAt !== null) {
        await client.call('projects.restore', { id: doc.projectId });
        doc = await client.call('documents.get', { id: gone.documentId });
      }
      if (doc.deletedAt !== null) doc = await client.call('documents.restore', { id: gone.documentId });
      if (text !== null) {
        await client.call('history.commitText', { documentId: doc.id, parentIds: doc.headIterationId ? [doc.headIterationId] : [], text });
        doc = await client.call('documents.get', { id: doc.id });
      }
      onSaved(doc);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  const restoreButton = trashed && (
    <Button variant="primary" icon={<RotateCcw size={14} />} onClick={() => void restore()} disabled={busy} data-testid="document-gone-restore">
      Restore
    </Button>
  );
  // Discard comes last in the DOM (the dialog focuses its first button: Copy, which loses nothing)
  // and shows first, on the left.
  const footer = text ? (
    <>
      <Button icon={<Copy size={14} />} onClick={() => void copy()} disabled={busy} data-testid="document-gone-copy">
        Copy text
      </Button>
      <Button variant={trashed ? undefined : 'primary'} icon={<FilePlus size={14} />} onClick={() => void save()} disabled={busy} data-testid="document-gone-save">
        Save as a new document
      </Button>
      {restoreButton}
      <Button variant={copied ? 'quiet' : 'danger'} className="document-gone-discard" onClick={onClose} disabled={busy} data-testid="document-gone-discard">
        {copied ? 'Close' : 'Discard text'}
      </Button>
    </>
  ) : (
    <>
      {trashed && onOpenTrash && (
        <Button icon={<Trash2 size={14} />} onClick={onOpenTrash} disabled={busy} data-testid="document-gone-open-trash">
          Open the trash
        </Button>
      )}
      {restoreButton}
      <Button variant={trashed ? undefined : 'primary'} autoFocus onClick={onClose} disabled={busy} data-testid="document-gone-ok">
        OK
      </Button>
    </>
  );

  return (
    // Escape and the backdrop close it only when nothing would be lost by that.
    <Dialog
      title={gone.keptAt !== undefined ? 'Changes not saved' : trashed ? (trashed.arrived ? 'In the trash' : trashed.here ? 'Moved to the trash' : 'Moved to the trash elsewhere') : 'Document deleted elsewhere'}
      wide
      onClose={() => (!text || copied ? onClose() : undefined)}
      testId="document-gone"
      footer={footer}
    >
      <div className="dialog-message">
        <p data-testid="document-gone-message" data-how={trashed ? 'trashed' : 'deleted'}>{goneMessage(gone)}</p>
        {trashed && !text && (
          <p>
            {trashed.arrived
              ? 'It waits there with its versions. Restore brings it back and opens it.'
              : gone.kind === 'text'
                ? 'Everything written in it was saved: it waits in the trash with its versions.'
                : 'It waits in the trash with its versions.'}
          </p>
        )}
        {text && (
          <>
            <p>
              {trashed
                ? 'This window had changes to it that were not saved yet, and a document in the trash takes none. They are kept until you choose what to do with them (Restore puts them back in it):'
                : gone.held?.unsaved
                  ? 'This window had changes to it that were not saved yet. Its text as shown here is kept until you choose what to do with it:'
                  : 'Its text as this window showed it is kept until you choose what to do with it:'}
            </p>
            <blockquote className="document-gone-preview" data-testid="document-gone-preview" data-unsaved={String(gone.held?.unsaved ?? false)}>
              {preview(text)}
            </blockquote>
          </>
        )}
        {text && byHand && (
          <textarea
            className="document-gone-by-hand"
            readOnly
            value={text}
            aria-label="The whole text, to copy by hand"
            data-testid="document-gone-by-hand"
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
          />
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
