// What loading a model is doing, reported to the job that waits for it. The warm pool decides
// whether a load happens at all (a warm hit reports no stage), and the code that does the slow
// parts — reading and hashing files, optimising or opening the graph — lies several calls below
// the job runner, behind loaders shared by every kind of model. Rather than thread a callback
// through each of them, the worker runs a job inside an AsyncLocalStorage scope holding its
// tracker; outside a job (unit tests, the CLI's direct calls) every report here is a no-op.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { JobLoad, LoadStage, ModelLoadRecord } from '../../../shared/contract/entities';

type Served = ModelLoadRecord['served'];

/** Reports at most this often while bytes tick along (stage changes always go out). */
const BYTES_EVERY_MS = 100;

/** The loads of one job: sends each stage as it begins or advances, and the summary as it grows. */
export class LoadTracker {
  private readonly models: ModelLoadRecord[] = [];

  constructor(private readonly send: (stage: LoadStage | null, load: JobLoad) => void) {}

  run<T>(fn: () => Promise<T>): Promise<T> {
    return scope.run({ tracker: this, model: null }, fn);
  }

  summary(): JobLoad {
    return { ms: this.models.reduce((n, m) => n + m.ms, 0), models: this.models.map((m) => ({ ...m })) };
  }

  /** @internal */ stage(s: LoadStage | null): void {
    this.send(s, this.summary());
  }

  /** @internal */ record(r: ModelLoadRecord): void {
    this.models.push(r);
  }
}

/** One model being loaded within a job. */
class ModelLoad {
  readonly startedAt = performance.now();
  private current: { stage: LoadStage['stage']; file: string | null; provider: string | null; since: number; sentAt: number } | null = null;
  provider: string | null = null;
  private served: Served[] = [];

  constructor(
    private readonly tracker: LoadTracker,
    readonly model: string,
  ) {}

  report(stage: LoadStage['stage'], at: { file?: string | null; provider?: string | null; bytesDone?: number; bytesTotal?: number }): void {
    const now = performance.now();
    const file = at.file ?? null;
    const provider = at.provider ?? null;
    const c = this.current;
    const same = c !== null && c.stage === stage && c.file === file && c.provider === provider;
    if (!same) this.current = { stage, file, provider, since: now, sentAt: 0 };
    const cur = this.current!;
    if (provider) this.provider = provider;
    // Bytes tick often; send the first, the last and one every BYTES_EVERY_MS between.
    const last = at.bytesDone !== undefined && at.bytesDone === at.bytesTotal;
    if (same && !last && now - cur.sentAt < BYTES_EVERY_MS) return;
    cur.sentAt = now;
    this.tracker.stage({
      stage,
      model: this.model,
      file,
      provider,
      bytesDone: at.bytesDone ?? null,
      bytesTotal: at.bytesTotal ?? null,
      elapsedMs: Math.round(now - cur.since),
    });
  }

  servedBy(how: Served): void {
    this.served.push(how);
  }

  finish(): void {
    // A model of several sessions is as slow as its slowest: any rebuilt graph counts.
    const how: Served = this.served.includes('optimised') ? 'optimised' : this.served.includes('direct') || this.served.length === 0 ? 'direct' : 'cache';
    this.tracker.record({ model: this.model, served: how, ms: Math.round(performance.now() - this.startedAt), provider: this.provider });
    this.tracker.stage(null);
  }
}

const scope = new AsyncLocalStorage<{ tracker: LoadTracker; model: ModelLoad | null }>();

/** Runs `load` as the load of `model`, reporting its stages to the job's tracker (if any). */
export function trackLoad<T>(model: string, load: () => Promise<T>): Promise<T> {
  const tracker = scope.getStore()?.tracker;
  if (!tracker) return load();
  const m = new ModelLoad(tracker, model);
  return scope.run({ tracker, model: m }, async () => {
    try {
      return await load();
    } finally {
      m.finish();
    }
  });
}

/** The job found `model` already loaded: recorded, no stage shown. */
export function noteWarm(model: string, provider: string | null): void {
  const tracker = scope.getStore()?.tracker;
  if (!tracker) return;
  tracker.record({ model, served: 'warm', ms: 0, provider });
  tracker.stage(null);
}

/** The stage the model being loaded has reached (a no-op outside a tracked load). */
export function reportLoadStage(stage: LoadStage['stage'], at: { file?: string | null; provider?: string | null; bytesDone?: number; bytesTotal?: number } = {}): void {
  scope.getStore()?.model?.report(stage, at);
}

/** How a session of the model being loaded was opened: from the cache, optimised now, or without the cache. */
export function reportServed(how: Exclude<Served, 'warm'>): void {
  scope.getStore()?.model?.servedBy(how);
}
