// The scheduler over the durable jobs table: one job runs at a time in the worker process, in
// queue order; progress is pushed as events and saved (throttled) so a reload sees it.
import type { EventName, Events, Job, JobKind, JobLoad, JobProgress, LoadStage } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import type { JobWorker } from '../engine/runtime/job-worker';
import type { JobOutcome } from '../engine/runtime/protocol';
import type { Store } from '../store';
import type { EventBus } from './events';

const SAVE_PROGRESS_EVERY_MS = 500;

/**
 * What a finished (or stopped) job's result turns into on the host side — for a generation, the
 * versions saved in the store. The returned value is what the job row keeps as its result.
 */
export type JobEffect = (job: Job, result: unknown, status: 'done' | 'cancelled') => unknown;

/** Job events the worker may stream to clients (the host adds the job id). */
const STREAMED_EVENTS = new Set<EventName>(['generate.tokens', 'generate.preview']);

export class JobQueue {
  private running: {
    id: string;
    startedAt: number;
    /** When the job's own work began: after its last model load (ETA ignores loading). */
    workFrom: number;
    lastSaved: number;
    last: JobProgress | null;
    stage: LoadStage | null;
    load: JobLoad | null;
  } | null = null;
  private stopping = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly worker: JobWorker,
    private readonly bus: EventBus,
    private readonly effects: Partial<Record<string, JobEffect>> = {},
  ) {}

  /** Re-queues what a crash interrupted, then starts working. */
  start(): Job[] {
    const recovered = this.store.jobs.recoverInterrupted();
    this.pump();
    return recovered;
  }

  enqueue(kind: JobKind, payload: unknown): Job {
    const job = this.store.jobs.enqueue(kind, payload);
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
    const ended = { done: 'finished', failed: 'failed', cancelled: 'been cancelled' } as const;
    throw new AtelierError('CONFLICT', `The job has already ${ended[job.status as keyof typeof ended] ?? job.status}`);
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
    this.running = { id: job.id, startedAt: now, workFrom: now, lastSaved: 0, last: null, stage: null, load: null };
    this.worker
      .run(job, {
        onProgress: (p) => this.onProgress(job.id, p.done, p.total, p.message),
        onLoading: (stage, load) => this.onLoading(job.id, stage, load),
        onEvent: (name, data) => {
          if (STREAMED_EVENTS.has(name as EventName)) this.bus.emit(name as EventName, { ...data, jobId: job.id } as Events[EventName]);
        },
      })
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
    const elapsed = now - r.workFrom;
    const progress: JobProgress = {
      done,
      total,
      message,
      etaMs: done > 0 && total >= done ? Math.round((elapsed / done) * (total - done)) : null,
      stage: r.stage,
      load: r.load,
    };
    this.publish(r, progress, done === total);
  }

  /** A model-loading stage: the same progress event, the job's figures kept, the stage added. */
  private onLoading(id: string, stage: LoadStage | null, load: JobLoad): void {
    const r = this.running;
    if (!r || r.id !== id) return;
    r.stage = stage;
    r.load = load;
    if (!stage) r.workFrom = Date.now();
    const base = r.last ?? { done: 0, total: 0, message: null, etaMs: null };
    // A warm hit changes nothing the user sees; its record still goes with the job's progress.
    const seen = stage !== null || (r.last?.stage ?? null) !== null;
    const progress: JobProgress = { ...base, etaMs: stage ? null : base.etaMs, stage, load };
    if (seen) this.publish(r, progress, stage === null);
    else r.last = progress;
  }

  private publish(r: NonNullable<JobQueue['running']>, progress: JobProgress, saveNow: boolean): void {
    r.last = progress;
    this.bus.emit('jobs.progress', { id: r.id, progress });
    const now = Date.now();
    if (now - r.lastSaved >= SAVE_PROGRESS_EVERY_MS || saveNow) {
      r.lastSaved = now;
      this.store.jobs.setProgress(r.id, progress);
    }
  }

  private finish(id: string, outcome: JobOutcome): void {
    const last = this.running?.last;
    this.running = null;
    if (this.stopping) return this.maybeIdle();
    // Progress is saved throttled; keep the final figure so a stopped job says how far it got.
    if (last) this.store.jobs.setProgress(id, { ...last, etaMs: null, stage: null });
    if (outcome.status === 'failed') this.changed(this.store.jobs.finish(id, 'failed', { error: outcome.error }));
    else {
      const status = outcome.status;
      const effect = this.effects[this.store.jobs.get(id).kind];
      const failed = (err: unknown) => {
        // A typed failure (a full disk) keeps its code, so the user sees what to do about it.
        const code = err instanceof AtelierError ? err.code : 'INTERNAL';
        return { code, message: `The result could not be saved: ${(err as Error).message}` };
      };
      try {
        // The saved versions and the job's end commit together: a crash between them would leave
        // the job 'running', re-run it after the restart and save its versions twice. An effect
        // that fails part way keeps what it saved (each version is its own savepoint) and the job
        // fails in the same commit. Events wait for the commit, so no client hears of a version
        // a crash can still undo.
        this.bus.hold(() =>
          this.store.db
            .transaction(() => {
              let result = outcome.result;
              try {
                if (effect && result !== undefined) result = effect(this.store.jobs.get(id), result, status);
              } catch (err) {
                this.changed(this.store.jobs.finish(id, 'failed', { error: failed(err) }));
                return;
              }
              this.changed(this.store.jobs.finish(id, status, { result }));
            })
            .immediate(),
        );
      } catch (err) {
        this.changed(this.store.jobs.finish(id, 'failed', { error: failed(err) }));
      }
    }
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
