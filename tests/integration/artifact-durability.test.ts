// What a crash can leave in the artifact folder, and how the store copes: a file is durable before
// its row commits, the writer holds the database write lock meanwhile (so another process's sweep
// waits instead of taking the file), and the start-up sweep deletes unfinished temp files and
// moves files without a row to recovered/ with their bytes intact.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/store';
import { sweepArtifacts } from '../../electron/store/artifact-sweep';
import { tempDir } from '../support/tmp';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image, but it starts like one')]);

let t = tempDir();
let stores: Store[] = [];
const open = () => {
  const s = openStore(t.dir, { welcome: false });
  stores.push(s);
  return s;
};
afterEach(() => {
  for (const s of stores) s.close();
  stores = [];
  t.cleanup();
  t = tempDir();
});

/** A second process's view: its own connection, with a short busy timeout. */
const otherConnection = () => {
  const db = new Database(join(t.dir, 'atelier.db'));
  db.pragma('busy_timeout = 50');
  return db;
};

describe('ArtifactsRepo.putFile', () => {
  it('has the file complete on disk before the row is visible to anyone else', () => {
    const store = open();
    const other = otherConnection();
    let seenInside: unknown = 'not checked';
    const id = store.db.transaction(() => {
      const id = store.artifacts.putFile(PNG, 'image/png');
      expect(readFileSync(store.artifacts.pathOf(id))).toEqual(PNG);
      seenInside = other.prepare('SELECT 1 FROM artifacts WHERE id = ?').get(id);
      return id;
    })();
    expect(seenInside).toBeUndefined();
    expect(other.prepare('SELECT size FROM artifacts WHERE id = ?').get(id)).toEqual({ size: PNG.byteLength });
    expect(id).toBe(sha(PNG));
    expect(readdirSync(join(t.dir, 'artifacts', id.slice(0, 2)))).toEqual([id]); // no temp file left
    other.close();
  });

  it('holds the write lock while the file is uncommitted, so a sweep elsewhere cannot take it', () => {
    const store = open();
    const other = otherConnection();
    store.db.transaction(() => {
      const id = store.artifacts.putFile(PNG, 'image/png');
      expect(() => sweepArtifacts(other, t.dir)).toThrow(/locked|busy/i);
      expect(existsSync(store.artifacts.pathOf(id))).toBe(true);
    })();
    expect(sweepArtifacts(other, t.dir)).toEqual({ tempFiles: 0, removed: 0, recovered: [], recoveredDir: null });
    expect(readFileSync(store.artifacts.pathOf(sha(PNG)))).toEqual(PNG);
    other.close();
  });

  it('takes the lock before it writes: a writer kept waiting leaves no file behind', () => {
    const store = open();
    store.db.pragma('busy_timeout = 50');
    const other = otherConnection();
    other.prepare('BEGIN IMMEDIATE').run(); // another process is writing (or sweeping)
    expect(() => store.artifacts.putFile(PNG, 'image/png')).toThrow(/locked|busy/i);
    expect(existsSync(store.artifacts.pathOf(sha(PNG)))).toBe(false);
    other.prepare('ROLLBACK').run();
    other.close();
  });

  it('writes the file again when a row exists but its file was lost', () => {
    const store = open();
    const id = store.artifacts.putFile(PNG, 'image/png');
    rmSync(store.artifacts.pathOf(id));
    expect(store.artifacts.putFile(PNG, 'image/png')).toBe(id);
    expect(readFileSync(store.artifacts.pathOf(id))).toEqual(PNG);
  });
});

describe('ArtifactsRepo.unlinkFiles', () => {
  it('keeps a file whose row came back before the unlink ran', () => {
    const store = open();
    const id = store.artifacts.putFile(PNG, 'image/png');
    const path = store.artifacts.pathOf(id);
    store.artifacts.unlinkFiles([path]);
    expect(existsSync(path)).toBe(true);
    store.db.prepare('DELETE FROM artifacts WHERE id = ?').run(id);
    store.artifacts.unlinkFiles([path]);
    expect(existsSync(path)).toBe(false);
  });
});

describe('sweepArtifacts', () => {
  it('deletes temp files, moves files without a row to recovered/, keeps the rest', () => {
    const store = open();
    const kept = store.artifacts.putFile(PNG, 'image/png');
    // A file whose transaction never committed (the process died, or it rolled back).
    const other = Buffer.from('plain bytes of a lost save');
    expect(() =>
      store.db.transaction(() => {
        store.artifacts.putFile(other, 'application/octet-stream');
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    const lostId = sha(other);
    const lostPath = store.artifacts.pathOf(lostId);
    expect(existsSync(lostPath)).toBe(true);
    expect(store.db.prepare('SELECT 1 FROM artifacts WHERE id = ?').get(lostId)).toBeUndefined();
    // An unfinished write, a PNG-looking orphan and something a person dropped in the folder.
    const orphanPng = Buffer.concat([PNG, Buffer.from('2')]);
    const orphanId = sha(orphanPng);
    mkdirSync(join(t.dir, 'artifacts', orphanId.slice(0, 2)), { recursive: true });
    writeFileSync(join(t.dir, 'artifacts', orphanId.slice(0, 2), orphanId), orphanPng);
    writeFileSync(join(t.dir, 'artifacts', kept.slice(0, 2), `${kept}.abc123.tmp`), PNG.subarray(0, 5));
    writeFileSync(join(t.dir, 'artifacts', 'notes.txt'), 'mine');

    const r = sweepArtifacts(store.db, t.dir, new Date('2026-11-28T13:52:07.123Z'));
    const dir = join(t.dir, 'recovered', '2026-11-28T13-52-07Z');
    expect(r.tempFiles).toBe(1);
    expect(r.recoveredDir).toBe(dir);
    expect(readdirSync(dir).sort()).toEqual([lostId, `${orphanId}.png`, 'notes.txt'].sort());
    expect(readFileSync(join(dir, lostId))).toEqual(other);
    expect(readFileSync(join(dir, `${orphanId}.png`))).toEqual(orphanPng);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    // What is left in artifacts/ is exactly the files with rows.
    const left = readdirSync(join(t.dir, 'artifacts'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    expect(left).toEqual([kept]);
    expect(readFileSync(store.artifacts.pathOf(kept))).toEqual(PNG);
    // A second sweep has nothing to do.
    expect(sweepArtifacts(store.db, t.dir)).toEqual({ tempFiles: 0, removed: 0, recovered: [], recoveredDir: null });
  });
});
