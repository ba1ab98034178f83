// How many jobs run before a queued one, as the write view's status line says it.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../shared/contract';
import { jobsAhead, waitingWords } from '../../renderer/features/queue/jobsAhead';

const job = (id: string, status: Job['status'], position: number, startedAt: number | null = null): Job =>
  ({ id, kind: 'generate-text', status, position, payload: null, progress: null, result: null, error: null, attempts: 0, createdAt: 1, startedAt, finishedAt: null }) as Job;

describe('jobs ahead of a queued one', () => {
  const jobs = [job('done', 'done', 1), job('late', 'queued', 9), job('mine', 'queued', 5), job('run', 'running', 2, 10), job('next', 'queued', 3)];

  it('counts the running job and those queued before it, not those after or ended', () => {
    expect(jobsAhead(jobs, 'mine')).toBe(2);
    expect(jobsAhead(jobs, 'next')).toBe(1);
    expect(jobsAhead(jobs, 'run')).toBe(0);
  });

  it('knows none for a job not in the list or ended', () => {
    expect(jobsAhead(jobs, 'gone')).toBeNull();
    expect(jobsAhead(jobs, 'done')).toBeNull();
  });

  it('says the count in words, and nothing about it while unknown or first in line', () => {
    expect(waitingWords(2)).toBe('Waiting for the queue: 2 jobs ahead…');
    expect(waitingWords(1)).toBe('Waiting for the queue: 1 job ahead…');
    expect(waitingWords(0)).toBe('Waiting for the queue…');
    expect(waitingWords(null)).toBe('Waiting for the queue…');
  });
});
