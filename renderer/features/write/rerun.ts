// A generation can start over under the window: a host that stops while a job runs (a crash, a
// restart) leaves its row 'running', and the next start re-queues it and runs it again from the
// beginning (electron/store/jobs.ts, recoverInterrupted). Each run counts one more attempt on the
// job, so the attempt the window's ghost text came from tells an old run's text from a new one's.
import type { Job } from '../../../shared/contract';

/**
 * The job started over since the run whose text the window shows (`shownRun`, its attempt; 0 when
 * no run was seen): it is queued again after running, or running a later attempt.
 */
export function startedOver(shownRun: number, job: Pick<Job, 'status' | 'attempts'>): boolean {
  if (shownRun <= 0) return false;
  if (job.status === 'queued') return job.attempts >= shownRun;
  return job.status === 'running' && job.attempts > shownRun;
}

/**
 * Tab pressed while the host was down keeps the text the window showed then, once the re-run has
 * written it again: `wait` until it has, `reached` when its text starts with it, `differs` when it
 * wrote something else (a run on another device need not repeat itself token for token).
 */
export function keepCheck(shown: string, rerun: string): 'wait' | 'reached' | 'differs' {
  if (rerun.length < shown.length) return shown.startsWith(rerun) ? 'wait' : 'differs';
  return rerun.startsWith(shown) ? 'reached' : 'differs';
}

/** What the window says when the job it streams started over (shown until the generation ends). */
export function startedOverNotice(asked: 'tab' | 'stop' | null): string {
  const head = 'The host stopped while the model was writing, so it is writing this again from the start';
  if (asked === 'tab') return `${head}: what you kept with Tab is kept once the model has written it again.`;
  if (asked === 'stop') return `${head}, and the new run is being stopped as you asked.`;
  return `${head}.`;
}

/** Tab was pressed while the host was down, and the re-run wrote other text (or ended first). */
export const RERUN_DIFFERS =
  'The host stopped while the model was writing, and the new run wrote different text: Tab keeps it, Esc stops or rejects it.';
