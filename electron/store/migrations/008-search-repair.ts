// Schema v8: repairs a search index built by the pre-release layout of v6 (rows keyed by
// iteration id, per-key JSON extraction), which a few development data folders carry. Such a
// folder gets its search tables and triggers rebuilt exactly as v6 makes them now; any other
// folder is left as it is.
import type { Database } from 'better-sqlite3';
import * as m006 from './006-search';

export const version = 8;

export function up(db: Database): void {
  const preRelease = db.prepare(`SELECT 1 FROM pragma_table_info('search_params') WHERE name = 'iteration_id'`).get();
  if (!preRelease) return;
  db.exec(`
    DROP TRIGGER IF EXISTS search_iteration_added;
    DROP TRIGGER IF EXISTS search_iteration_removed;
    DROP TRIGGER IF EXISTS search_note_changed;
    DROP TRIGGER IF EXISTS search_tag_added;
    DROP TRIGGER IF EXISTS search_tag_removed;
    DROP TABLE IF EXISTS search_fts;
    DROP TABLE IF EXISTS search_params;
    DROP TABLE IF EXISTS search_labels;
    DROP TABLE IF EXISTS search_rows;
    DROP INDEX IF EXISTS iterations_by_time;
    DROP INDEX IF EXISTS iterations_trashed;
  `);
  m006.up(db);
}
