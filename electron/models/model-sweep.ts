// Start-up sweep of <data>/models. An import or a download moves a finished folder into
// models/<id> and writes its library row in one write transaction (ModelsRepo.insertWith); a
// crash inside it leaves a folder no row refers to. A crash during an import's copy or preflight
// leaves its staging folder, and one during a deletion for good its `.deleting-` folder.
//
// What is right for each:
// - A model folder no row refers to, or a staging folder whose process is gone, is moved to
//   <data>/recovered/<time>/models/, never deleted: it holds the user's model, and its source
//   may be gone (a download's only copy, an import from a removable disk).
// - A `.deleting-` folder whose row still exists (the deletion rolled back) goes back in place;
//   one whose row is gone is what the user asked to delete, and is deleted.
// - models/.downloads holds resumable downloads: their jobs pick them up again; not touched.
//
// The sweep holds the database write lock, so it never sees a live process's move before its row.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../store/connection';
import { recoveredDirFor } from '../store/recovered';
import { DELETING, DOWNLOADS, STAGING, deletingId, processAlive, stagingOwner } from './staging';

export interface ModelSweepResult {
  /** Folders moved aside: where each one went. */
  recovered: { from: string; to: string }[];
  /** The recovered/<time> folder they went to (null when nothing was moved). */
  recoveredDir: string | null;
  /** Interrupted deletions put back (their rows were still there). */
  restored: string[];
  /** Folders of committed deletions removed. */
  deleted: number;
}

export function sweepModels(db: Db, dataDir: string, now = new Date()): ModelSweepResult {
  const modelsDir = join(dataDir, 'models');
  const result: ModelSweepResult = { recovered: [], recoveredDir: null, restored: [], deleted: 0 };
  if (!existsSync(modelsDir)) return result;
  const target = join(recoveredDirFor(dataDir, now), 'models');
  const moveAside = (from: string, name: string) => {
    mkdirSync(target, { recursive: true });
    let to = join(target, name);
    if (existsSync(to)) to = `${to}.${result.recovered.length}`;
    renameSync(from, to);
    result.recovered.push({ from, to });
    result.recoveredDir = target;
  };
  db.transaction(() => {
    const rows = db.prepare('SELECT id, dir FROM models').all() as { id: string; dir: string }[];
    const byId = new Map(rows.map((r) => [r.id, r.dir]));
    // A row names its folder by id and by path; either keeps it (a moved data folder keeps its ids).
    const referenced = new Set(rows.flatMap((r) => [r.id, basename(r.dir)]));
    for (const entry of readdirSync(modelsDir, { withFileTypes: true })) {
      const name = entry.name;
      const path = join(modelsDir, name);
      if (!entry.isDirectory() || name === DOWNLOADS) continue;
      if (name.startsWith(DELETING)) {
        const id = deletingId(name);
        const dir = id === null ? undefined : byId.get(id);
        if (dir !== undefined && !existsSync(dir)) {
          renameSync(path, dir);
          result.restored.push(dir);
        } else {
          rmSync(path, { recursive: true, force: true });
          result.deleted++;
        }
      } else if (name.startsWith(STAGING)) {
        // This process imports nothing before its sweep, so its own pid (a reused one) is stale too.
        const owner = stagingOwner(name);
        if (owner === null || owner === process.pid || !processAlive(owner)) moveAside(path, name);
      } else if (!name.startsWith('.') && !referenced.has(name)) moveAside(path, name);
    }
  }).immediate();
  return result;
}
