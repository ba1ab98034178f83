// The Atelier core: store + job queue + worker + handler table, shared by the Electron main
// process, the browser host and the CLI.
import type { SystemStatus } from '../../shared/contract';
import { JobWorker, type WorkerSpawnOptions } from '../engine/runtime/job-worker';
import { ModelLibrary } from '../models/library';
import type { PreflightSpawnOptions } from '../models/preflight';
import { ModelRegistry, importedEntries } from '../models/registry';
import { openStore, type Store } from '../store';
import { dispatch, type Logger, type Reply } from './dispatch';
import { EventBus } from './events';
import { saveGeneratedText } from './generation';
import { saveGeneratedImages } from './image-generation';
import { followGrids } from './grids';
import { createHandlers, type Handlers } from './handlers';
import { JobQueue, type JobEffect } from './job-queue';
import { reproduceEffect } from './reproduce';
import { adoptDownload } from './model-library';

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
}

export interface Core {
  store: Store;
  bus: EventBus;
  queue: JobQueue;
  worker: JobWorker;
  models: ModelRegistry;
  library: ModelLibrary;
  handlers: Handlers;
  call(method: unknown, params: unknown): Promise<Reply>;
  close(): Promise<void>;
}

export function createCore(opts: CoreOptions): Core {
  const store = openStore(opts.dataDir);
  const bus = new EventBus();
  const worker = new JobWorker(opts.worker);
  const saveImages = saveGeneratedImages(store, bus);
  const models = new ModelRegistry(opts.resourcesDir, () => importedEntries(store.models));
  for (const dir of opts.modelDirs ?? []) models.addFolder(dir);
  const library = new ModelLibrary(store.models, models, { dataDir: opts.dataDir, roots: opts.importRoots, preflight: opts.preflight });
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
  const modelsDir = opts.resourcesDir ? `${opts.resourcesDir}/models` : undefined;
  const handlers = createHandlers({ store, queue, bus, models, library, transport: opts.transport, modelsDir });
  if (opts.runJobs !== false) queue.start();
  else queue.stop();
  let closed = false;
  return {
    store,
    bus,
    queue,
    worker,
    models,
    library,
    handlers,
    call: (method, params) => dispatch(handlers, method, params, opts.log),
    async close() {
      if (closed) return;
      closed = true;
      queue.stop();
      await worker.dispose();
      store.close();
    },
  };
}
