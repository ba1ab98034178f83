// Runs jobs in a separate worker process. A crash there (even a native abort inside onnxruntime)
// fails only the job that was running; the next job gets a fresh process.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { childEntry } from './child-entry';
import type { ExecutionProviderInfo, JobLoad, LoadStage } from '../../../shared/contract';
import type { FromWorker, JobOutcome, ToWorker, WorkerConfig } from './protocol';
import type { LoadedModel } from './warm-pool';
import { forwardWithoutNoise } from './native-noise';

export interface WorkerSpawnOptions {
  /** Path of the worker entry; defaults to the source (.ts via tsx) or the built worker.js. */
  entry?: string;
  execPath?: string;
  env?: NodeJS.ProcessEnv;
  /** How long a cancelled job may take to stop before its process is killed. */
  cancelGraceMs?: number;
}

export interface ProgressReport {
  done: number;
  total: number;
  message: string | null;
}

export interface JobListeners {
  onProgress: (p: ProgressReport) => void;
  onEvent?: (name: string, data: Record<string, unknown>) => void;
  onLoading?: (stage: LoadStage | null, load: JobLoad) => void;
}

interface Active {
  jobId: string;
  listeners: JobListeners;
  resolve: (o: JobOutcome) => void;
  cancelTimer?: NodeJS.Timeout;
}

function defaultEntry(): { entry: string; execArgv: string[] } {
  return childEntry(join(__dirname, 'worker-entry.ts'), join(__dirname, 'worker.js'));
}

export class JobWorker {
  private child: ChildProcess | null = null;
  private active: Active | null = null;
  private disposed = false;
  /** How many worker processes have been started (a restart after a crash adds one). */
  starts = 0;
  private config: WorkerConfig | null = null;
  /** What the worker's warm pool holds, as it last said (empty while no worker runs). */
  loaded: LoadedModel[] = [];
  private probes: ((p: ExecutionProviderInfo[] | null) => void)[] = [];

  constructor(private readonly opts: WorkerSpawnOptions = {}) {}

  run(job: { id: string; kind: string; payload: unknown }, listen: JobListeners | ((p: ProgressReport) => void)): Promise<JobOutcome> {
    const listeners = typeof listen === 'function' ? { onProgress: listen } : listen;
    if (this.active) return Promise.reject(new Error('The worker is already running a job'));
    if (this.disposed) return Promise.reject(new Error('The worker was shut down'));
    const child = this.ensureChild();
    return new Promise<JobOutcome>((resolve) => {
      this.active = { jobId: job.id, listeners, resolve };
      this.send(child, { type: 'run', jobId: job.id, kind: job.kind, payload: job.payload });
    });
  }

  /** Asks the job to stop; kills the process if it does not stop within the grace period. */
  cancel(jobId: string): void {
    const active = this.active;
    if (!active || active.jobId !== jobId || active.cancelTimer) return;
    if (this.child) this.send(this.child, { type: 'cancel', jobId });
    active.cancelTimer = setTimeout(() => {
      if (this.active !== active) return;
      this.settle({ status: 'cancelled' });
      this.child?.kill('SIGKILL');
    }, this.opts.cancelGraceMs ?? 3000);
  }

  /** Sets the warm pool's budget and the optimised-graph cache, now and for every later worker. */
  configure(config: WorkerConfig): void {
    this.config = config;
    if (this.child?.connected) this.send(this.child, { type: 'config', config });
  }

  /** Lets the next jobs try again the providers that failed (in this worker) for the model in `dir`, or for every model. */
  retryDevices(dir?: string): void {
    if (this.child?.connected) this.send(this.child, { type: 'retry-devices', ...(dir !== undefined ? { dir } : {}) });
  }

  /** Asks the worker which execution providers start on this machine (null if it died asking). */
  probe(timeoutMs = 60_000): Promise<ExecutionProviderInfo[] | null> {
    if (this.disposed) return Promise.resolve(null);
    const child = this.ensureChild();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (p: ExecutionProviderInfo[] | null) => {
        clearTimeout(timer);
        this.probes = this.probes.filter((f) => f !== done);
        resolve(p);
      };
      this.probes.push(done);
      this.send(child, { type: 'probe' });
    });
  }

  get busy(): boolean {
    return this.active !== null;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.settle({ status: 'failed', error: { code: 'INTERNAL', message: 'The app shut down while the job was running' } });
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  private ensureChild(): ChildProcess {
    if (this.child && this.child.connected) return this.child;
    const { entry, execArgv } = this.opts.entry ? { entry: this.opts.entry, execArgv: [] } : defaultEntry();
    const child = fork(entry, [], {
      execArgv,
      execPath: this.opts.execPath,
      env: this.opts.env ?? process.env,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    if (child.stderr) forwardWithoutNoise(child.stderr, process.stderr);
    this.starts++;
    child.on('message', (msg: FromWorker) => this.onMessage(msg));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      this.loaded = [];
      for (const p of [...this.probes]) p(null);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.settle({
        status: 'failed',
        error: { code: 'INTERNAL', message: `The job worker process ${how} while running this job; it has been restarted` },
      });
    });
    child.on('error', () => {
      /* reported through 'exit' */
    });
    this.child = child;
    if (this.config) this.send(child, { type: 'config', config: this.config });
    return child;
  }

  private send(child: ChildProcess, msg: ToWorker): void {
    child.send(msg);
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type === 'warm') {
      this.loaded = msg.loaded;
      return;
    }
    if (msg.type === 'probed') {
      for (const p of [...this.probes]) p(msg.providers);
      return;
    }
    const active = this.active;
    if (!active || msg.jobId !== active.jobId) return;
    switch (msg.type) {
      case 'progress':
        active.listeners.onProgress({ done: msg.done, total: msg.total, message: msg.message });
        return;
      case 'event':
        active.listeners.onEvent?.(msg.name, msg.data);
        return;
      case 'loading':
        active.listeners.onLoading?.(msg.stage, msg.load);
        return;
      case 'done':
        return this.settle({ status: 'done', result: msg.result });
      case 'failed':
        return this.settle({ status: 'failed', error: msg.error });
      case 'cancelled':
        return this.settle(msg.result === undefined ? { status: 'cancelled' } : { status: 'cancelled', result: msg.result });
    }
  }

  private settle(outcome: JobOutcome): void {
    const active = this.active;
    if (!active) return;
    if (active.cancelTimer) clearTimeout(active.cancelTimer);
    this.active = null;
    // A job cancelled by the user stays cancelled even if the process died while stopping.
    active.resolve(active.cancelTimer && outcome.status === 'failed' ? { status: 'cancelled' } : outcome);
  }
}
