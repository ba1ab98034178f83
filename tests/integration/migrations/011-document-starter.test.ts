// Migration 011 on a real version-10 data folder whose Welcome project was seeded before the
// First images board existed (and the user made a board of their own): the folder opens with the
// seeding on, as the app opens it, keeps every row, and gets neither a second Welcome project nor
// the new board; documents made before have no starter.
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../electron/store/connection';
import { openStore } from '../../../electron/store';
import { databaseAtVersion } from '../../support/database-at-version';

const OLD_WELCOME = 'Welcome to Atelier.\n\nWhere to start: …';

function v10WithWelcome(): string {
  const { dir, db } = databaseAtVersion(10);
  expect(schemaVersion(db)).toBe(10);
  db.prepare(`INSERT INTO projects VALUES ('w', 'Welcome', 1, 1, NULL)`).run();
  db.prepare(`INSERT INTO documents VALUES ('s', 'w', 'text', 'Start here', 'i1', 1, 1, NULL)`).run();
  db.prepare(`INSERT INTO documents VALUES ('b', 'w', 'image', 'My board', NULL, 2, 2, NULL)`).run();
  db.prepare(`INSERT INTO artifacts VALUES ('a1', 'inline', 'text/plain', ?, ?, 1)`).run(OLD_WELCOME.length, OLD_WELCOME);
  db.prepare(`INSERT INTO iterations VALUES ('i1', 's', 'text', 'user', 'ok', NULL, 'a1', 1, NULL, 0, NULL)`).run();
  db.prepare(`INSERT INTO meta (key, value) VALUES ('welcome_seeded', '1')`).run();
  db.close();
  return dir;
}

describe('migration 011-document-starter', () => {
  it('opens a folder seeded before the board without adding it or a second Welcome project', () => {
    const dir = v10WithWelcome();
    for (const _start of [1, 2]) {
      const store = openStore(dir);
      expect(schemaVersion(store.db)).toBeGreaterThanOrEqual(11);
      expect(store.projects.list().map((p) => [p.id, p.name, p.documentCount])).toEqual([['w', 'Welcome', 2]]);
      expect(store.documents.list('w').map((d) => [d.id, d.title, d.kind, d.starter])).toEqual([
        ['s', 'Start here', 'text', null],
        ['b', 'My board', 'image', null],
      ]);
      expect(store.history.get('i1').text).toBe(OLD_WELCOME);
      store.close();
    }
  });

  it('reads a starter only in its own shape: a hand-edited row opens as none', () => {
    const dir = v10WithWelcome();
    const store = openStore(dir);
    store.documents.setStarter('b', { prompt: 'a navy coat', model: 'starter-gan' });
    expect(store.documents.get('b').starter).toEqual({ prompt: 'a navy coat', model: 'starter-gan' });
    for (const junk of ['not json', '{"prompt":3,"model":"starter-gan"}', 'null']) {
      store.db.prepare(`UPDATE documents SET starter_json = ? WHERE id = 'b'`).run(junk);
      expect(store.documents.get('b').starter).toBeNull();
    }
    store.close();
  });
});
