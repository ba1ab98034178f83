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

export function sweepArtifacts(db: Db, dataDir: string, now = new Date()): SweepResult {
  const artifactsDir = join(dataDir, 'artifacts');
  const result: SweepResult = { tempFiles: 0, recovered: [], recoveredDir: null };
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
