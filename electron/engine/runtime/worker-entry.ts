// Entry of the job worker process: runs one job at a time, reports progress, obeys cancel.
import { toWireError } from '../../../shared/errors';
import { jobRunners } from '../jobs';
import { forgetDeviceFailures } from './device-share';
import { LoadTracker } from './load-progress';
import { setOptimizedCacheDir } from './optimized-cache';
import type { FromWorker, ToWorker } from './protocol';
import { probeProviders } from './provider-probe';
import { warmPool } from './warm-pool';

const running = new Map<string, AbortController>();

function send(msg: FromWorker): void {
  process.send?.(msg);
}

async function run(jobId: string, kind: string, payload: unknown): Promise<void> {
  const runner = (jobRunners as Record<string, ((p: unknown, c: unknown) => Promise<unknown>) | undefined>)[kind];
  if (!runner) return send({ type: 'failed', jobId, error: { code: 'BAD_INPUT', message: `Unknown job kind '${kind}'` } });
  const controller = new AbortController();
  running.set(jobId, controller);
  const loads = new LoadTracker((stage, load) => send({ type: 'loading', jobId, stage, load }));
  try {
    const result = await loads.run(() => runner(payload, {
      signal: controller.signal,
      progress: (done: number, total: number, message?: string) =>
        send({ type: 'progress', jobId, done, total, message: message ?? null }),
      emit: (name: string, data: Record<string, unknown>) => send({ type: 'event', jobId, name, data }),
    }));
    send(controller.signal.aborted ? { type: 'cancelled', jobId, result } : { type: 'done', jobId, result });
  } catch (err) {
    const error = toWireError(err);
    send(controller.signal.aborted || error.code === 'CANCELLED' ? { type: 'cancelled', jobId } : { type: 'failed', jobId, error });
  } finally {
    running.delete(jobId);
    // What the job held may now be evicted to keep the pool within its budget.
    warmPool.release();
  }
}

warmPool.onChange((loaded) => send({ type: 'warm', loaded }));

process.on('message', (msg: ToWorker) => {
  if (msg.type === 'run') void run(msg.jobId, msg.kind, msg.payload);
  else if (msg.type === 'cancel') running.get(msg.jobId)?.abort();
  else if (msg.type === 'config') {
    setOptimizedCacheDir(msg.config.cacheDir);
    warmPool.setBudget(msg.config.budgetBytes);
  } else if (msg.type === 'retry-devices') forgetDeviceFailures(msg.dir);
  else if (msg.type === 'probe') void probeProviders().then((providers) => send({ type: 'probed', providers }));
});
// The host going away closes the IPC channel; don't linger as an orphan.
process.on('disconnect', () => process.exit(0));
