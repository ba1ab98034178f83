// Migration 002 on a real version-1 database with rows in it: the rows survive, the new table
// works and enforces its key.
import { describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion } from '../../../electron/store/connection';
import { migrations } from '../../../electron/store/migrations';
import { databaseAtVersion } from '../../support/database-at-version';

describe('migration 002-iteration-tokens', () => {
  it('migrates a version-1 file with its rows intact', () => {
    const { file, db: v1 } = databaseAtVersion(1);
    v1.prepare(`INSERT INTO projects VALUES ('p', 'Novel', 1, 1, NULL)`).run();
    v1.prepare(`INSERT INTO documents VALUES ('d', 'p', 'text', 'Ch 1', 'i', 1, 1, NULL)`).run();
    v1.prepare(`INSERT INTO artifacts VALUES ('a', 'inline', 'text/plain', 5, 'Hello', 1)`).run();
    v1.prepare(`INSERT INTO iterations VALUES ('i', 'd', 'text', 'model', 'ok', '{"seed":1}', 'a', 1)`).run();
    v1.close();

    const v2 = openDatabase(file, migrations.slice(0, 2));
    expect(schemaVersion(v2)).toBe(2);
    expect(v2.prepare('SELECT i.recipe_json, a.text FROM iterations i JOIN artifacts a ON a.id = i.artifact_id').get()).toEqual({
      recipe_json: '{"seed":1}',
      text: 'Hello',
    });
    v2.prepare(`INSERT INTO iteration_tokens VALUES ('i', 0, '[]')`).run();
    expect(() => v2.prepare(`INSERT INTO iteration_tokens VALUES ('missing', 0, '[]')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => v2.prepare(`INSERT INTO iteration_tokens VALUES ('i', 0, '[]')`).run()).toThrow(/UNIQUE|PRIMARY/);
    v2.close();
  });
});
