// Messages between the host and the job worker process.
import type { WireError } from '../../../shared/errors';

export type ToWorker = { type: 'run'; jobId: string; kind: string; payload: unknown } | { type: 'cancel'; jobId: string };

export type FromWorker =
  | { type: 'progress'; jobId: string; done: number; total: number; message: string | null }
  | { type: 'done'; jobId: string; result: unknown }
  | { type: 'failed'; jobId: string; error: WireError }
  | { type: 'event'; jobId: string; name: string; data: Record<string, unknown> }
  /** A cancelled job may still return what it made (a stopped generation keeps its text). */
  | { type: 'cancelled'; jobId: string; result?: unknown };

export type JobOutcome =
  | { status: 'done'; result: unknown }
  | { status: 'failed'; error: WireError }
  | { status: 'cancelled'; result?: unknown };
