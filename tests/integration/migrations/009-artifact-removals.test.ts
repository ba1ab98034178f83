// Migration 009 on a real version-8 database: its versions and image rows survive, and the removals
// journal exists empty (a folder from before it has no interrupted deletion to finish), and a
// deletion for good on the migrated store journals and then clears its file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/store/connection';
import { openStore } from '../../../electron/store';
import { databaseAtVersion } from '../../support/database-at-version';

describe('migration 009-artifact-removals', () => {
  it('adds the empty journal beside the existing rows', () => {
    const { dir, db: v8 } = databaseAtVersion(8);
    expect(schemaVersion(v8)).toBe(8);
    const hash = 'ab'.repeat(32);
    v8.prepare(`INSERT INTO projects VALUES ('p', 'Atlas', 1, 1, NULL)`).run();
    v8.prepare(`INSERT INTO documents VALUES ('d', 'p', 'image', 'Board', 'i1', 1, 1, NULL)`).run();
    v8.prepare(`INSERT INTO artifacts VALUES (?, 'file', 'image/png', 4, NULL, 1)`).run(hash);
    v8.prepare(`INSERT INTO iterations VALUES ('i1', 'd', 'image', 'model', 'ok', '{}', ?, 1, NULL, 0, NULL)`).run(hash);
    v8.close();
    mkdirSync(join(dir, 'artifacts', 'ab'), { recursive: true });
    writeFileSync(join(dir, 'artifacts', 'ab', hash), 'png!');

    const store = openStore(dir, { welcome: false });
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(9);
    expect(store.db.prepare('SELECT count(*) FROM artifact_removals').pluck().get()).toBe(0);
    expect(store.history.get('i1').artifactId).toBe(hash);
    store.history.setTrashed('i1', true);
    expect(store.history.emptyTrash('d')).toMatchObject({ iterations: 1, files: 1 });
    expect(existsSync(join(dir, 'artifacts', 'ab', hash))).toBe(false);
    expect(store.db.prepare('SELECT count(*) FROM artifact_removals').pluck().get()).toBe(0);
    store.close();
  });
});
