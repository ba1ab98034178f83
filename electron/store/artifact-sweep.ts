// Start-up sweep of the artifact folder. A crash can leave two kinds of file there that no row
// refers to: temp files of an unfinished write, and complete files whose row was never committed
// (the process died between the rename and the commit, or the transaction rolled back).
//
// What is right for each:
// - A temp file holds bytes nobody was ever told about, possibly cut short; the job that made
//   them was re-queued and makes them again. It is deleted.
// - A complete file without a row is moved to <data>/recovered/<time>/, never deleted: it may be
//   the only copy of an image whose version was lost some other way, or bytes a person put
//   there. Moved (not left), so the artifact folder always matches the database and the next
//   re-sync check has nothing to report; the start-up prints where it went.
//
// - A file the removals journal names (artifact_removals: a deletion for good committed, and the
//   process died before removing its files) is what the user deleted: its row is gone by that
//   commit, so it is deleted now, before anything else is looked at, and never moved aside.
//
// The sweep holds the database write lock. The store writes artifact files only while holding
// it (ArtifactsRepo.putFile), so no live process, this one or another sharing the folder, can be
// between writing a file and committing its row while the sweep looks.
import { existsSync, mkdirSync, openSync, readdirSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './connection';
import { recoveredDirFor } from './recovered';

const HASH = /^[0-9a-f]{64}$/;
const TEMP = /^[0-9a-f]{64}\.[A-Za-z0-9_-]+\.tmp$/;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface SweepResult {
  /** Unfinished writes deleted. */
  tempFiles: number;
  /** Files of committed deletions for good removed (their process died before it could). */
  removed: number;
  /** Files without a row, moved aside: where each one went. */
  recovered: { from: string; to: string }[];
  /** The folder they went to (null when nothing was moved). */
  recoveredDir: string | null;
}

function looksLikePng(path: string): boolean {
  const head = Buffer.alloc(8);
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    return readSync(fd, head, 0, 8, 0) === 8 && head.equals(PNG_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Removes the files the journal names whose rows are still gone (the same bytes stored again
 * since keep theirs) and clears the journal; returns how many files went. Under the write lock.
 */
export function finishRemovals(db: Db, artifactsDir: string): number {
  const pending = db.prepare('SELECT artifact_id FROM artifact_removals').pluck();
  const known = db.prepare('SELECT 1 FROM artifacts WHERE id = ?');
  const done = db.prepare('DELETE FROM artifact_removals WHERE artifact_id = ?');
  let removed = 0;
  db.transaction(() => {
    for (const id of pending.all() as string[]) {
      const path = join(artifactsDir, id.slice(0, 2), id);
      if (HASH.test(id) && !known.get(id) && existsSync(path)) {
        rmSync(path, { force: true });
        removed++;
      }
      done.run(id);
    }
  }).immediate();
  return removed;
}

export function sweepArtifacts(db: Db, dataDir: string, now = new Date()): SweepResult {
  const artifactsDir = join(dataDir, 'artifacts');
  const result: SweepResult = { tempFiles: 0, removed: 0, recovered: [], recoveredDir: null };
  result.removed = finishRemovals(db, artifactsDir);
  if (!existsSync(artifactsDir)) return result;
  const known = db.prepare(`SELECT 1 FROM artifacts WHERE id = ? AND storage = 'file'`);
  const target = recoveredDirFor(dataDir, now);
  const moveAside = (from: string, name: string) => {
    mkdirSync(target, { recursive: true });
    let to = join(target, HASH.test(name) && looksLikePng(from) ? `${name}.png` : name);
    if (existsSync(to)) to = `${to}.${result.recovered.length}`;
    renameSync(from, to);
    result.recovered.push({ from, to });
    result.recoveredDir = target;
  };
  db.transaction(() => {
    for (const sub of readdirSync(artifactsDir)) {
      const dir = join(artifactsDir, sub);
      if (!statSync(dir).isDirectory()) {
        moveAside(dir, sub);
        continue;
      }
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (TEMP.test(name)) {
          rmSync(path, { force: true });
          result.tempFiles++;
        } else if (!(HASH.test(name) && name.startsWith(sub) && known.get(name))) moveAside(path, name);
      }
    }
  }).immediate();
  return result;
}
