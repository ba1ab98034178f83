// Schema v6: the history search index, kept by triggers so every way a version is written (or
// deleted, noted, tagged) keeps it right, and filled here for the versions that already exist.
//
// - search_rows: a stable integer per version (the FTS rowid; iterations' own rowid may change on
//   VACUUM because its key is TEXT).
// - search_fts: FTS5 over the prompt (image recipes), the text (text artifacts, first 100k chars),
//   the note and the tags. Contentless (the text lives in artifacts already) with delete support.
// - search_params: (key, value, row) for every number in the recipe — top level (seed, width…) and
//   settings (cfg, temperature…; the top level's seed, width and height win over the settings') —
//   so `cfg > 9` is a range scan of one index.
// - search_labels: model id, scheduler and device, lower case, for `model:` style filters.
import type { Database } from 'better-sqlite3';

export const version = 6;

/** Text indexed per version; a longer text is indexed by its start. */
const MAX_INDEXED_CHARS = 100_000;

const recipe = (col: string) => `CASE WHEN json_valid(${col}) THEN ${col} END`;

/** FTS rows for the versions matching `where` (over `iterations i`). */
const ftsInsert = (where: string) => `
  INSERT INTO search_fts (rowid, prompt, output, notes, tags)
  SELECT r.n,
    coalesce((SELECT p.value FROM json_tree(${recipe('i.recipe_json')}) p WHERE p.fullkey = '$.settings.prompt' AND p.type = 'text'), ''),
    coalesce((SELECT substr(a.text, 1, ${MAX_INDEXED_CHARS}) FROM artifacts a WHERE a.id = i.artifact_id), ''),
    coalesce(i.note, ''),
    coalesce((SELECT group_concat(t.tag, ' ') FROM iteration_tags t WHERE t.iteration_id = i.id), '')
  FROM iterations i JOIN search_rows r ON r.iteration_id = i.id
  WHERE ${where};`;

/**
 * Numbers at the top level and in settings, in one walk of the recipe. The top level's seed,
 * width and height (what was used / made) win over the settings' (what was asked for).
 */
const paramsInsert = (where: string) => `
  INSERT OR IGNORE INTO search_params (key, value, n)
  SELECT lower(j.key), j.value, r.n FROM iterations i JOIN search_rows r ON r.iteration_id = i.id, json_tree(${recipe('i.recipe_json')}) j
  WHERE ${where} AND j.type IN ('integer', 'real') AND j.key IS NOT NULL
    AND (j.path = '$' OR (j.path = '$.settings' AND j.key NOT IN ('seed', 'width', 'height')));`;

const labelsInsert = (where: string) => `
  INSERT OR IGNORE INTO search_labels (key, value, n)
  SELECT CASE j.fullkey WHEN '$.model.id' THEN 'model' WHEN '$.settings.scheduler' THEN 'scheduler' ELSE 'device' END,
    lower(j.value), r.n
  FROM iterations i JOIN search_rows r ON r.iteration_id = i.id, json_tree(${recipe('i.recipe_json')}) j
  WHERE ${where} AND j.type = 'text' AND j.fullkey IN ('$.model.id', '$.settings.scheduler', '$.device.used');`;

const refresh = (idExpr: string) => `
    DELETE FROM search_fts WHERE rowid = (SELECT n FROM search_rows WHERE iteration_id = ${idExpr});
    ${ftsInsert(`i.id = ${idExpr}`)}`;

export function up(db: Database): void {
  db.exec(`
    CREATE INDEX iterations_by_time ON iterations(created_at);
    CREATE INDEX iterations_trashed ON iterations(deleted_at) WHERE deleted_at IS NOT NULL;

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
      n INTEGER NOT NULL,               -- search_rows.n
      PRIMARY KEY (key, value, n)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX search_params_by_row ON search_params(n);

    CREATE TABLE search_labels (
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (key, value, n)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX search_labels_by_row ON search_labels(n);

    CREATE TRIGGER search_iteration_added AFTER INSERT ON iterations BEGIN
      INSERT INTO search_rows (iteration_id) VALUES (NEW.id);
      ${ftsInsert('i.id = NEW.id')}
      ${paramsInsert('i.id = NEW.id')}
      ${labelsInsert('i.id = NEW.id')}
    END;

    CREATE TRIGGER search_iteration_removed AFTER DELETE ON iterations BEGIN
      DELETE FROM search_fts WHERE rowid = (SELECT n FROM search_rows WHERE iteration_id = OLD.id);
      DELETE FROM search_params WHERE n = (SELECT n FROM search_rows WHERE iteration_id = OLD.id);
      DELETE FROM search_labels WHERE n = (SELECT n FROM search_rows WHERE iteration_id = OLD.id);
      DELETE FROM search_rows WHERE iteration_id = OLD.id;
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
