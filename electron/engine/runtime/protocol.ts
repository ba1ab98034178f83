// Messages between the host and the job worker process.
import type { ExecutionProviderInfo, JobLoad, LoadStage } from '../../../shared/contract';
import type { WireError } from '../../../shared/errors';
import type { LoadedModel } from './warm-pool';

/** What the host tells every worker it starts (and again when a setting changes). */
export interface WorkerConfig {
  /** Memory budget of the warm pool, in bytes. */
  budgetBytes: number;
  /** Folder of the optimised-graph cache; null turns it off. */
  cacheDir: string | null;
}

export type ToWorker =
  | { type: 'run'; jobId: string; kind: string; payload: unknown }
  | { type: 'cancel'; jobId: string }
  | { type: 'config'; config: WorkerConfig }
  | { type: 'probe' }
  /** Forget which providers failed for the model in `dir` (or every model): the next jobs try them again. */
  | { type: 'retry-devices'; dir?: string };

export type FromWorker =
  | { type: 'progress'; jobId: string; done: number; total: number; message: string | null }
  | { type: 'done'; jobId: string; result: unknown }
  | { type: 'failed'; jobId: string; error: WireError }
  | { type: 'event'; jobId: string; name: string; data: Record<string, unknown> }
  /** A model-loading stage began or advanced (null: none under way), with what loading took so far. */
  | { type: 'loading'; jobId: string; stage: LoadStage | null; load: JobLoad }
  /** A cancelled job may still return what it made (a stopped generation keeps its text). */
  | { type: 'cancelled'; jobId: string; result?: unknown }
  /** What the warm pool holds now (after every load, eviction or budget change). */
  | { type: 'warm'; loaded: LoadedModel[] }
  | { type: 'probed'; providers: ExecutionProviderInfo[] };

export type JobOutcome =
  | { status: 'done'; result: unknown }
  | { status: 'failed'; error: WireError }
  | { status: 'cancelled'; result?: unknown };
