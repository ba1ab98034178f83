// Schema v4: the model library. Imported models (copied into <data>/models/<id> or referenced in
// place) with the sha256 of every file and the last preflight; starter models stay in resources/.
import type { Database } from 'better-sqlite3';

export const version = 4;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE models (
      id TEXT PRIMARY KEY,              -- stable slug used in recipes
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('text', 'diffusion', 'gan', 'upscaler')),
      dir TEXT NOT NULL,                -- where the files are read from
      mode TEXT NOT NULL CHECK (mode IN ('copy', 'reference')),
      source_path TEXT NOT NULL,        -- the folder it was imported from
      files_json TEXT NOT NULL,         -- [{ path, size, sha256 }]
      size_bytes INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      deleted_at INTEGER,               -- in the trash since (restorable)
      preflight_json TEXT,              -- the last preflight result
      preflight_at INTEGER
    ) STRICT;
    CREATE INDEX models_live ON models(deleted_at, created_at);
  `);
}
