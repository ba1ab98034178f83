// Migration 006 on a real version-5 database with generated versions in it: the search index is
// filled for the existing rows (words, recipe numbers, labels, notes, tags), and its triggers keep
// it current for new, noted, tagged and deleted versions.
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/store/connection';
import { openStore } from '../../../electron/store';
import { databaseAtVersion } from '../../support/database-at-version';

const textRecipe = JSON.stringify({ kind: 'text', model: { id: 'Tiny-GPT2' }, seed: 42, settings: { temperature: 1.2, topP: 0.9, seed: null }, device: { used: 'cpu' } });
const imageRecipe = JSON.stringify({ kind: 'image', model: { id: 'tiny-sd' }, seed: 7, width: 256, height: 256, settings: { prompt: 'a red lighthouse', cfg: 9.5, steps: 12, width: 64, height: 64, scheduler: 'euler-a', seed: 5 } });

describe('migration 006-search', () => {
  it('indexes existing versions and keeps the index current', () => {
    const { dir, db: v5 } = databaseAtVersion(5);
    expect(schemaVersion(v5)).toBe(5);
    v5.prepare(`INSERT INTO projects VALUES ('p', 'Novel', 1, 1, NULL)`).run();
    v5.prepare(`INSERT INTO documents VALUES ('d', 'p', 'text', 'Ch 1', 't1', 1, 1, NULL)`).run();
    v5.prepare(`INSERT INTO documents VALUES ('b', 'p', 'image', 'Board', NULL, 1, 1, NULL)`).run();
    v5.prepare(`INSERT INTO artifacts VALUES ('a1', 'inline', 'text/plain', 30, 'The keeper climbed the stairs', 1)`).run();
    v5.prepare(`INSERT INTO artifacts VALUES ('a2', 'file', 'image/png', 100, NULL, 1)`).run();
    v5.prepare(`INSERT INTO iterations VALUES ('t1', 'd', 'text', 'model', 'ok', ?, 'a1', 10, NULL, 0, 'seagull notes')`).run(textRecipe);
    v5.prepare(`INSERT INTO iterations VALUES ('i1', 'b', 'image', 'model', 'ok', ?, 'a2', 20, NULL, 1, NULL)`).run(imageRecipe);
    v5.prepare(`INSERT INTO iterations VALUES ('u1', 'd', 'text', 'user', 'ok', NULL, 'a1', 30, NULL, 0, NULL)`).run();
    v5.prepare(`INSERT INTO iterations VALUES ('bad', 'd', 'text', 'user', 'ok', 'not json', 'a1', 40, NULL, 0, NULL)`).run();
    v5.prepare(`INSERT INTO iteration_tags VALUES ('i1', 'keeper')`).run();
    v5.close();

    const store = openStore(dir, { welcome: false });
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(6);
    const ids = (q: string) => store.search.query(q).results.map((r) => r.iterationId).sort();
    expect(ids('keeper')).toEqual(['bad', 'i1', 't1', 'u1']);
    expect(ids('lighthouse')).toEqual(['i1']);
    expect(ids('seagull')).toEqual(['t1']);
    expect(ids('cfg > 9')).toEqual(['i1']);
    expect(ids('width = 256')).toEqual(['i1']); // the image's real size wins over the setting
    expect(ids('width = 64')).toEqual([]);
    expect(ids('seed = 42')).toEqual(['t1']);
    expect(ids('seed = 5')).toEqual([]); // the seed used, not the seed setting
    expect(ids('temperature >= 1.1 model:tiny-gpt2')).toEqual(['t1']);
    expect(ids('scheduler:euler-a tag:keeper is:starred')).toEqual(['i1']);

    // Triggers: a new version, a note, a tag, a deletion.
    store.db.prepare(`INSERT INTO iterations (id, document_id, kind, source, status, recipe_json, artifact_id, created_at) VALUES ('t2', 'd', 'text', 'model', 'ok', ?, 'a1', 50)`).run(textRecipe);
    expect(ids('seed = 42')).toEqual(['t1', 't2']);
    store.history.annotate('t2', { note: 'albatross', tags: ['gull'] });
    expect(ids('albatross gull')).toEqual(['t2']);
    store.history.annotate('t2', { note: null, tags: [] });
    expect(ids('albatross')).toEqual([]);
    store.db.prepare(`DELETE FROM iterations WHERE id = 'bad'`).run();
    expect(ids('keeper')).toEqual(['i1', 't1', 't2', 'u1']);
    expect(store.db.prepare(`SELECT count(*) FROM search_params WHERE n NOT IN (SELECT n FROM search_rows)`).pluck().get()).toBe(0);
    expect(store.db.prepare(`SELECT count(*) FROM search_rows WHERE iteration_id = 'bad'`).pluck().get()).toBe(0);
    store.close();
  });
});
