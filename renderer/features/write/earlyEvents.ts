// Events heard for a job before this window knows its id: the host may stream tokens and job
// changes before generate.text's answer arrives, and they must not be lost (nor kept for ever).
// Separate from the run so that its bounded buffering stays out of the generation's logic.
import type { Job, TokensEvent } from '../../../shared/contract';

interface Heard {
  tokens: TokensEvent[];
  job: Job | null;
  at: number;
}

export class EarlyEvents {
  private readonly byJob = new Map<string, Heard>();

  remember(jobId: string, patch: { tokens?: TokensEvent; job?: Job }): void {
    const now = Date.now();
    for (const [id, e] of this.byJob) if (now - e.at > 60_000) this.byJob.delete(id);
    const entry = this.byJob.get(jobId) ?? { tokens: [], job: null, at: now };
    if (patch.tokens && entry.tokens.length < 5000) entry.tokens.push(patch.tokens);
    if (patch.job) entry.job = patch.job;
    this.byJob.set(jobId, entry);
  }

  /** What was heard for a job now known (forgotten here: it is handled once). */
  take(jobId: string): Heard | undefined {
    const heard = this.byJob.get(jobId);
    this.byJob.delete(jobId);
    return heard;
  }
}
