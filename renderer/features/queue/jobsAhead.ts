// How many jobs run before a queued one: those running now and those queued ahead of it, in the
// order the queue reads (orderJobs). A writer waiting behind a long image batch sees why.
import type { Job } from '../../../shared/contract';
import { isActive, orderJobs } from './orderJobs';

/** Jobs ahead of `id` in the queue; null while it is not among the active jobs (not seen yet, or ended). */
export function jobsAhead(jobs: Job[], id: string): number | null {
  const i = orderJobs(jobs)
    .filter(isActive)
    .findIndex((j) => j.id === id);
  return i < 0 ? null : i;
}

/** "Waiting for the queue: 2 jobs ahead" (or without the count while it is not known). */
export function waitingWords(ahead: number | null): string {
  if (ahead === null || ahead === 0) return 'Waiting for the queue…';
  return `Waiting for the queue: ${ahead} ${ahead === 1 ? 'job' : 'jobs'} ahead…`;
}
