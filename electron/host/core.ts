// The Atelier core: store + job queue + worker + handler table, shared by the Electron main
// process, the browser host and the CLI.
import type { StartupNotice, SystemStatus } from '../../shared/contract';
import { JobWorker, type WorkerSpawnOptions } from '../engine/runtime/job-worker';
import { ModelLibrary } from '../models/library';
import type { PreflightSpawnOptions } from '../models/preflight';
import { ModelRegistry, importedEntries } from '../models/registry';
import { openStore, type Store } from '../store';
import { takeRunnerLock } from '../store/runner-lock';
import { dailyBackup, keepFromEnv, prepareDatabase } from '../store/startup';
import { sweepArtifacts, type SweepResult } from '../store/artifact-sweep';
import { sweepModels, type ModelSweepResult } from '../models/model-sweep';
import { dispatch, type Logger, type Reply } from './dispatch';
import { EventBus } from './events';
import { saveGeneratedText } from './generation';
import { saveGeneratedImages } from './image-generation';
import { announceOutsideWrites } from './outside-writes';
import { followGrids } from './grids';
import { createHandlers, type Handlers } from './handlers';
import { JobQueue, type JobEffect } from './job-queue';
import { reproduceEffect } from './reproduce';
import { adoptDownload } from './model-library';
import { RuntimeControl } from './runtime-control';

export interface CoreOptions {
  dataDir: string;
  transport: SystemStatus['transport'];
  worker?: WorkerSpawnOptions;
  log?: Logger;
  /** False for one-shot CLI commands: they read and write the store but leave the queue alone. */
  runJobs?: boolean;
  /** Where starter models live (resources/ in a checkout, process.resourcesPath when packaged). */
  resourcesDir?: string;
  /** Extra folders of models to offer besides the starter models (`--models DIR`). */
  modelDirs?: string[];
  /** Folders models may be imported from (default: home, temp, data, mounts, ATELIER_IMPORT_ROOTS); null: any. */
  importRoots?: string[] | null;
  /** How the preflight child is started (tests: a crashing entry, a short timeout). */
  preflight?: PreflightSpawnOptions;
  /** What start-up did to the database (startCore fills this in); shown by system.status. */
  notices?: StartupNotice[];
}

export interface Core {
  store: Store;
  bus: EventBus;
  queue: JobQueue;
  worker: JobWorker;
  models: ModelRegistry;
  library: ModelLibrary;
  runtime: RuntimeControl;
  handlers: Handlers;
  /** Start-up notices (recoveries, failed backups), oldest first. */
  notices: StartupNotice[];
  call(method: unknown, params: unknown): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * How the app, the host and the CLI start: the database is checked, recovered or backed up first
 * (prepareDatabase), then opened. A long-running core also takes the daily backup while it runs.
 */
export async function startCore(opts: CoreOptions): Promise<Core> {
  // quick_check reads the whole file (2.4 s for 100k versions, npm run bench:startup): the app and
  // the host run it at every start; one-shot CLI commands only check the header and schema.
  const notices = await prepareDatabase(opts.dataDir, { quickCheck: opts.transport !== 'cli' });
  const core = createCore({ ...opts, notices: [...(opts.notices ?? []), ...notices] });
  // One-shot CLI commands end long before a day passes; the app and the host may run for weeks.
  if (opts.transport === 'cli') return core;
  const keep = keepFromEnv();
  const timer = setInterval(() => {
    void dailyBackup(opts.dataDir, keep).then((n) => {
      if (n) core.notices.push(n);
    });
  }, BACKUP_CHECK_MS);
  timer.unref();
  const close = core.close;
  core.close = () => {
    clearInterval(timer);
    return close();
  };
  return core;
}

const BACKUP_CHECK_MS = 60 * 60 * 1000;

export function createCore(opts: CoreOptions): Core {
  const notices = opts.notices ?? [];
  // Only one process runs a folder's queue; one-shot commands (runJobs: false) never take it.
  const runnerLock = opts.runJobs !== false ? takeRunnerLock(opts.dataDir, opts.transport) : null;
  let store: Store;
  try {
    store = openStore(opts.dataDir);
  } catch (err) {
    runnerLock?.release();
    throw err;
  }
  const bus = new EventBus();
  const worker = new JobWorker(opts.worker);
  const saveImages = saveGeneratedImages(store, bus);
  const models = new ModelRegistry(opts.resourcesDir, () => importedEntries(store.models));
  for (const dir of opts.modelDirs ?? []) models.addFolder(dir);
  const runtime = new RuntimeControl(store, worker, opts.runJobs !== false);
  const library = new ModelLibrary(store.models, models, {
    dataDir: opts.dataDir,
    roots: opts.importRoots,
    preflight: opts.preflight,
    runtime: { offered: () => runtime.offered(), modelProvider: (id) => store.settings.modelProvider(id) },
  });
  // A re-run (history.reproduce) is a normal job whose result is saved as a child of the original.
  const reproduce = reproduceEffect(store, bus);
  const orReproduce =
    (effect: JobEffect): JobEffect =>
    (job, result, status) =>
      (job.payload as { reproduce?: unknown }).reproduce ? reproduce(job, result, status) : effect(job, result, status);
  const queue = new JobQueue(store, worker, bus, {
    'generate-text': orReproduce(saveGeneratedText(store, bus)),
    'generate-image': orReproduce(saveImages),
    'enhance-image': orReproduce(saveImages),
    'download-model': adoptDownload(library, bus),
  });
  followGrids(store, bus);
  const stopLooking = announceOutsideWrites(store, bus);
  const modelsDir = opts.resourcesDir ? `${opts.resourcesDir}/models` : undefined;
  const handlers = createHandlers({ store, queue, bus, models, library, runtime, transport: opts.transport, modelsDir, notices });
  // Folders a crash left in models/ (any process may: a live import elsewhere is told apart by
  // its process id and its lock). Both sweeps move into the same recovered/<time>/ folder.
  const now = new Date();
  const modelNotice = reportModelSweep(sweepModels(store.db, opts.dataDir, now));
  if (modelNotice) notices.push(modelNotice);
  if (opts.runJobs !== false) {
    // The process that runs the queue also tidies what a crash left in the artifact folder.
    const notice = reportSweep(sweepArtifacts(store.db, opts.dataDir, now));
    if (notice) notices.push(notice);
    queue.start();
  } else queue.stop();
  let closed = false;
  return {
    store,
    bus,
    queue,
    worker,
    models,
    library,
    runtime,
    handlers,
    notices,
    call: (method, params) => dispatch(handlers, method, params, opts.log),
    async close() {
      if (closed) return;
      closed = true;
      stopLooking();
      queue.stop();
      await worker.dispose();
      store.close();
      runnerLock?.release();
    },
  };
}

/** Says exactly what the start-up sweep did: temp files in the log, moved files as a notice (shown and printed). */
function reportSweep(r: SweepResult): StartupNotice | null {
  if (r.tempFiles > 0) console.error(`[atelier] removed ${r.tempFiles} unfinished image write(s) left by an interrupted run`);
  if (r.removed > 0) console.error(`[atelier] finished ${r.removed} interrupted deletion(s) for good of image files`);
  if (r.recovered.length === 0) return null;
  const message =
    `${r.recovered.length} file(s) in the artifact folder belonged to no version, most likely an image whose save was ` +
    `interrupted (its job runs again). They were moved, not deleted, to ${r.recoveredDir}.`;
  return { kind: 'files-recovered', message, reason: 'no version refers to them', brokenPath: null, backupPath: null, backupTime: null, at: Date.now() };
}

/** The same for the model folder: moved folders as a notice, finished or undone deletions in the log. */
function reportModelSweep(r: ModelSweepResult): StartupNotice | null {
  for (const dir of r.restored) console.error(`[atelier] an interrupted deletion of ${dir} was undone (the model is still in the library)`);
  if (r.deleted > 0) console.error(`[atelier] finished ${r.deleted} interrupted model deletion(s)`);
  if (r.recovered.length === 0) return null;
  const message =
    `${r.recovered.length} folder(s) in the models folder belonged to no library entry, most likely a model import or download ` +
    `that was interrupted before it was recorded. They were moved, not deleted, to ${r.recoveredDir}; import one from there to add it.`;
  return { kind: 'files-recovered', message, reason: 'no library entry refers to them', brokenPath: null, backupPath: null, backupTime: null, at: Date.now() };
}
