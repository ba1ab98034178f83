// Schema v11: what an image board's prompt panel opens with before anyone has typed in it (the
// Welcome board's ready prompt and model), as JSON beside the document. Null for every document
// made before, and for every board the user makes.
import type { Database } from 'better-sqlite3';

export const version = 11;

export function up(db: Database): void {
  db.exec(`ALTER TABLE documents ADD COLUMN starter_json TEXT;`);
}
