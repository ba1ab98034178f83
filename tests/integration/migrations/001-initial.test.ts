// Migration 001 from an empty file: tables exist, are STRICT, and enforce their keys.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase as openLatest, schemaVersion } from '../../../electron/store/connection';
import { migrations } from '../../../electron/store/migrations';
import { tempDir } from '../../support/tmp';

let cleanup = () => {};
// This file tests version 1 alone; later versions have their own files.
const openDatabase = (file: string) => openLatest(file, migrations.slice(0, 1));
afterEach(() => cleanup());

describe('migration 001-initial', () => {
  it('creates the schema in WAL mode with foreign keys on', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'a.db'));
    expect(schemaVersion(db)).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all();
    expect(tables).toEqual(
      ['artifacts', 'documents', 'iteration_edges', 'iterations', 'jobs', 'meta', 'projects'].map((name) => ({ name, strict: 1 })),
    );
    db.close();
  });

  it('rejects wrong types, dangling references and duplicate edges', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'a.db'));
    expect(() => db.prepare(`INSERT INTO projects VALUES ('p', 'n', 'not a number', 0, NULL)`).run()).toThrow(/cannot store TEXT/);
    expect(() => db.prepare(`INSERT INTO documents VALUES ('d', 'missing', 'text', 't', NULL, 0, 0, NULL)`).run()).toThrow(/FOREIGN KEY/);
    db.prepare(`INSERT INTO projects VALUES ('p', 'n', 0, 0, NULL)`).run();
    db.prepare(`INSERT INTO documents VALUES ('d', 'p', 'text', 't', NULL, 0, 0, NULL)`).run();
    db.prepare(`INSERT INTO artifacts VALUES ('a', 'inline', 'text/plain', 1, 'x', 0)`).run();
    for (const id of ['i1', 'i2']) db.prepare(`INSERT INTO iterations VALUES (?, 'd', 'text', 'user', 'ok', NULL, 'a', 0)`).run(id);
    db.prepare(`INSERT INTO iteration_edges VALUES ('i1', 'i2')`).run();
    expect(() => db.prepare(`INSERT INTO iteration_edges VALUES ('i1', 'i2')`).run()).toThrow(/UNIQUE/);
    expect(() => db.prepare(`INSERT INTO iteration_edges VALUES ('i1', 'i1')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO iterations VALUES ('i3', 'd', 'video', 'user', 'ok', NULL, 'a', 0)`).run()).toThrow(/CHECK/);
    db.close();
  });

  it('refuses a database from a newer schema and leaves its bytes untouched', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = join(t.dir, 'future.db');
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.exec('CREATE TABLE future_stuff (x INTEGER)');
    raw.close();
    const { readFileSync } = await import('node:fs');
    const before = readFileSync(file);
    expect(() => openLatest(file)).toThrow(/newer Atelier \(schema 99/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
