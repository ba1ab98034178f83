// A damaged database at start-up: move it (with its -wal and -shm, so it can still be opened for
// salvage) aside under a timestamped name, put the newest backup that passes the check in its
// place, and describe exactly what happened. With no good backup, start empty — the broken file
// stays where it was moved.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { StartupNotice } from '../../shared/contract';
import { listBackups } from './backups';
import { checkDatabase } from './db-check';

const SIDE_FILES = ['-wal', '-shm', '-journal'];

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');

/** Renames `file` and its side files to `<name>-broken-<time><ext>`; returns the new main path. */
export function moveAside(file: string, now: number): string {
  const ext = extname(file);
  const stamp = new Date(now).toISOString().replace(/:/g, '-').replace('.', '-');
  const aside = join(dirname(file), `${basename(file, ext)}-broken-${stamp}${ext}`);
  for (const suffix of SIDE_FILES) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  renameSync(file, aside);
  return aside;
}

function moveBack(aside: string, file: string): void {
  renameSync(aside, file);
  for (const suffix of SIDE_FILES) if (existsSync(aside + suffix)) renameSync(aside + suffix, file + suffix);
}

export function recoverDatabase(file: string, dataDir: string, reason: string, latest: number, now = Date.now()): StartupNotice {
  const brokenPath = moveAside(file, now);
  for (const backup of listBackups(dataDir)) {
    if (checkDatabase(backup.path, latest).state !== 'ok') continue;
    // Copy (never move) the backup, under a temporary name, so it stays a backup whatever happens.
    const tmp = `${file}.restoring`;
    try {
      copyFileSync(backup.path, tmp);
      renameSync(tmp, file);
    } catch (err) {
      // Put the broken file back, so the next start finds it and tries again instead of starting empty.
      rmSync(tmp, { force: true });
      moveBack(brokenPath, file);
      throw err;
    }
    return {
      kind: 'restored',
      message:
        `The database was damaged (${reason}). It was moved to ${brokenPath} and the backup from ` +
        `${when(backup.time)} (${backup.path}) was restored. Work saved after that backup is not in the restored database; the damaged file is kept.`,
      reason,
      brokenPath,
      backupPath: backup.path,
      backupTime: backup.time,
      at: now,
    };
  }
  rmSync(`${file}.restoring`, { force: true });
  return {
    kind: 'fresh',
    message:
      `The database was damaged (${reason}) and no usable backup was found. It was moved to ${brokenPath} ` +
      'and Atelier started with an empty database; the damaged file is kept.',
    reason,
    brokenPath,
    backupPath: null,
    backupTime: null,
    at: now,
  };
}
