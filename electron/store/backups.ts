// Rolling database backups in <data>/backups, taken with SQLite's online backup API (consistent even
// while another process writes). Each backup is one self-contained file (journal mode DELETE), named
// by its time so the newest is found without opening any; the oldest are pruned beyond `keep`.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BACKUP_DIR = 'backups';
export const DEFAULT_KEEP = 7;
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface Backup {
  path: string;
  /** When it was taken (ms since 1970), from its name. */
  time: number;
  /** `daily`, or `before-vN` for the one taken before migrating to schema N. */
  reason: string;
}

const NAME = /^atelier-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-([a-z0-9-]+)\.db$/;
const PARTIAL = '.partial';
const STALE_PARTIAL_MS = 60 * 60 * 1000;

const stamp = (ms: number) => new Date(ms).toISOString().replace(/:/g, '-').replace('.', '-');

export function backupsDir(dataDir: string): string {
  return join(dataDir, BACKUP_DIR);
}

/** Backups in the data folder, newest first. */
export function listBackups(dataDir: string): Backup[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  const out: Backup[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const time = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
    if (Number.isFinite(time)) out.push({ path: join(dir, name), time, reason: m[6] as string });
  }
  return out.sort((a, b) => b.time - a.time || b.path.localeCompare(a.path));
}

/**
 * Copies the database at `file` into a new backup. The copy is written under a `.partial` name and
 * renamed when complete, so a crash mid-backup never leaves something that looks like a backup.
 */
export async function backupDatabase(file: string, dataDir: string, reason: string, now = Date.now()): Promise<Backup> {
  const dir = backupsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `atelier-${stamp(now)}-${reason}.db`);
  const partial = path + PARTIAL;
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial);
    // The copy inherits WAL mode; switch it to a single file that can be copied back as is.
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    renameSync(partial, path);
  } catch (err) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
    throw err;
  } finally {
    source.close();
  }
  return { path, time: now, reason };
}

/** Deletes the oldest backups beyond `keep`, and anything a crashed backup left half-written. */
export function pruneBackups(dataDir: string, keep = DEFAULT_KEEP): string[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    // Another process may be writing one right now; only an old partial file is a leftover.
    if (name.includes(PARTIAL) && Date.now() - statSync(p).mtimeMs > STALE_PARTIAL_MS) rmSync(p, { force: true });
  }
  const doomed = listBackups(dataDir).slice(Math.max(1, keep));
  for (const b of doomed) rmSync(b.path, { force: true });
  return doomed.map((b) => b.path);
}
