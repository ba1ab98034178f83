// Versions another process added to this data folder (`atelier generate` from a terminal while the
// app or `atelier serve` is open) are announced like the host's own: SQLite's data_version moves
// only when another connection commits, so a cheap look every second finds them, and the rows
// past the last one seen say which documents grew. Changes other than new versions (the CLI makes
// none) are not looked for.
import type { Store } from '../store';
import type { EventBus } from './events';

const EVERY_MS = 1000;

export function announceOutsideWrites(store: Store, bus: EventBus, everyMs = EVERY_MS): () => void {
  const version = store.db.prepare('PRAGMA data_version').pluck();
  const lastRow = store.db.prepare('SELECT coalesce(max(rowid), 0) FROM iterations').pluck();
  const since = store.db.prepare('SELECT rowid AS row, id, document_id AS documentId FROM iterations WHERE rowid > ? ORDER BY rowid');
  let seen = version.get() as number;
  let last = lastRow.get() as number;
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
    const rows = since.all(last) as { row: number; id: string; documentId: string }[];
    const byDocument = new Map<string, string[]>();
    for (const r of rows) {
      byDocument.set(r.documentId, [...(byDocument.get(r.documentId) ?? []), r.id]);
      last = Math.max(last, r.row);
    }
    for (const [documentId, iterationIds] of byDocument) bus.emit('history.changed', { documentId, iterationIds, change: 'added', outside: true });
  };
  const timer = setInterval(() => {
    try {
      look();
    } catch {
      // A busy or closing database: the next look tries again.
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
