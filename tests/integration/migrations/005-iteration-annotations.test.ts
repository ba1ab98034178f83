// Migration 005 on a real version-4 database: versions keep their content and gain an empty star,
// note and tag list, which the store can then set.
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/store/connection';
import { openStore } from '../../../electron/store';
import { databaseAtVersion } from '../../support/database-at-version';

describe('migration 005-iteration-annotations', () => {
  it('adds star, note and tags to existing versions without changing them', () => {
    const { dir, db: v4 } = databaseAtVersion(4);
    expect(schemaVersion(v4)).toBe(4);
    v4.prepare(`INSERT INTO projects VALUES ('p', 'Novel', 1, 1, NULL)`).run();
    v4.prepare(`INSERT INTO documents VALUES ('d', 'p', 'text', 'Ch 1', 'i2', 1, 1, NULL)`).run();
    v4.prepare(`INSERT INTO artifacts VALUES ('a', 'inline', 'text/plain', 5, 'Hello', 1)`).run();
    v4.prepare(`INSERT INTO iterations VALUES ('i1', 'd', 'text', 'user', 'ok', NULL, 'a', 1, NULL)`).run();
    v4.prepare(`INSERT INTO iterations VALUES ('i2', 'd', 'text', 'model', 'ok', '{"seed":3}', 'a', 2, 9)`).run();
    v4.prepare(`INSERT INTO iteration_edges VALUES ('i1', 'i2')`).run();
    v4.close();

    const store = openStore(dir, { welcome: false });
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(5);
    expect(store.history.get('i2')).toMatchObject({ text: 'Hello', deletedAt: 9, recipe: { seed: 3 }, parentIds: ['i1'], starred: false, tags: [], note: null });
    const marked = store.history.annotate('i1', { starred: true, tags: ['keeper', 'draft 2'], note: 'The opening' });
    expect(marked).toMatchObject({ starred: true, tags: ['draft 2', 'keeper'], note: 'The opening', text: 'Hello' });
    expect(store.history.graph('d').iterations.map((i) => [i.id, i.starred, i.tags])).toEqual([
      ['i1', true, ['draft 2', 'keeper']],
      ['i2', false, []],
    ]);
    expect(store.history.annotate('i1', { tags: ['keeper'], note: '' })).toMatchObject({ tags: ['keeper'], note: null, starred: true });
    expect(() => store.db.prepare(`UPDATE iterations SET starred = 2 WHERE id = 'i1'`).run()).toThrow(/CHECK/);
    store.close();
  });
});
