// The ids windows make for their generate.text requests. A window remembers the id before sending,
// so one reloaded before the answer (the job id) came can still find its job and show it. Asking
// about an id no request brought closes that id: a request still on its way with it is refused
// rather than run unseen by the window that gave it up. Kept while the host runs; a restart ends
// the connection a request was on, so none can arrive late after it.
import type { Job } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';

/** How many ids are kept (oldest forgotten first): far more than windows reload within a request. */
const KEEP = 2000;

export class GenerationRefs {
  /** id → the job its request started, or null once asked about before any came. */
  private readonly refs = new Map<string, string | null>();

  constructor(private readonly jobOf: (id: string) => Job) {}

  /** Starts the request's job once: the same id again answers that job; a closed id is refused. */
  start(ref: string | null, enqueue: () => Job): Job {
    if (ref === null) return enqueue();
    const known = this.refs.get(ref);
    if (known === null) {
      throw new AtelierError('CONFLICT', 'This generation was given up: the window that asked for it reloaded before the request arrived');
    }
    if (known !== undefined) return this.jobOf(known);
    const job = enqueue();
    this.keep(ref, job.id);
    return job;
  }

  /** The job the id's request started (null: none came, and from now on none will). */
  find(ref: string): Job | null {
    const known = this.refs.get(ref);
    if (known === undefined) this.keep(ref, null);
    return known ? this.jobOf(known) : null;
  }

  private keep(ref: string, jobId: string | null): void {
    this.refs.set(ref, jobId);
    if (this.refs.size > KEEP) this.refs.delete(this.refs.keys().next().value as string);
  }
}
