// Single versions another process moved into or out of a document's trash, or deleted for good
// there (`atelier trash empty`, a second app): announced with the history.changed an in-app
// history.trash / restore / emptyTrash sends (change 'trash'), marked `outside`, once per look, so a
// window showing that document's history updates. outside-writes.ts calls `look` after another
// connection committed, and after outside-trash.ts announced documents deleted for good (their
// versions went with them: documents.deleted says so, not this).
import type { DeletedDocument, Events } from '../../shared/contract';
import type { Store } from '../store';
import type { EventBus } from './events';

export interface VersionTrashWatch {
  look(): void;
  off(): void;
}

type Row = { id: string; documentId: string };

export function watchOutsideVersionTrash(store: Store, bus: EventBus): VersionTrashWatch {
  const allTrashed = store.db.prepare('SELECT id, document_id AS documentId FROM iterations WHERE deleted_at IS NOT NULL');
  const trashedOf = store.db.prepare('SELECT id FROM iterations WHERE document_id = ? AND deleted_at IS NOT NULL').pluck();
  const exists = store.db.prepare('SELECT 1 FROM documents WHERE id = ?').pluck();
  // Each document's trashed versions as this process last knew them.
  let known = byDocument(allTrashed.all() as Row[]);

  // This process's own version trash, restore and empty are announced by its handlers: what they
  // leave is taken as known, so a later look does not announce it again.
  const off = bus.subscribe((event, data) => {
    if (event === 'documents.deleted') known.delete((data as DeletedDocument).documentId);
    if (event !== 'history.changed' || (data as Events['history.changed']).change !== 'trash') return;
    const { documentId } = data as Events['history.changed'];
    const ids = trashedOf.all(documentId) as string[];
    if (ids.length) known.set(documentId, new Set(ids));
    else known.delete(documentId);
  });

  const look = () => {
    const now = byDocument(allTrashed.all() as Row[]);
    const changes: [string, string[]][] = [];
    for (const documentId of new Set([...known.keys(), ...now.keys()])) {
      const was = known.get(documentId) ?? new Set<string>();
      const is = now.get(documentId) ?? new Set<string>();
      const moved = [...[...is].filter((id) => !was.has(id)), ...[...was].filter((id) => !is.has(id))];
      // A document deleted for good took its versions: documents.deleted announced that.
      if (moved.length && exists.get(documentId)) changes.push([documentId, moved]);
    }
    known = now;
    for (const [documentId, iterationIds] of changes) bus.emit('history.changed', { documentId, iterationIds, change: 'trash', outside: true });
  };
  return { look, off };
}

function byDocument(rows: Row[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const r of rows) {
    const ids = map.get(r.documentId) ?? new Set<string>();
    ids.add(r.id);
    map.set(r.documentId, ids);
  }
  return map;
}
