// Migration 007 on a real version-6 database: versions and their search index survive, and the
// grid and reproduction tables exist and work with the existing rows.
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/store/connection';
import { openStore } from '../../../electron/store';
import { databaseAtVersion } from '../../support/database-at-version';

describe('migration 007-grids-reproductions', () => {
  it('adds grids and reproductions beside the existing versions', () => {
    const { dir, db: v6 } = databaseAtVersion(6);
    expect(schemaVersion(v6)).toBe(6);
    v6.prepare(`INSERT INTO projects VALUES ('p', 'Novel', 1, 1, NULL)`).run();
    v6.prepare(`INSERT INTO documents VALUES ('d', 'p', 'text', 'Ch 1', 'i1', 1, 1, NULL)`).run();
    v6.prepare(`INSERT INTO artifacts VALUES ('a', 'inline', 'text/plain', 5, 'Hello there', 1)`).run();
    v6.prepare(`INSERT INTO iterations VALUES ('i1', 'd', 'text', 'model', 'ok', '{"seed":1}', 'a', 1, NULL, 0, NULL)`).run();
    v6.prepare(`INSERT INTO iterations VALUES ('i2', 'd', 'text', 'model', 'ok', '{"seed":1}', 'a', 2, NULL, 0, NULL)`).run();
    v6.prepare(`INSERT INTO jobs (id, kind, status, position, payload_json, result_json, created_at) VALUES ('j', 'generate-text', 'done', 1, '{}', '{"iterationIds":["i2"]}', 1)`).run();
    v6.close();

    const store = openStore(dir, { welcome: false });
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(7);
    expect(store.search.query('hello').results.map((r) => r.iterationId).sort()).toEqual(['i1', 'i2']);
    const axes = { x: { field: 'seed', values: [1, 2], labels: ['seed 1', 'seed 2'], search: null }, y: null };
    const id = store.grids.create({ documentId: 'd', kind: 'text', name: 'Seeds', spec: { kind: 'text' }, axes, cells: [{ x: 0, y: 0 }, { x: 1, y: 0 }] });
    store.grids.setCellJob(id, 0, 0, 'j');
    // The finished job's version fills the cell when the grid is read.
    const grid = store.grids.get(id);
    expect(grid.cells).toEqual([
      { x: 0, y: 0, jobId: 'j', iterationId: 'i2', status: 'done', error: null },
      { x: 1, y: 0, jobId: null, iterationId: null, status: 'missing', error: null },
    ]);
    expect(store.grids.list('d')).toEqual([{ id, documentId: 'd', kind: 'text', name: 'Seeds', createdAt: grid.createdAt, count: 2, done: 1 }]);
    const rep = store.reproductions.add({ iterationId: 'i2', originalId: 'i1', outcome: 'identical', reasons: [], hashKind: 'text', originalHash: 'h', newHash: 'h' });
    expect(store.reproductions.of('i1')).toEqual([rep]);
    expect(() => store.db.prepare(`INSERT INTO reproductions VALUES ('i1', 'i2', 'same', '[]', 'text', 'h', 'h', 1)`).run()).toThrow(/CHECK/);
    store.close();
  });
});
