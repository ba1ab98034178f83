// What a job sees while it runs in the worker: a cancel signal and a progress reporter.
import { AtelierError } from '../../../shared/errors';

export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): void;
  /** Streams a job-specific event (e.g. new tokens) to the clients; the host adds the job id. */
  emit(name: 'generate.tokens' | 'generate.preview', data: Record<string, unknown>): void;
}

export type JobRunner<P = unknown, R = unknown> = (payload: P, ctx: JobContext) => Promise<R>;

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new AtelierError('CANCELLED', 'Cancelled');
}

/** A pause that ends early, with CANCELLED, when the job is cancelled. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AtelierError('CANCELLED', 'Cancelled'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AtelierError('CANCELLED', 'Cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
