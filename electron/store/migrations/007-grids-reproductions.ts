// Schema v7: saved X/Y grids (the spec, the parsed axes, one row per cell with the job that makes
// it and the version it made) and reproductions (a re-run linked to the version it re-ran, with
// the outcome and the output hashes that decided it).
import type { Database } from 'better-sqlite3';

export const version = 7;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE grids (
      id TEXT PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES documents(id),
      kind TEXT NOT NULL CHECK (kind IN ('text', 'image')),
      name TEXT NOT NULL,
      spec_json TEXT NOT NULL,          -- the request as started (seed fixed)
      axes_json TEXT NOT NULL,          -- the parsed axes: field, values, labels
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX grids_by_document ON grids(document_id, created_at);

    CREATE TABLE grid_cells (
      grid_id TEXT NOT NULL REFERENCES grids(id),
      x INTEGER NOT NULL,
      y INTEGER NOT NULL,
      job_id TEXT,
      iteration_id TEXT REFERENCES iterations(id),
      PRIMARY KEY (grid_id, x, y)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX grid_cells_by_job ON grid_cells(job_id);
    CREATE INDEX grid_cells_by_iteration ON grid_cells(iteration_id);

    CREATE TABLE reproductions (
      iteration_id TEXT PRIMARY KEY REFERENCES iterations(id),   -- the re-run
      original_id TEXT NOT NULL REFERENCES iterations(id),
      outcome TEXT NOT NULL CHECK (outcome IN ('identical', 'differs')),
      reasons_json TEXT NOT NULL,       -- [{ code, message }]
      hash_kind TEXT NOT NULL,          -- what was hashed: 'text' or 'pixels'
      original_hash TEXT NOT NULL,
      new_hash TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX reproductions_by_original ON reproductions(original_id);
  `);
}
