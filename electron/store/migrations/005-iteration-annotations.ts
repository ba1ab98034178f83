// Schema v5: what a person says about a version — a star, a note and tags. The version's content
// and recipe stay immutable; these are marks beside it.
import type { Database } from 'better-sqlite3';

export const version = 5;

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE iterations ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));
    ALTER TABLE iterations ADD COLUMN note TEXT;
    CREATE INDEX iterations_starred ON iterations(starred) WHERE starred = 1;

    CREATE TABLE iteration_tags (
      iteration_id TEXT NOT NULL REFERENCES iterations(id),
      tag TEXT NOT NULL,                -- trimmed, lower case
      PRIMARY KEY (iteration_id, tag)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX iteration_tags_by_tag ON iteration_tags(tag);
  `);
}
