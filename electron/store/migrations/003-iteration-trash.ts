// Schema v3: a version can be moved to the trash (and restored) without touching its content.
import type { Database } from 'better-sqlite3';

export const version = 3;

export function up(db: Database): void {
  db.exec(`ALTER TABLE iterations ADD COLUMN deleted_at INTEGER;`);
}
