// What the client has been told, kept the way a user's browser learns it: from replies (a commit,
// a new project, a queued job) and from events (a job done with its versions, history changed).
// Anything recorded here must survive any crash.
import type { Job, ModelFile } from '../../shared/contract';

export type SeenJobState = 'queued' | 'running' | 'done' | 'finished';

export class Ledger {
  /** Version id → how the client learnt of it. */
  readonly iterations = new Map<string, string>();
  readonly projects = new Set<string>();
  readonly documents = new Set<string>();
  /** Job id → the last state the client saw. */
  readonly jobs = new Map<string, SeenJobState>();
  /** Jobs the client asked to cancel (a cancelled job the client did not ask for is a loss). */
  readonly cancelled = new Set<string>();
  /** Imported model id → its files as the import's reply listed them (path, size, sha256). */
  readonly models = new Map<string, ModelFile[]>();

  ackJob(job: Job): void {
    const before = this.jobs.get(job.id);
    if (job.status === 'queued' && (before === undefined || before === 'running')) this.jobs.set(job.id, 'queued');
    else if (job.status === 'running') this.jobs.set(job.id, 'running');
    else if (job.status === 'done') this.jobs.set(job.id, 'done');
    else if (job.status !== 'queued') this.jobs.set(job.id, 'finished');
    const ids = (job.result as { iterationIds?: string[] } | null)?.iterationIds;
    if (job.status === 'done' && ids) for (const id of ids) this.iterations.set(id, `job ${job.kind} done`);
  }

  /** Feeds one event from the socket. */
  onEvent(e: { event: string; data: any }): void {
    if (e.event === 'jobs.changed') this.ackJob(e.data as Job);
    else if (e.event === 'history.changed') for (const id of e.data.iterationIds as string[]) this.iterations.set(id, 'history.changed');
  }

  /** Counts for the report. */
  get size(): { iterations: number; jobs: number; models: number } {
    return { iterations: this.iterations.size, jobs: this.jobs.size, models: this.models.size };
  }
}
