// The shell's side of a document that went elsewhere: deleted for good (documents.deleted), or
// moved to the trash alone (its info, kept fresh by projects.changed, says deletedAt) or with its
// project (the project drops out of the live list). Take what its editor held (editors register in
// `held`; one closed by its project leaving the list left its text there), close it (`onClosed`:
// back to its project, or the first project when that went too) and show DocumentGoneDialog until
// the writer has dealt with the text. It also offers what an editor still had unsaved when this
// window trashed its document itself (trashCovered.ts), and says why a document asked for (Back, a
// search result, a remembered view…) did not open when it is in the trash (`notOpened`). Text a
// closed editor could not save is kept in the browser's storage (keptTexts.ts): saved from there on
// start-up, after each reconnect, when its document is opened again and before a trash takes it;
// offered by the notice instead when its document went to the trash or was deleted meanwhile.
// Notices wait in line: one at a time. A change another program made (the event says `outside`)
// is named as such in the notice.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { DocumentInfo } from '../../../shared/contract';
import { useClient, useConnectionEpoch } from '../../app/ClientContext';
import { DocumentGoneDialog, type GoneDocument } from './DocumentGoneDialog';
import type { OpenTexts, TextHolder } from './heldText';
import { dropKept, keepText, readKept, type KeptText } from './keptTexts';
import { enqueueNotice } from './noticeQueue';
import { oneAtATime } from './oneAtATime';
import { saveKept, type KeptOutcome } from './saveKept';
import { useDocumentGone } from './useDocumentGone';

/** Puts a notice in line (noticeQueue.ts: one per document). */
const after = (g: GoneDocument) => (q: GoneDocument[]) => enqueueNotice(q, g);

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
  const client = useClient();
  const epoch = useConnectionEpoch();
  const [queue, setQueue] = useState<GoneDocument[]>([]);
  const gone = queue[0] ?? null;
  const show = (g: GoneDocument) => setQueue(after(g));
  const clientRef = useRef(client);
  clientRef.current = client;
  const texts = useMemo<OpenTexts>(() => {
    const editors = new Map<string, TextHolder>();
    const serial = oneAtATime('atelier.keptTexts');
    const show = (g: GoneDocument) => setQueue(after(g));
    const offerKept = (k: KeptText, out: Extract<KeptOutcome, { how: 'deleted' | 'trashed' }>) =>
      show({
        documentId: k.documentId,
        projectId: k.projectId,
        title: k.title,
        kind: 'text',
        held: { text: k.text, unsaved: true },
        trashed: out.how === 'trashed' ? { projectName: null, ...(out.doc.deletedAt === null ? { withProject: true as const } : {}) } : undefined,
        keptAt: k.keptAt,
      });
    return {
      held: editors,
      offerTrashed(documentId, projectName) {
        const holder = editors.get(documentId);
        const doc = holder?.doc?.();
        if (!holder || !doc) return;
        holder.taken = true;
        editors.delete(documentId);
        show({ documentId, projectId: doc.projectId, title: doc.title, kind: 'text', held: holder(), trashed: { projectName, here: true } });
      },
      keep: keepText,
      saveKept: (covers) =>
        serial(async () => {
          for (const k of readKept()) {
            if (!covers({ id: k.documentId, projectId: k.projectId })) continue;
            const out = await saveKept(clientRef.current, k);
            if (out.how === 'saved') dropKept(k.documentId, k.keptAt);
            else if (out.how === 'failed') return { title: k.title, why: out.why };
            else offerKept(k, out);
          }
          return null;
        }),
    };
  }, []);
  const held = texts.held;

  // Kept texts are saved once the host answers: on start-up and after each reconnect. What still fails stays kept.
  useEffect(() => {
    void texts.saveKept(() => true);
  }, [texts, epoch]);

  // Whether each project's latest projects.changed came from another program: read when its
  // document's info or the project list, reloaded by that event, shows the document trashed.
  const outsideProjects = useRef(new Map<string, boolean>());
  useEffect(() => client.on('projects.changed', (e) => void outsideProjects.current.set(e.id, e.outside === true)), [client]);

  /** Takes what its editor holds (or held as it closed) and closes it. */
  function close(doc: OpenDocument, kind: 'text' | 'image' | null, trashed: GoneDocument['trashed'] | undefined, outside: boolean) {
    const holder = held.get(doc.id);
    const text = holder?.() ?? null;
    if (holder) holder.taken = true;
    held.delete(doc.id);
    show({ documentId: doc.id, projectId: doc.projectId, title: doc.title, kind: kind ?? 'text', held: text, trashed, ...(outside ? { outside: true as const } : {}) });
    onClosed();
  }

  useDocumentGone(open?.id ?? null, (id, outside) => {
    // Read now: the editor unmounts with the close.
    if (open && open.id === id) close(open, open.kind, undefined, outside);
  });

  // Trashed, then deleted for good while its notice is up: the notice says so, and offers all its text.
  useDocumentGone(gone?.trashed ? gone.documentId : null, (_id, outside) =>
    setQueue(([g, ...rest]) => (g ? [{ ...g, trashed: undefined, outside: outside ? true : undefined }, ...rest] : rest)),
  );

  // The open document as last shown in its live project: what a project gone from the list had open.
  const shown = useRef<OpenDocument | null>(null);
  const handled = useRef<string | null>(null);
  const openId = open?.id ?? null;
  const trashedAt = open?.deletedAt ?? null;
  const loadedKind = open?.kind ?? null;
  // Opened again with a text kept from its last close: saved first, so the editor shows it as the newest version.
  useEffect(() => {
    if (openId !== null && readKept().some((k) => k.documentId === openId)) void texts.saveKept((d) => d.id === openId);
  }, [texts, openId]);
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
      close(open, open.kind, { projectName: null }, outsideProjects.current.get(open.projectId) === true);
    }
    // Not seen live in this window (a view remembered from before): nothing was open here to lose.
    else if (projectLive === false && last) close({ ...open, title: last.title }, last.kind, { projectName: last.projectName ?? '' }, outsideProjects.current.get(open.projectId) === true);
    // Runs when the document, its info's load, its trash state or its project's state change (the rest is read as it is then).
  }, [openId, loadedKind, trashedAt, projectLive]);

  /** The notice is done with: the next one shows; a kept text it offered is dealt with, so it goes from storage. */
  function done() {
    if (gone?.keptAt !== undefined) dropKept(gone.documentId, gone.keptAt);
    setQueue((q) => q.slice(1));
  }

  const dialog = gone && (
    <DocumentGoneDialog
      key={`${gone.documentId}:${gone.keptAt ?? ''}`}
      gone={gone}
      projectId={projectId}
      onClose={done}
      onSaved={(doc) => {
        done();
        onSaved(doc);
      }}
      onOpenTrash={() => {
        done();
        onOpenTrash();
      }}
    />
  );
  function notOpened(doc: DocumentInfo) {
    const arrived = doc.deletedAt !== null ? 'document' : 'project';
    show({ documentId: doc.id, projectId: doc.projectId, title: doc.title, kind: doc.kind, held: null, trashed: { projectName: null, arrived } });
  }

  return { texts, dialog, notOpened };
}
