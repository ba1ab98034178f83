// What another process does to this data folder (`atelier generate`, `atelier history commit` or
// `checkout` from a terminal while the app or `atelier serve` is open) is announced like the host's
// own: SQLite's data_version moves only when another connection commits, so a cheap look every
// second finds it. The rows past the last one seen say which documents grew; documents whose head
// is not the one this process last knew had it moved (checked out) elsewhere. Both carry
// `outside: true`, so a writer is told where the change came from. Projects and documents trashed,
// restored or deleted for good there are announced first, as the handlers do (outside-trash.ts),
// then single versions moved into or out of a document's trash there (outside-versions.ts).
import type { DeletedDocument, Events } from '../../shared/contract';
import type { Store } from '../store';
import type { EventBus } from './events';
import { watchOutsideTrash } from './outside-trash';
import { watchOutsideVersionTrash } from './outside-versions';

const EVERY_MS = 1000;

export function announceOutsideWrites(store: Store, bus: EventBus, everyMs = EVERY_MS): () => void {
  const version = store.db.prepare('PRAGMA data_version').pluck();
  const lastRow = store.db.prepare('SELECT coalesce(max(rowid), 0) FROM iterations').pluck();
  const since = store.db.prepare('SELECT rowid AS row, id, document_id AS documentId FROM iterations WHERE rowid > ? ORDER BY rowid');
  const allHeads = store.db.prepare('SELECT id, head_iteration_id AS head FROM documents');
  const headOf = store.db.prepare('SELECT head_iteration_id FROM documents WHERE id = ?').pluck();
  let seen = version.get() as number;
  let last = lastRow.get() as number;
  // Each document's head as this process last knew it: read once, then kept by every change
  // announced here (this process's own, and the outside ones below), so only others' moves differ.
  const heads = new Map<string, string | null>();
  for (const d of allHeads.all() as { id: string; head: string | null }[]) heads.set(d.id, d.head);
  const trash = watchOutsideTrash(store, bus);
  const versionTrash = watchOutsideVersionTrash(store, bus);
  const off = bus.subscribe((event, data) => {
    if (event === 'documents.deleted') heads.delete((data as DeletedDocument).documentId);
    if (event !== 'history.changed') return;
    const { documentId } = data as Events['history.changed'];
    heads.set(documentId, (headOf.get(documentId) as string | null | undefined) ?? null);
  });
  const look = () => {
    // The last row before the version: a commit in between moves the version, and is looked at.
    const top = lastRow.get() as number;
    const now = version.get() as number;
    if (now === seen) {
      // Only this process wrote: its own announcements went out already.
      last = top;
      return;
    }
    seen = now;
    trash.look();
    versionTrash.look();
    // Rows deleted for good at the top free their rowids for the next versions: look from there.
    if (top < last) last = top;
    const rows = since.all(last) as { row: number; id: string; documentId: string }[];
    const byDocument = new Map<string, string[]>();
    for (const r of rows) {
      byDocument.set(r.documentId, [...(byDocument.get(r.documentId) ?? []), r.id]);
      last = Math.max(last, r.row);
    }
    const moved: [string, string][] = [];
    for (const d of allHeads.all() as { id: string; head: string | null }[]) {
      if ((heads.get(d.id) ?? null) === d.head) continue;
      heads.set(d.id, d.head);
      // A document that grew is announced as such (its refresh reads the head too).
      if (d.head && !byDocument.has(d.id)) moved.push([d.id, d.head]);
    }
    for (const [documentId, iterationIds] of byDocument) bus.emit('history.changed', { documentId, iterationIds, change: 'added', outside: true });
    for (const [documentId, head] of moved) bus.emit('history.changed', { documentId, iterationIds: [head], change: 'head', outside: true });
  };
  const timer = setInterval(() => {
    try {
      look();
    } catch {
      // A busy or closing database: the next look tries again.
    }
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    off();
    trash.off();
    versionTrash.off();
  };
}
