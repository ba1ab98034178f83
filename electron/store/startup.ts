// What happens to the database file before the store opens it: refuse one a newer Atelier wrote
// (untouched), recover a damaged one, back it up before a migration and once a day, prune old
// backups. Returns what the user must be told.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StartupNotice } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { backupDatabase, DAY_MS, DEFAULT_KEEP, listBackups, pruneBackups } from './backups';
import { checkDatabase } from './db-check';
import { asDiskFull } from './disk-errors';
import { LATEST_VERSION } from './migrations';
import { recoverDatabase } from './recovery';

export const DB_FILE = 'atelier.db';

export interface PrepareOptions {
  /** How many backups to keep (default 7, or ATELIER_KEEP_BACKUPS). */
  keep?: number;
  /** Run PRAGMA quick_check (default). One-shot CLI commands skip it: it reads every page. */
  quickCheck?: boolean;
  now?: number;
  latest?: number;
}

export function keepFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ATELIER_KEEP_BACKUPS);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_KEEP;
}

/** Takes the daily backup when the newest one is a day old (or there is none); failures become a notice. */
export async function dailyBackup(dataDir: string, keep: number, now = Date.now()): Promise<StartupNotice | null> {
  const newest = listBackups(dataDir)[0];
  if (newest && now - newest.time < DAY_MS) return null;
  try {
    await backupDatabase(join(dataDir, DB_FILE), dataDir, 'daily', now);
    pruneBackups(dataDir, keep);
    return null;
  } catch (err) {
    const reason = (err as Error).message;
    return {
      kind: 'backup-failed',
      message: `The daily backup of the database could not be written (${reason}). Your work is safe; the next start tries again.`,
      reason,
      brokenPath: null,
      backupPath: null,
      backupTime: null,
      at: now,
    };
  }
}

export async function prepareDatabase(dataDir: string, opts: PrepareOptions = {}): Promise<StartupNotice[]> {
  const latest = opts.latest ?? LATEST_VERSION;
  const keep = opts.keep ?? keepFromEnv();
  const now = opts.now ?? Date.now();
  const file = join(dataDir, DB_FILE);
  mkdirSync(dataDir, { recursive: true });
  const notices: StartupNotice[] = [];

  let check = checkDatabase(file, latest, { quick: opts.quickCheck !== false });
  if (check.state === 'newer') {
    throw new AtelierError(
      'CONFLICT',
      `${file} was written by a newer Atelier (schema ${check.version}; this app knows ${latest}). It was not opened or changed. Update Atelier to open it.`,
      { file, version: check.version, latest },
    );
  }
  if (check.state === 'corrupt') {
    notices.push(recoverDatabase(file, dataDir, check.reason, latest, now));
    check = checkDatabase(file, latest);
  }
  // A new (or freshly started) database has nothing to back up yet.
  if (check.state !== 'ok' || check.version === 0) return notices;

  if (check.version < latest) {
    try {
      await backupDatabase(file, dataDir, `before-v${latest}`, now);
    } catch (err) {
      const e = asDiskFull(err, 'The database could not be backed up before its upgrade');
      if (e instanceof AtelierError) throw e;
      throw new AtelierError('INTERNAL', `The database could not be backed up before its upgrade, so it was not upgraded: ${(err as Error).message}`);
    }
    pruneBackups(dataDir, keep);
    return notices;
  }
  const failed = await dailyBackup(dataDir, keep, now);
  if (failed) notices.push(failed);
  return notices;
}
