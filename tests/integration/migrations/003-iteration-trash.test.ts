// Migration 003 on a real version-2 database: versions survive with deleted_at NULL, and the
// store can trash and restore one.
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/store/connection';
import { openStore } from '../../../electron/store';
import { databaseAtVersion } from '../../support/database-at-version';

describe('migration 003-iteration-trash', () => {
  it('adds a trash mark to existing versions without changing them', () => {
    const { dir, db: v2 } = databaseAtVersion(2);
    v2.prepare(`INSERT INTO projects VALUES ('p', 'Novel', 1, 1, NULL)`).run();
    v2.prepare(`INSERT INTO documents VALUES ('d', 'p', 'text', 'Ch 1', 'i', 1, 1, NULL)`).run();
    v2.prepare(`INSERT INTO artifacts VALUES ('a', 'inline', 'text/plain', 5, 'Hello', 1)`).run();
    v2.prepare(`INSERT INTO iterations VALUES ('i', 'd', 'text', 'user', 'ok', NULL, 'a', 1)`).run();
    v2.pragma(`user_version = 2`);
    v2.close();

    const store = openStore(dir, { welcome: false });
    expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(3);
    expect(store.history.get('i')).toMatchObject({ text: 'Hello', deletedAt: null, source: 'user' });
    expect(store.history.setTrashed('i', true).deletedAt).toBeGreaterThan(0);
    expect(store.history.graph('d').iterations[0]?.deletedAt).toBeGreaterThan(0);
    expect(store.history.setTrashed('i', false).deletedAt).toBeNull();
    store.close();
  });
});
