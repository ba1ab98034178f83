// The invariants the crash loop checks on a data folder, read straight from the files (not through
// the host, which could hide a loss): the database is sound, everything the client was told about
// is there with verified bytes, no file lies in artifacts/ without a row, and no job fell out of
// the queue.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Ledger } from './ledger';

const sha256 = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');
const HASH = /^[0-9a-f]{64}$/;

export interface JobRow {
  id: string;
  status: string;
  note: string | null;
  error_json: string | null;
  started_at: number | null;
  position: number;
}

export interface Findings {
  integrity: string;
  /** Things acknowledged to the client that are missing or wrong, one line each. */
  lost: string[];
  /** Files under artifacts/ and folders under models/ that no row accounts for. */
  orphans: string[];
  /** Generated versions saved twice (same recipe, same bytes): a job re-run after it had saved. */
  duplicates: string[];
  jobs: Map<string, JobRow>;
  schemaVersion: number;
}

/** Opens the database as a second client would; read-write only where a lock is needed. */
export function openForCheck(dataDir: string, write = false): Database.Database {
  const file = join(dataDir, 'atelier.db');
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: !write, fileMustExist: true });
    db.pragma('user_version');
  } catch {
    // A WAL left without its index (-shm) cannot be read read-only; open it as the app would.
    db = new Database(file, { fileMustExist: true });
  }
  db.pragma('busy_timeout = 10000');
  return db;
}

function artifactProblem(db: Database.Database, artifactsDir: string, id: string): string | null {
  const row = db.prepare('SELECT storage, size, text FROM artifacts WHERE id = ?').get(id) as
    | { storage: string; size: number; text: string | null }
    | undefined;
  if (!row) return `artifact row ${id} missing`;
  if (row.storage === 'inline') return sha256(row.text ?? '') === id ? null : `inline artifact ${id} does not hash to its id`;
  const path = join(artifactsDir, id.slice(0, 2), id);
  if (!existsSync(path)) return `artifact file ${id} missing`;
  const bytes = readFileSync(path);
  if (bytes.byteLength !== row.size) return `artifact file ${id} has ${bytes.byteLength} bytes, the row says ${row.size}`;
  return sha256(bytes) === id ? null : `artifact file ${id} does not hash to its name`;
}

/** Every file under artifacts/ that is not `ab/<sha256>` with a file row (temp files included). */
export function unaccountedFiles(db: Database.Database, artifactsDir: string): string[] {
  if (!existsSync(artifactsDir)) return [];
  const known = db.prepare(`SELECT 1 FROM artifacts WHERE id = ? AND storage = 'file'`);
  const out: string[] = [];
  for (const sub of readdirSync(artifactsDir)) {
    const dir = join(artifactsDir, sub);
    if (!statSync(dir).isDirectory()) {
      out.push(sub);
      continue;
    }
    for (const name of readdirSync(dir)) {
      if (!(HASH.test(name) && name.startsWith(sub) && known.get(name))) out.push(`${sub}/${name}`);
    }
  }
  return out;
}

/**
 * Every folder under models/ that no library row refers to (by id or by its recorded folder),
 * staging folders of imports and deletions included; models/.downloads is a download's resumable
 * state, not a model.
 */
export function unaccountedModelFolders(db: Database.Database, modelsDir: string): string[] {
  if (!existsSync(modelsDir)) return [];
  const rows = db.prepare('SELECT id, dir FROM models').all() as { id: string; dir: string }[];
  const known = new Set(rows.flatMap((r) => [r.id, basename(r.dir)]));
  return readdirSync(modelsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== '.downloads' && (e.name.startsWith('.') || !known.has(e.name)))
    .map((e) => `models/${e.name}`);
}

/** An acknowledged import: its row is there and every file it listed has the same bytes (sha256). */
function modelProblem(db: Database.Database, id: string, files: { path: string; size: number; sha256: string }[]): string | null {
  const row = db.prepare('SELECT dir, deleted_at FROM models WHERE id = ?').get(id) as { dir: string; deleted_at: number | null } | undefined;
  if (!row) return `model ${id} is gone`;
  if (row.deleted_at !== null) return `model ${id} is in the trash though nobody put it there`;
  for (const f of files) {
    const path = join(row.dir, f.path);
    if (!existsSync(path)) return `model ${id}: ${f.path} is missing`;
    const bytes = readFileSync(path);
    if (bytes.byteLength !== f.size || sha256(bytes) !== f.sha256) return `model ${id}: ${f.path} changed`;
  }
  return null;
}

/**
 * Checks a data folder against what the client was told. `lockForFiles`: take the write lock for
 * the file scan, so a live host is never caught between writing a file and committing its row
 * (the store writes artifact files only while it holds that lock).
 */
export function checkDataFolder(dataDir: string, ledger: Ledger, opts: { lockForFiles?: boolean } = {}): Findings {
  const db = openForCheck(dataDir, opts.lockForFiles === true);
  const artifactsDir = join(dataDir, 'artifacts');
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const lost: string[] = [];
    if (schemaVersion === 0) {
      // Killed before the first migration committed: an empty database, which is fine when empty.
      if (ledger.iterations.size + ledger.projects.size > 0) lost.push('the database is empty');
      return { integrity, lost, orphans: [], duplicates: [], jobs: new Map(), schemaVersion };
    }
    const iteration = db.prepare('SELECT artifact_id FROM iterations WHERE id = ?').pluck();
    for (const [id, how] of ledger.iterations) {
      const artifactId = iteration.get(id) as string | undefined;
      if (!artifactId) lost.push(`version ${id} (${how}) is gone`);
      else {
        const problem = artifactProblem(db, artifactsDir, artifactId);
        if (problem) lost.push(`version ${id} (${how}): ${problem}`);
      }
    }
    for (const [id, files] of ledger.models) {
      const problem = modelProblem(db, id, files);
      if (problem) lost.push(problem);
    }
    for (const id of ledger.projects) if (!db.prepare('SELECT 1 FROM projects WHERE id = ?').get(id)) lost.push(`project ${id} is gone`);
    for (const id of ledger.documents) if (!db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id)) lost.push(`document ${id} is gone`);
    // Any file row without its file is a loss too, acknowledged or not.
    for (const id of db.prepare(`SELECT id FROM artifacts WHERE storage = 'file'`).pluck().all() as string[]) {
      const problem = artifactProblem(db, artifactsDir, id);
      if (problem) lost.push(problem);
    }
    const jobs = new Map(
      (db.prepare('SELECT id, status, note, error_json, started_at, position FROM jobs').all() as JobRow[]).map((j) => [j.id, j]),
    );
    for (const [id, seen] of ledger.jobs) {
      const row = jobs.get(id);
      if (!row) lost.push(`job ${id} is gone`);
      else if (row.status === 'cancelled') {
        if (!ledger.cancelled.has(id)) lost.push(`job ${id} was cancelled though nobody asked`);
      } else if (seen === 'queued' && row.status !== 'queued' && row.started_at === null) lost.push(`job ${id} left the queue without running (${row.status})`);
      else if (seen === 'done' && row.status !== 'done') lost.push(`job ${id} was done and is now ${row.status}`);
    }
    const scan = () => [...unaccountedFiles(db, artifactsDir), ...unaccountedModelFolders(db, join(dataDir, 'models'))];
    const orphans = opts.lockForFiles ? db.transaction(scan).immediate() : scan();
    const duplicates = (
      db
        .prepare(
          `SELECT group_concat(id, ' = ') FROM iterations WHERE source = 'model' AND recipe_json IS NOT NULL
           GROUP BY recipe_json, artifact_id HAVING count(*) > 1`,
        )
        .pluck()
        .all() as string[]
    ).map((ids) => `versions ${ids} are one result saved twice`);
    return { integrity, lost, orphans, duplicates, jobs, schemaVersion };
  } finally {
    db.close();
  }
}

/**
 * After a restart: each job the crash left running was re-queued with a note, or failed with a
 * reason once out of attempts; the jobs that were queued keep their relative order.
 */
export function checkRecoveredJobs(before: Map<string, JobRow>, after: Map<string, JobRow>): string[] {
  const out: string[] = [];
  for (const [id, was] of before) {
    const now = after.get(id);
    if (!now) {
      out.push(`job ${id} is gone after the restart`);
      continue;
    }
    if (was.status !== 'running') continue;
    const requeued = /Re-queued after an interruption/.test(now.note ?? '');
    const failedWithReason = now.status === 'failed' && /Interrupted/.test(now.error_json ?? '');
    if (!requeued && !failedWithReason) out.push(`job ${id} was interrupted and is now ${now.status} without a reason`);
  }
  const order = (m: Map<string, JobRow>, ids: Set<string>) =>
    [...m.values()].filter((j) => j.status === 'queued' && ids.has(j.id)).sort((a, b) => a.position - b.position).map((j) => j.id);
  const stillQueued = new Set([...after.values()].filter((j) => j.status === 'queued').map((j) => j.id));
  const was = order(before, stillQueued);
  const wasSet = new Set(was);
  const now = order(after, wasSet).filter((id) => before.get(id)?.status === 'queued');
  if (was.join() !== now.join()) out.push(`queued jobs changed order: ${was.join(',')} became ${now.join(',')}`);
  return out;
}
