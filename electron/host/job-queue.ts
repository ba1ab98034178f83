// The scheduler over the durable jobs table: one job runs at a time in the worker process, in
// queue order; progress is pushed as events and saved (throttled) so a reload sees it.
import type { Job, JobProgress, JobRequest } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import type { JobWorker } from '../engine/runtime/job-worker';
import type { JobOutcome } from '../engine/runtime/protocol';
import type { Store } from '../store';
import type { EventBus } from './events';

const SAVE_PROGRESS_EVERY_MS = 500;

export class JobQueue {
  private running: { id: string; startedAt: number; lastSaved: number; last: JobProgress | null } | null = null;
  private stopping = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly worker: JobWorker,
    private readonly bus: EventBus,
  ) {}

  /** Re-queues what a crash interrupted, then starts working. */
  start(): Job[] {
    const recovered = this.store.jobs.recoverInterrupted();
    this.pump();
    return recovered;
  }

  enqueue(req: JobRequest): Job {
    const job = this.store.jobs.enqueue(req.kind, req.payload);
    this.bus.emit('jobs.changed', job);
    this.pump();
    return this.store.jobs.get(job.id);
  }

  cancel(id: string): Job {
    const job = this.store.jobs.get(id);
    if (job.status === 'queued') return this.changed(this.store.jobs.finish(id, 'cancelled', {}));
    if (job.status === 'running') {
      this.worker.cancel(id);
      return job;
    }
    throw new AtelierError('CONFLICT', `The job has already ${job.status === 'done' ? 'finished' : job.status}`);
  }

  move(id: string, index: number): Job[] {
    const queued = this.store.jobs.move(id, index);
    for (const j of queued) this.bus.emit('jobs.changed', j);
    return queued;
  }

  /**
   * Stops taking new jobs before shutdown. The running job's row stays 'running', so the next
   * start re-queues it exactly as after a crash.
   */
  stop(): void {
    this.stopping = true;
  }

  /** Resolves when nothing is running and nothing runnable is queued. */
  idle(): Promise<void> {
    if (!this.running && (this.stopping || !this.store.jobs.nextQueued())) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.running || this.stopping) return this.maybeIdle();
    const next = this.store.jobs.nextQueued();
    if (!next) return this.maybeIdle();
    const job = this.changed(this.store.jobs.markRunning(next.id));
    const now = Date.now();
    this.running = { id: job.id, startedAt: now, lastSaved: 0, last: null };
    this.worker
      .run(job, (p) => this.onProgress(job.id, p.done, p.total, p.message))
      .then(
        (outcome) => this.finish(job.id, outcome),
        (err: unknown) => this.finish(job.id, { status: 'failed', error: { code: 'INTERNAL', message: String(err) } }),
      )
      .catch((err: unknown) => console.error('[atelier] job queue could not record a finished job:', err));
  }

  private onProgress(id: string, done: number, total: number, message: string | null): void {
    const r = this.running;
    if (!r || r.id !== id) return;
    const now = Date.now();
    const elapsed = now - r.startedAt;
    const progress: JobProgress = {
      done,
      total,
      message,
      etaMs: done > 0 && total >= done ? Math.round((elapsed / done) * (total - done)) : null,
    };
    r.last = progress;
    this.bus.emit('jobs.progress', { id, progress });
    if (now - r.lastSaved >= SAVE_PROGRESS_EVERY_MS || done === total) {
      r.lastSaved = now;
      this.store.jobs.setProgress(id, progress);
    }
  }

  private finish(id: string, outcome: JobOutcome): void {
    const last = this.running?.last;
    this.running = null;
    if (this.stopping) return this.maybeIdle();
    // Progress is saved throttled; keep the final figure so a stopped job says how far it got.
    if (last) this.store.jobs.setProgress(id, { ...last, etaMs: null });
    if (outcome.status === 'done') this.changed(this.store.jobs.finish(id, 'done', { result: outcome.result }));
    else if (outcome.status === 'failed') this.changed(this.store.jobs.finish(id, 'failed', { error: outcome.error }));
    else this.changed(this.store.jobs.finish(id, 'cancelled', {}));
    this.pump();
  }

  private changed(job: Job): Job {
    this.bus.emit('jobs.changed', job);
    return job;
  }

  private maybeIdle(): void {
    if (this.running) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }
}
