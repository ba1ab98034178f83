// Queue order as people read it: what runs now, what runs next (by position), then what ended,
// newest first.
import type { Job } from '../../../shared/contract';

const ACTIVE = new Set(['running', 'queued']);

export function isActive(job: Job): boolean {
  return ACTIVE.has(job.status);
}

export function orderJobs(jobs: Job[]): Job[] {
  const running = jobs.filter((j) => j.status === 'running').sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  const queued = jobs.filter((j) => j.status === 'queued').sort((a, b) => a.position - b.position);
  const ended = jobs
    .filter((j) => !isActive(j))
    .sort((a, b) => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt));
  return [...running, ...queued, ...ended];
}

/** 0..1 for a job with a known total, else null. */
export function jobFraction(job: Job): number | null {
  const p = job.progress;
  if (!p || p.total <= 0) return null;
  return Math.min(1, p.done / p.total);
}
