// Schema v10: who wrote which characters of a text version (the editor's tints), kept beside the
// immutable iteration. Versions saved before this have no row: the editor rebuilds theirs from the
// history as it did before.
import type { Database } from 'better-sqlite3';

export const version = 10;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE iteration_spans (
      iteration_id TEXT PRIMARY KEY REFERENCES iterations(id),
      spans_json TEXT NOT NULL          -- [{from, to, kind, it?, first?, last?}], sorted
    ) STRICT;
  `);
}
