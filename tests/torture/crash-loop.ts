// The crash loop: start the real host on a data folder, drive it over its WebSocket, SIGKILL it at
// a random point (a burst of writes, a generation's steps, the moment a result is saved, queue
// operations, a model import, a random time, or the first milliseconds of a start while
// migrations run), then
// check the folder before and after the next start. Seeded, so a failure can be replayed.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { Prng } from '../../electron/engine/prng';
import { LATEST_VERSION } from '../../electron/store/migrations';
import type { Job } from '../../shared/contract';
import { writeTinySdFolder, TINY_SD } from '../fixtures/tiny-sd';
import { spawnHost, startHostProcess, type HostProcess } from '../support/host-process';
import { connect, type TestSocket } from '../support/ws-client';
import { checkDataFolder, checkRecoveredJobs, openForCheck, type Findings } from './crash-checks';
import { commit, drive, generateImage, importModel, selfTest, workspace, call, type Workspace } from './drive';
import { Ledger } from './ledger';
import { writeOldSchemaFolder } from './old-schema';

export const KILL_POINTS = ['writes', 'generation', 'file-write', 'save', 'queue', 'timer', 'model-import', 'first-start', 'migration'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export interface LoopOptions {
  crashes: number;
  seed: number;
  /** An empty folder the loop may fill (data folders, the tiny model). */
  workDir: string;
  /** Versions in the schema-5 folder whose migration is killed (more = a longer migration). */
  oldVersions?: number;
  /** A fixed order of kill points (the short test covers each once); default: drawn from the seed. */
  points?: KillPoint[];
  log?: (line: string) => void;
}

export interface LoopReport {
  seed: number;
  crashes: number;
  lost: number;
  orphans: number;
  integrityFailures: number;
  /** Results saved twice (a job re-run after its versions were saved but before it was marked done). */
  duplicates: number;
  /** Files the crashes left without a row, found before a restart (each start must account for them). */
  strayFilesBeforeRestart: number;
  /** Files the starts moved to recovered/. */
  recoveredFiles: number;
  acknowledged: { iterations: number; jobs: number; models: number };
  byPoint: Record<string, number>;
  /** Schema version found right after each kill during a start (how far the migrations got). */
  schemaAtKill: Record<number, number>;
  problems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const int = (prng: Prng, lo: number, hi: number) => lo + Math.floor(prng.next() * (hi - lo + 1));

function kill(child: HostProcess['child']): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

/** Resolves once the socket has closed, so every message the host sent before dying is counted. */
function closed(sock: TestSocket): Promise<void> {
  return new Promise((done) => {
    if (sock.ws.readyState === sock.ws.CLOSED) return done();
    const t = setTimeout(done, 3000);
    sock.ws.once('close', () => (clearTimeout(t), done()));
  });
}

export async function runCrashLoop(opts: LoopOptions): Promise<LoopReport> {
  const log = opts.log ?? (() => {});
  // Two streams: the schedule (kill points and delays) replays exactly from the seed; the
  // operations between kills depend on how fast the machine answers, so they draw separately.
  const prng = new Prng(opts.seed);
  const drv = new Prng(opts.seed ^ 0x5bd1e995);
  const modelsDir = join(opts.workDir, 'models');
  writeTinySdFolder(join(modelsDir, 'tiny-sd'), TINY_SD);
  const main = join(opts.workDir, 'data');
  const fresh = join(opts.workDir, 'first-start');
  const old = join(opts.workDir, 'schema-5');
  const template = join(opts.workDir, 'schema-5-template');
  for (const d of [main, fresh, old, template]) mkdirSync(d, { recursive: true });
  const oldLedger = writeOldSchemaFolder(template, opts.oldVersions ?? 4000);
  // A start-up kill is only interesting while the folder still has migrations to run: once a
  // start got through them all, the folder is made fresh (or schema 5) again for the next one.
  const reset = (folder: string) => {
    const db = join(folder, 'atelier.db');
    if (existsSync(db) && statSync(db).size > 0 && schemaOf(folder) < LATEST_VERSION) return;
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    if (folder === old) copyFileSync(join(template, 'atelier.db'), db);
  };
  const hostArgs = (data: string) => ['--data', data, '--port', '0', '--models', modelsDir];

  const report: LoopReport = {
    seed: opts.seed,
    crashes: 0,
    lost: 0,
    orphans: 0,
    integrityFailures: 0,
    duplicates: 0,
    strayFilesBeforeRestart: 0,
    recoveredFiles: 0,
    acknowledged: { iterations: 0, jobs: 0, models: 0 },
    byPoint: {},
    schemaAtKill: {},
    problems: [],
  };
  // Each distinct problem counts once, however many checks see it again.
  const seen = new Set<string>();
  const problem = (round: number, kind: 'lost' | 'orphans' | 'integrity' | 'duplicates', lines: string[]) => {
    for (const line of lines) {
      const key = kind === 'integrity' ? `${round}:${line}` : `${kind}:${line.replace(/^[^:]*: /, '')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (kind === 'lost') report.lost++;
      else if (kind === 'orphans') report.orphans++;
      else if (kind === 'duplicates') report.duplicates++;
      else report.integrityFailures++;
      report.problems.push(`crash ${round} (${kind}): ${line}`);
    }
  };
  const judge = (round: number, f: Findings, when: string) => {
    if (f.integrity !== 'ok') problem(round, 'integrity', [`${when}: integrity_check: ${f.integrity}`]);
    problem(round, 'lost', f.lost.map((l) => `${when}: ${l}`));
    problem(round, 'duplicates', f.duplicates.map((l) => `${when}: ${l}`));
  };

  const ledger = new Ledger();
  let ws: Workspace | null = null;
  let before: Findings | null = null;

  for (let round = 1; round <= opts.crashes; round++) {
    const t0 = Date.now();
    const took = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    const r = prng.next();
    const point: KillPoint = opts.points
      ? (opts.points[(round - 1) % opts.points.length] as KillPoint)
      : round === 1
        ? 'first-start' : r < 0.1 ? 'first-start' : r < 0.22 ? 'migration' : (KILL_POINTS[int(prng, 0, 6)] as KillPoint);
    report.byPoint[point] = (report.byPoint[point] ?? 0) + 1;

    if (point === 'first-start' || point === 'migration') {
      const folder = point === 'migration' ? old : fresh;
      reset(folder);
      const version = await killDuringStart(folder, hostArgs(folder), prng);
      report.crashes++;
      report.schemaAtKill[version] = (report.schemaAtKill[version] ?? 0) + 1;
      if (existsSync(join(folder, 'atelier.db')) && statSync(join(folder, 'atelier.db')).size > 0) {
        judge(round, checkDataFolder(folder, point === 'migration' ? oldLedger : new Ledger()), 'after a kill during start');
      }
      log(`crash ${round}: ${point}, killed at schema ${version} (${took()})`);
      continue;
    }

    const host = await startHostProcess(hostArgs(main));
    if (before) {
      // The host has started: recovery and the start-up sweep have run.
      const after = checkDataFolder(main, ledger, { lockForFiles: true });
      judge(round - 1, after, 'after the restart');
      problem(round - 1, 'orphans', after.orphans.map((o) => `after the restart: ${o} has no row`));
      problem(round - 1, 'lost', checkRecoveredJobs(before.jobs, after.jobs));
    }
    const sock = await connect(host.port, { Authorization: `Bearer ${host.token}` });
    sock.ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString());
      if ('event' in msg) ledger.onEvent(msg);
    });
    ws = await workspace(sock, ledger, ws);
    for (const j of await call<Job[]>(sock, 'jobs.list', { limit: 1000 })) ledger.ackJob(j);

    let stopped = false;
    void drive(sock, ledger, ws, drv, () => stopped, join(opts.workDir, 'import-src'));
    const note = await killAt(point, sock, ledger, ws, prng, drv, main, join(opts.workDir, 'import-src'));
    await kill(host.child);
    stopped = true;
    await closed(sock);
    report.crashes++;

    before = checkDataFolder(main, ledger);
    judge(round, before, 'right after the kill');
    report.strayFilesBeforeRestart += before.orphans.length;
    log(`crash ${round}: ${point}, ${ledger.iterations.size} versions acknowledged so far, ${before.orphans.length} stray files (${took()})${note ? `; ${note}` : ''}`);
  }

  // Every folder must start cleanly after its last kill and reach the current schema.
  for (const [folder, l] of [[main, ledger], [fresh, new Ledger()], [old, oldLedger]] as const) {
    // A run that drew no migration kill never filled the schema-5 folder: nothing to check there.
    if (folder === old && !existsSync(join(old, 'atelier.db'))) continue;
    const host = await startHostProcess(hostArgs(folder));
    const f = checkDataFolder(folder, l, { lockForFiles: true });
    await host.stop('SIGTERM');
    judge(opts.crashes, f, `final start of ${folder}`);
    problem(opts.crashes, 'orphans', f.orphans.map((o) => `final start: ${o} has no row`));
    if (folder === main && before) problem(opts.crashes, 'lost', checkRecoveredJobs(before.jobs, f.jobs));
    if (f.schemaVersion !== LATEST_VERSION) problem(opts.crashes, 'integrity', [`${folder} is at schema ${f.schemaVersion}, not ${LATEST_VERSION}`]);
  }
  report.recoveredFiles = countRecovered(main);
  report.acknowledged = ledger.size;
  return report;
}

/** Waits for the trigger of a kill point; the caller kills the host when this resolves. */
async function killAt(
  point: KillPoint,
  sock: TestSocket,
  ledger: Ledger,
  ws: Workspace,
  prng: Prng,
  drv: Prng,
  dataDir: string,
  importSrc: string,
): Promise<string | null> {
  const artifactsDir = join(dataDir, 'artifacts');
  const mine = (id: string) => (e: { event: string; data: any }) => e.data?.jobId === id || e.data?.id === id;
  try {
    if (point === 'writes') {
      // Several commits in flight at once; the kill lands while some are being written.
      await sleep(int(prng, 50, 400));
      for (let i = 0; i < 6; i++) void commit(sock, ledger, ws, drv).catch(() => {});
      await sleep(int(prng, 0, 15));
    } else if (point === 'generation') {
      const job = await generateImage(sock, ledger, ws, drv);
      await sock.waitForEvent((e) => e.event === 'generate.preview' && mine(job.id)(e), 60_000);
      await sleep(int(prng, 0, 30));
    } else if (point === 'file-write') {
      // The moment an image file appears in the artifact folder (its temp file, or the rename):
      // the kill lands between writing the bytes and committing the row that refers to them.
      mkdirSync(artifactsDir, { recursive: true });
      const watcher = watch(artifactsDir, { recursive: true });
      const touched = new Promise<void>((done) => watcher.once('change', () => done()));
      await generateImage(sock, ledger, ws, drv);
      const fired = await Promise.race([touched.then(() => true), sleep(90_000).then(() => false)]);
      if (!fired) throw new Error('no artifact file was written');
      watcher.close();
      await sleep(int(prng, 0, 3));
    } else if (point === 'save') {
      // Right when the finished images are being stored and the job marked done.
      const job = await generateImage(sock, ledger, ws, drv);
      await sock.waitForEvent((e) => e.event === 'history.changed' || (e.event === 'jobs.changed' && e.data.id === job.id && e.data.status !== 'running' && e.data.status !== 'queued'), 90_000);
      await sleep(int(prng, 0, 2));
    } else if (point === 'model-import') {
      // A model import (copy), killed when a folder appears in models/: half the time its staging
      // folder (the kill lands during the copy or the preflight), half the time the finished
      // folder moved into place (the kill lands between the move and the commit of its row).
      const modelsDir = join(dataDir, 'models');
      mkdirSync(modelsDir, { recursive: true });
      const atMove = prng.next() < 0.5;
      const watcher = watch(modelsDir);
      const moved = new Promise<void>((done) =>
        watcher.on('change', (_type, name) => {
          const n = String(name ?? '');
          if (atMove ? n !== '' && !n.startsWith('.') : n.startsWith('.importing-')) done();
        }),
      );
      void importModel(sock, ledger, importSrc).catch(() => {});
      const fired = await Promise.race([moved.then(() => true), sleep(90_000).then(() => false)]);
      watcher.close();
      if (!fired) throw new Error('no model folder appeared');
      await sleep(atMove ? int(prng, 0, 2) : int(prng, 0, 1500));
    } else if (point === 'queue') {
      const long = await selfTest(sock, ledger, drv, 40);
      await selfTest(sock, ledger, drv);
      await selfTest(sock, ledger, drv);
      await sock.call('jobs.move', { id: long.id, index: 0 });
      await sleep(int(prng, 0, 300));
    } else {
      await sleep(int(prng, 100, 2500));
    }
    return null;
  } catch (err) {
    // A trigger that times out still ends in a kill; the log says so.
    return `trigger did not fire: ${(err as Error).message}`;
  }
}

/**
 * Starts a host and SIGKILLs it within its first milliseconds: once the database file is touched
 * (the WAL file appears or changes), after a random 0–40 ms. Returns the schema version left.
 */
async function killDuringStart(folder: string, args: string[], prng: Prng): Promise<number> {
  const wal = join(folder, 'atelier.db-wal');
  const stamp = () => (existsSync(wal) ? statSync(wal).mtimeMs : -1);
  const was = stamp();
  const child = spawnHost(args);
  child.stdout.resume();
  child.stderr.resume();
  const t0 = Date.now();
  while (stamp() === was && child.exitCode === null && Date.now() - t0 < 30_000) await sleep(1);
  await sleep(int(prng, 0, 40));
  await kill(child);
  return schemaOf(folder);
}

function schemaOf(folder: string): number {
  if (!existsSync(join(folder, 'atelier.db'))) return 0;
  const db = openForCheck(folder);
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

function countRecovered(dataDir: string): number {
  const dir = join(dataDir, 'recovered');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}
