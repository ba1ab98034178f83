// The shell's side of a document that went elsewhere: deleted for good (documents.deleted), or
// moved to the trash alone (its info, kept fresh by projects.changed, says deletedAt) or with its
// project (the project drops out of the live list). Take what its editor held (editors register in
// `held`; one closed by its project leaving the list left its text there), close it (`onClosed`:
// back to its project, or the first project when that went too) and show DocumentGoneDialog until
// the writer has dealt with the text. It also offers what an editor still had unsaved when this
// window trashed its document itself (trashCovered.ts), and says why a document asked for (Back, a
// search result, a remembered view…) did not open when it is in the trash (`notOpened`).
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { DocumentGoneDialog, type GoneDocument } from './DocumentGoneDialog';
import type { OpenTexts, TextHolder } from './heldText';
import { useDocumentGone } from './useDocumentGone';

export interface OpenDocument {
  id: string;
  title: string;
  kind: 'text' | 'image' | null;
  projectId: string;
  /** Its project's name while it is live (null: not known). */
  projectName: string | null;
  /** From its info as loaded now (null: live, or not loaded). */
  deletedAt: number | null;
}

interface Options {
  /** The document the window has open (null: none), also while its project has just left the list. */
  open: OpenDocument | null;
  /** Whether the open document's project is in the live list (null: the list is not loaded). */
  projectLive: boolean | null;
  /** The project a saved copy goes to, as shown after the close (null: none left). */
  projectId: string | null;
  onClosed(): void;
  /** The text was saved as a new document, or the document restored: open it. */
  onSaved(doc: DocumentInfo): void;
  onOpenTrash(): void;
}

interface DeletedElsewhere {
  texts: OpenTexts;
  dialog: ReactNode;
  /** The window was asked to open `doc` while it (or its project) is in the trash: the notice says so, with Restore. */
  notOpened(doc: DocumentInfo): void;
}

export function useDeletedElsewhere({ open, projectLive, projectId, onClosed, onSaved, onOpenTrash }: Options): DeletedElsewhere {
  const [gone, setGone] = useState<GoneDocument | null>(null);
  const texts = useMemo<OpenTexts>(() => {
    const editors = new Map<string, TextHolder>();
    return {
      held: editors,
      offerTrashed(documentId, projectName) {
        const holder = editors.get(documentId);
        const doc = holder?.doc?.();
        if (!holder || !doc) return;
        editors.delete(documentId);
        setGone({ documentId, projectId: doc.projectId, title: doc.title, kind: 'text', held: holder(), trashed: { projectName, here: true } });
      },
    };
  }, []);
  const held = texts.held;

  /** Takes what its editor holds (or held as it closed) and closes it. */
  function close(doc: OpenDocument, kind: 'text' | 'image' | null, trashed?: GoneDocument['trashed']) {
    const text = held.get(doc.id)?.() ?? null;
    held.delete(doc.id);
    setGone({ documentId: doc.id, projectId: doc.projectId, title: doc.title, kind: kind ?? 'text', held: text, trashed });
    onClosed();
  }

  useDocumentGone(open?.id ?? null, (id) => {
    // Read now: the editor unmounts with the close.
    if (open && open.id === id) close(open, open.kind);
  });

  // Trashed, then deleted for good while its notice is up: the notice says so, and offers all its text.
  useDocumentGone(gone?.trashed ? gone.documentId : null, () => setGone((g) => g && { ...g, trashed: undefined }));

  // The open document as last shown in its live project: what a project gone from the list had open.
  const shown = useRef<OpenDocument | null>(null);
  const handled = useRef<string | null>(null);
  const openId = open?.id ?? null;
  const trashedAt = open?.deletedAt ?? null;
  const loadedKind = open?.kind ?? null;
  useEffect(() => {
    if (!open) {
      shown.current = null;
      return;
    }
    // Seen live once its info has loaded (kind): arriving (Back, a reload) at one trashed before is no news.
    if (projectLive && trashedAt === null) {
      if (open.kind !== null) shown.current = open;
      return;
    }
    const last = shown.current?.id === open.id ? shown.current : null;
    if (trashedAt !== null && last) {
      // Reopened after a Restore, its info may show the old trash time until it loads again.
      const mark = `${open.id}:${trashedAt}`;
      if (handled.current === mark) return;
      handled.current = mark;
      close(open, open.kind, { projectName: null });
    }
    // Not seen live in this window (a view remembered from before): nothing was open here to lose.
    else if (projectLive === false && last) close({ ...open, title: last.title }, last.kind, { projectName: last.projectName ?? '' });
    // Runs when the document, its info's load, its trash state or its project's state change (the rest is read as it is then).
  }, [openId, loadedKind, trashedAt, projectLive]);

  const dialog = gone && (
    <DocumentGoneDialog
      gone={gone}
      projectId={projectId}
      onClose={() => setGone(null)}
      onSaved={(doc) => {
        setGone(null);
        onSaved(doc);
      }}
      onOpenTrash={() => {
        setGone(null);
        onOpenTrash();
      }}
    />
  );
  function notOpened(doc: DocumentInfo) {
    const arrived = doc.deletedAt !== null ? 'document' : 'project';
    setGone({ documentId: doc.id, projectId: doc.projectId, title: doc.title, kind: doc.kind, held: null, trashed: { projectName: null, arrived } });
  }

  return { texts, dialog, notOpened };
}
