// Schema v6: the history search index, kept by triggers so every way a version is written (or
// deleted, noted, tagged) keeps it right, and filled here for the versions that already exist.
//
// - search_rows: a stable integer per version (the FTS rowid; iterations' own rowid may change on
//   VACUUM because its key is TEXT).
// - search_fts: FTS5 over the prompt (image recipes), the text (text artifacts, first 100k chars),
//   the note and the tags. Contentless (the text lives in artifacts already) with delete support.
// - search_params: (key, value) for every number in the recipe — top level (seed, width…) and
//   settings (cfg, temperature…; the top-level value wins for a key in both) — so `cfg > 9` is a
//   range scan of one index.
// - search_labels: model id, scheduler and device, lower case, for `model:` style filters.
import type { Database } from 'better-sqlite3';

export const version = 6;

/** Text indexed per version; a longer text is indexed by its start. */
const MAX_INDEXED_CHARS = 100_000;

const valid = (col: string) => `CASE WHEN json_valid(${col}) THEN ${col} END`;
const extract = (path: string) => `json_extract(${valid('i.recipe_json')}, '${path}')`;
const typeOf = (path: string) => `json_type(${valid('i.recipe_json')}, '${path}')`;

/** FTS rows for the versions matching `where` (over `iterations i`). */
const ftsInsert = (where: string) => `
  INSERT INTO search_fts (rowid, prompt, output, notes, tags)
  SELECT r.n,
    CASE WHEN ${typeOf('$.settings.prompt')} = 'text' THEN ${extract('$.settings.prompt')} ELSE '' END,
    coalesce((SELECT substr(a.text, 1, ${MAX_INDEXED_CHARS}) FROM artifacts a WHERE a.id = i.artifact_id), ''),
    coalesce(i.note, ''),
    coalesce((SELECT group_concat(t.tag, ' ') FROM iteration_tags t WHERE t.iteration_id = i.id), '')
  FROM iterations i JOIN search_rows r ON r.iteration_id = i.id
  WHERE ${where};`;

const paramsInsert = (where: string) => `
  INSERT OR IGNORE INTO search_params (key, value, iteration_id)
  SELECT lower(j.key), j.value, i.id FROM iterations i, json_each(${valid('i.recipe_json')}) j
  WHERE ${where} AND j.key IS NOT NULL AND j.type IN ('integer', 'real')
  UNION ALL
  SELECT lower(s.key), s.value, i.id FROM iterations i, json_each(${valid('i.recipe_json')}, '$.settings') s
  WHERE ${where} AND ${typeOf('$.settings')} = 'object' AND s.type IN ('integer', 'real') AND s.key <> 'seed'
    AND json_type(i.recipe_json, '$."' || s.key || '"') IS NULL;`;

const labelsInsert = (where: string) => {
  const label = (key: string, path: string) =>
    `SELECT '${key}', lower(${extract(path)}), i.id FROM iterations i WHERE ${where} AND ${typeOf(path)} = 'text'`;
  return `
  INSERT OR IGNORE INTO search_labels (key, value, iteration_id)
  ${label('model', '$.model.id')}
  UNION ALL ${label('scheduler', '$.settings.scheduler')}
  UNION ALL ${label('device', '$.device.used')};`;
};

const refresh = (idExpr: string) => `
    DELETE FROM search_fts WHERE rowid = (SELECT n FROM search_rows WHERE iteration_id = ${idExpr});
    ${ftsInsert(`i.id = ${idExpr}`)}`;

export function up(db: Database): void {
  db.exec(`
    CREATE INDEX iterations_by_time ON iterations(created_at);

    CREATE TABLE search_rows (
      n INTEGER PRIMARY KEY,
      iteration_id TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE VIRTUAL TABLE search_fts USING fts5(
      prompt, output, notes, tags,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TABLE search_params (
      key TEXT NOT NULL,
      value REAL NOT NULL,
      iteration_id TEXT NOT NULL,
      PRIMARY KEY (key, value, iteration_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX search_params_by_iteration ON search_params(iteration_id);

    CREATE TABLE search_labels (
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      iteration_id TEXT NOT NULL,
      PRIMARY KEY (key, value, iteration_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX search_labels_by_iteration ON search_labels(iteration_id);

    CREATE TRIGGER search_iteration_added AFTER INSERT ON iterations BEGIN
      INSERT INTO search_rows (iteration_id) VALUES (NEW.id);
      ${ftsInsert('i.id = NEW.id')}
      ${paramsInsert('i.id = NEW.id')}
      ${labelsInsert('i.id = NEW.id')}
    END;

    CREATE TRIGGER search_iteration_removed AFTER DELETE ON iterations BEGIN
      DELETE FROM search_fts WHERE rowid = (SELECT n FROM search_rows WHERE iteration_id = OLD.id);
      DELETE FROM search_rows WHERE iteration_id = OLD.id;
      DELETE FROM search_params WHERE iteration_id = OLD.id;
      DELETE FROM search_labels WHERE iteration_id = OLD.id;
    END;

    CREATE TRIGGER search_note_changed AFTER UPDATE OF note ON iterations
    WHEN coalesce(OLD.note, '') <> coalesce(NEW.note, '') BEGIN
      ${refresh('NEW.id')}
    END;

    CREATE TRIGGER search_tag_added AFTER INSERT ON iteration_tags BEGIN
      ${refresh('NEW.iteration_id')}
    END;

    CREATE TRIGGER search_tag_removed AFTER DELETE ON iteration_tags BEGIN
      ${refresh('OLD.iteration_id')}
    END;

    INSERT INTO search_rows (iteration_id) SELECT id FROM iterations ORDER BY created_at, rowid;
    ${ftsInsert('1')}
    ${paramsInsert('1')}
    ${labelsInsert('1')}
  `);
}
