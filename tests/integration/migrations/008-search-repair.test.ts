// Migration 008 on a real version-7 database whose search index has the pre-release layout (rows
// keyed by iteration id): the index is rebuilt from the versions, search and its triggers work; a
// version-7 database with the released layout keeps its index untouched.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../electron/store/connection';
import { migrations } from '../../../electron/store/migrations';
import { openStore } from '../../../electron/store';
import { tempDir } from '../../support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

const recipe = JSON.stringify({ kind: 'image', model: { id: 'tiny-sd' }, seed: 7, width: 64, height: 64, settings: { prompt: 'a red lighthouse', cfg: 9.5, steps: 12 } });

function v7(dir: string, preRelease: boolean) {
  const db = openDatabase(join(dir, 'atelier.db'), migrations.slice(0, 7));
  expect(schemaVersion(db)).toBe(7);
  db.prepare(`INSERT INTO projects VALUES ('p', 'Sea', 1, 1, NULL)`).run();
  db.prepare(`INSERT INTO documents VALUES ('b', 'p', 'image', 'Board', NULL, 1, 1, NULL)`).run();
  db.prepare(`INSERT INTO artifacts VALUES ('a', 'file', 'image/png', 100, NULL, 1)`).run();
  db.prepare(`INSERT INTO iterations VALUES ('i1', 'b', 'image', 'model', 'ok', ?, 'a', 1, NULL, 1, 'keeper of the light')`).run(recipe);
  if (preRelease) {
    // What the pre-release v6 left: the same tables keyed by iteration id, and its triggers.
    db.exec(`
      DROP TRIGGER search_iteration_added; DROP TRIGGER search_iteration_removed;
      DROP TABLE search_params; DROP TABLE search_labels;
      CREATE TABLE search_params (key TEXT NOT NULL, value REAL NOT NULL, iteration_id TEXT NOT NULL, PRIMARY KEY (key, value, iteration_id)) STRICT, WITHOUT ROWID;
      CREATE TABLE search_labels (key TEXT NOT NULL, value TEXT NOT NULL, iteration_id TEXT NOT NULL, PRIMARY KEY (key, value, iteration_id)) STRICT, WITHOUT ROWID;
      DROP INDEX iterations_trashed;
    `);
  }
  db.close();
}

describe('migration 008-search-repair', () => {
  it('rebuilds a pre-release search index from the versions', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    v7(t.dir, true);
    const store = openStore(t.dir, { welcome: false });
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(8);
    const ids = (q: string) => store.search.query(q).results.map((r) => r.iterationId);
    expect(ids('lighthouse cfg > 9 model:tiny-sd is:starred')).toEqual(['i1']);
    expect(ids('keeper')).toEqual(['i1']);
    store.db.prepare(`INSERT INTO iterations (id, document_id, kind, source, status, recipe_json, artifact_id, created_at) VALUES ('i2', 'b', 'image', 'model', 'ok', ?, 'a', 2)`).run(recipe);
    expect(ids('seed = 7')).toEqual(['i2', 'i1']);
    store.history.setTrashed('i2', true);
    expect(ids('is:trashed')).toEqual(['i2']);
    store.close();
  });

  it('leaves a released index as it is', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    v7(t.dir, false);
    const before = openDatabase(join(t.dir, 'atelier.db'), migrations.slice(0, 7));
    const rows = before.prepare('SELECT * FROM search_params ORDER BY key').all();
    before.close();
    const store = openStore(t.dir, { welcome: false });
    expect(store.db.prepare('SELECT * FROM search_params ORDER BY key').all()).toEqual(rows);
    expect(store.search.query('cfg = 9.5').results.map((r) => r.iterationId)).toEqual(['i1']);
    store.close();
  });
});
