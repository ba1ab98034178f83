// Backups and recovery on real database files: daily and pre-migration backups with the online
// backup API, pruning, a damaged database replaced by the newest good backup (or a fresh one) with
// the broken file kept byte for byte, and a newer schema refused without a byte changed.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import { listBackups } from '../../electron/store/backups';
import { openDatabase } from '../../electron/store/connection';
import { LATEST_VERSION, migrations } from '../../electron/store/migrations';
import { prepareDatabase } from '../../electron/store/startup';
import { AtelierError } from '../../shared/errors';
import { tempDir } from '../support/tmp';

let cleanup = () => {};
afterEach(() => cleanup());

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 1, 9, 30, 0);

function folder() {
  const t = tempDir();
  cleanup = t.cleanup;
  return { dir: t.dir, db: join(t.dir, 'atelier.db') };
}

/** Opens the store as the app does after prepareDatabase, adds a project, closes it. */
function addProject(dir: string, name: string) {
  const store = openStore(dir, { welcome: false });
  store.projects.create(name);
  store.close();
}

const projectNames = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM projects ORDER BY created_at').pluck().all() as string[]).sort();
  } finally {
    db.close();
  }
};

const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Overwrites every page after the first with junk: the header and schema read fine, the tables do not. */
function damagePages(file: string) {
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  expect(bytes.length).toBeGreaterThan(pageSize * 2);
  bytes.fill(0x5a, pageSize);
  writeFileSync(file, bytes);
}

describe('rolling backups', () => {
  it('takes a daily backup at start-up when the newest is a day old, and keeps N', async () => {
    const { dir, db } = folder();
    expect(await prepareDatabase(dir, { now: T0 })).toEqual([]);
    addProject(dir, 'Novel');
    expect(listBackups(dir)).toEqual([]); // a database that did not exist had nothing to back up

    await prepareDatabase(dir, { now: T0 + 1000, keep: 3 });
    const [first] = listBackups(dir);
    expect(first).toMatchObject({ time: T0 + 1000, reason: 'daily' });
    expect(projectNames(first!.path)).toEqual(['Novel']);
    // One self-contained file: journal mode DELETE, no -wal beside it.
    const copy = new Database(first!.path, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    copy.close();

    await prepareDatabase(dir, { now: T0 + DAY - 1, keep: 3 });
    expect(listBackups(dir)).toHaveLength(1); // less than a day later: no new one

    for (let day = 1; day <= 4; day++) {
      addProject(dir, `Day ${day}`);
      await prepareDatabase(dir, { now: T0 + 1000 + day * DAY, keep: 3 });
    }
    const kept = listBackups(dir);
    expect(kept.map((b) => b.time)).toEqual([4, 3, 2].map((d) => T0 + 1000 + d * DAY));
    expect(projectNames(kept[0]!.path)).toEqual(['Day 1', 'Day 2', 'Day 3', 'Day 4', 'Novel']);
    expect(readdirSync(join(dir, 'backups'))).toHaveLength(3);
    expect(existsSync(db)).toBe(true);
  });

  it('backs up before every migration, with the rows of the old schema', async () => {
    const { dir, db } = folder();
    const old = openDatabase(db, migrations.slice(0, 7));
    old.prepare(`INSERT INTO projects VALUES ('p', 'Before the upgrade', 1, 1, NULL)`).run();
    old.close();

    expect(await prepareDatabase(dir, { now: T0 })).toEqual([]);
    const [backup] = listBackups(dir);
    expect(backup).toMatchObject({ reason: `before-v${LATEST_VERSION}`, time: T0 });
    const copy = new Database(backup!.path, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(7);
    expect(copy.prepare('SELECT name FROM projects').pluck().all()).toEqual(['Before the upgrade']);
    copy.close();

    const store = openStore(dir, { welcome: false });
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    store.close();
    // Already migrated and backed up today: the next start takes nothing new.
    await prepareDatabase(dir, { now: T0 + 60_000 });
    expect(listBackups(dir)).toHaveLength(1);
  });
});

describe('recovery at start-up', () => {
  it('moves a damaged database aside and restores the newest good backup', async () => {
    const { dir, db } = folder();
    addProject(dir, 'Saved before the backup');
    await prepareDatabase(dir, { now: T0 });
    addProject(dir, 'Saved after the backup');
    damagePages(db);
    writeFileSync(`${db}-wal`, 'leftover wal bytes');
    const brokenHash = hash(db);

    const notices = await prepareDatabase(dir, { now: T0 + 5000 });
    expect(notices).toHaveLength(1);
    const n = notices[0]!;
    const backup = listBackups(dir)[0]!;
    expect(n).toMatchObject({ kind: 'restored', backupPath: backup.path, backupTime: T0, at: T0 + 5000 });
    expect(n.reason).toMatch(/quick_check|malformed|corrupt/i);
    expect(n.brokenPath).toBe(join(dir, 'atelier-broken-2026-11-01T09-30-05-000Z.db'));
    expect(n.message).toContain(n.brokenPath);
    expect(n.message).toContain(backup.path);
    expect(n.message).toContain('2026-11-01 09:30:00 UTC');
    // The broken file and its WAL are kept, byte for byte, under the new name.
    expect(hash(n.brokenPath!)).toBe(brokenHash);
    expect(readFileSync(`${n.brokenPath}-wal`, 'utf8')).toBe('leftover wal bytes');
    expect(existsSync(`${db}-wal`)).toBe(false);

    const store = openStore(dir, { welcome: false });
    expect(store.db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(store.projects.list().map((p) => p.name)).toEqual(['Saved before the backup']);
    store.close();
    expect(existsSync(backup.path)).toBe(true); // restored by copying: the backup is still a backup
  });

  it('skips a damaged backup and restores the one before it', async () => {
    const { dir, db } = folder();
    addProject(dir, 'Monday');
    await prepareDatabase(dir, { now: T0 });
    addProject(dir, 'Tuesday');
    await prepareDatabase(dir, { now: T0 + DAY });
    const [newest, older] = listBackups(dir);
    writeFileSync(newest!.path, Buffer.alloc(8192, 7));
    writeFileSync(db, 'not a database, just text');

    const [n] = await prepareDatabase(dir, { now: T0 + 2 * DAY });
    expect(n).toMatchObject({ kind: 'restored', backupPath: older!.path, backupTime: T0 });
    expect(n!.reason).toMatch(/not a database/);
    expect(projectNames(db)).toEqual(['Monday']);
  });

  it('starts fresh when no backup is good, and keeps the file that is not a database', async () => {
    const { dir, db } = folder();
    const junk = Buffer.from('%PDF-1.7 this is somebody’s invoice, not a database\n'.repeat(200));
    writeFileSync(db, junk);
    const [n] = await prepareDatabase(dir, { now: T0 });
    expect(n).toMatchObject({ kind: 'fresh', backupPath: null, backupTime: null });
    expect(n!.message).toMatch(/no usable backup/);
    expect(n!.message).toContain(n!.brokenPath);
    expect(readFileSync(n!.brokenPath!)).toEqual(junk);
    expect(existsSync(db)).toBe(false);
    const store = openStore(dir);
    expect(store.projects.list().map((p) => p.name)).toEqual(['Welcome']);
    store.close();
  });

  it('refuses a database from a newer schema and leaves every byte as it was', async () => {
    const { dir, db } = folder();
    addProject(dir, 'From the future');
    const future = new Database(db);
    future.pragma(`user_version = ${LATEST_VERSION + 5}`);
    future.close();
    const before = hash(db);
    const files = readdirSync(dir).sort();

    const err = await prepareDatabase(dir, { now: T0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtelierError);
    expect((err as AtelierError).code).toBe('CONFLICT');
    expect((err as AtelierError).message).toContain(`schema ${LATEST_VERSION + 5}`);
    expect((err as AtelierError).message).toContain(db);
    expect(hash(db)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(files); // no backup folder, no -wal/-shm, nothing moved
  });
});
