// Schema v2: per-token data of generated versions (the token texts, their probabilities and the
// alternatives the model considered), kept beside the immutable iteration.
import type { Database } from 'better-sqlite3';

export const version = 2;

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE iteration_tokens (
      iteration_id TEXT PRIMARY KEY REFERENCES iterations(id),
      start INTEGER NOT NULL,          -- offset in the text where the generated part begins
      tokens_json TEXT NOT NULL
    ) STRICT;
  `);
}
