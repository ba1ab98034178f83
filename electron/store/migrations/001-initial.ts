// Schema v1: projects, documents, the iteration DAG, content-addressed artifacts and the job queue.
// Iterations and artifacts are immutable; edges live in their own table so a node can have many
// parents (merges) and many children (branches).
import type { Database } from 'better-sqlite3';

export const version = 1;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE projects (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted_at INTEGER
    ) STRICT;

    CREATE TABLE documents (
      id TEXT PRIMARY KEY,
      project_id TEXT NOT NULL REFERENCES projects(id),
      kind TEXT NOT NULL CHECK (kind IN ('text', 'image')),
      title TEXT NOT NULL,
      head_iteration_id TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted_at INTEGER
    ) STRICT;
    CREATE INDEX documents_by_project ON documents(project_id);

    CREATE TABLE artifacts (
      id TEXT PRIMARY KEY,              -- sha256 of the bytes (hex)
      storage TEXT NOT NULL CHECK (storage IN ('inline', 'file')),
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      text TEXT,                        -- inline text content
      created_at INTEGER NOT NULL,
      CHECK ((storage = 'inline') = (text IS NOT NULL))
    ) STRICT;

    CREATE TABLE iterations (
      id TEXT PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES documents(id),
      kind TEXT NOT NULL CHECK (kind IN ('text', 'image')),
      source TEXT NOT NULL CHECK (source IN ('user', 'model', 'mixed')),
      status TEXT NOT NULL CHECK (status IN ('ok', 'stopped', 'failed')),
      recipe_json TEXT,
      artifact_id TEXT NOT NULL REFERENCES artifacts(id),
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX iterations_by_document ON iterations(document_id, created_at);

    CREATE TABLE iteration_edges (
      parent_id TEXT NOT NULL REFERENCES iterations(id),
      child_id TEXT NOT NULL REFERENCES iterations(id),
      UNIQUE (parent_id, child_id),
      CHECK (parent_id <> child_id)
    ) STRICT;
    CREATE INDEX iteration_edges_by_child ON iteration_edges(child_id);

    CREATE TABLE jobs (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      position REAL NOT NULL,
      payload_json TEXT NOT NULL,
      progress_json TEXT,
      result_json TEXT,
      error_json TEXT,
      note TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER
    ) STRICT;
    CREATE INDEX jobs_by_status ON jobs(status, position);
  `);
}
