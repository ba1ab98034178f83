// Schema v9: the journal of artifact files a committed deletion still has to remove. Deleting
// versions for good (emptying a trash, purging projects and documents) writes one row per file
// in the same transaction that deletes their rows, and removes the row once the file is gone; a
// crash in between leaves the row, so the next start finishes the removal instead of taking the
// file for an unexplained one and moving it to recovered/ (where its space never came back).
import type { Database } from 'better-sqlite3';

export const version = 9;

export function up(db: Database): void {
  db.exec(`CREATE TABLE artifact_removals (artifact_id TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;`);
}
