// The queue's words for a stopped writing job: one stopped before its first token (or while it
// waited) says that no version was added, instead of pointing at text that was never kept.
import { describe, expect, it } from 'vitest';
import type { Job } from '../../shared/contract';
import { keptNoText } from '../../renderer/features/queue/jobLabels';

const job = (over: Partial<Job>): Job => ({
  id: 'j',
  kind: 'generate-text',
  status: 'cancelled',
  position: 0,
  payload: {},
  progress: null,
  result: null,
  error: null,
  note: null,
  attempts: 1,
  createdAt: 1,
  startedAt: 1,
  finishedAt: 2,
  ...over,
});

describe('keptNoText', () => {
  it('is true for a stopped writing job whose rows have no version, or that never ran', () => {
    expect(keptNoText(job({ result: { iterationIds: [null, null], rows: [] } }))).toBe(true);
    expect(keptNoText(job({ result: {} }))).toBe(true);
    expect(keptNoText(job({ result: null }))).toBe(true);
    // A stopped re-run (history.reproduce) that wrote nothing.
    expect(keptNoText(job({ result: { iterationIds: [], reproduction: null } }))).toBe(true);
  });

  it('is false once any row was kept, for a finished job, and for other kinds', () => {
    expect(keptNoText(job({ result: { iterationIds: [null, 'v2'] } }))).toBe(false);
    expect(keptNoText(job({ status: 'done', result: { iterationIds: ['v1'] } }))).toBe(false);
    expect(keptNoText(job({ kind: 'generate-image', result: { iterationIds: [] } }))).toBe(false);
    expect(keptNoText(job({ kind: 'self-test' }))).toBe(false);
  });
});
