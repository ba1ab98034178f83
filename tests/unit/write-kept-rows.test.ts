// The write view offers only the alternatives that have a version: one stopped before it wrote
// anything is shown as not kept, cannot be picked, and the stopped line says how many were kept.
import { describe, expect, it } from 'vitest';
import { notKept, stoppedStatus, type Ended } from '../../renderer/features/write/keptRows';

const row = (text: string) => ({ text, tokens: text.length, stopReason: 'cancelled' as const });
const gen = (over: Partial<Ended>): Ended => ({
  status: 'stopped',
  mode: 'alternatives',
  rows: [row('a fox'), row(''), row('a hen')],
  iterationIds: ['v1', null, 'v3'],
  ...over,
});

describe('kept rows of an ended generation', () => {
  it('marks only the rows without a version, and only once the job has ended', () => {
    expect([0, 1, 2].map((i) => notKept(gen({}), i))).toEqual([false, true, false]);
    // Streaming: nothing is known yet, every card can be picked (Tab / a number stops and keeps it).
    expect([0, 1, 2].map((i) => notKept(gen({ status: 'running', iterationIds: null }), i))).toEqual([false, false, false]);
    expect(notKept(gen({ status: 'done', iterationIds: ['v1', 'v2', 'v3'] }), 1)).toBe(false);
  });

  it('says how many alternatives were kept when some were not', () => {
    expect(stoppedStatus(gen({}))).toBe('Stopped — 2 of 3 alternatives wrote text and are kept as stopped versions; the others are not kept');
    expect(stoppedStatus(gen({ iterationIds: ['v1', 'v2', 'v3'] }))).toBe('Stopped — what it wrote is kept as a stopped version');
    expect(stoppedStatus(gen({ mode: 'continue', rows: [row('x')], iterationIds: ['v1'] }))).toBe('Stopped — what it wrote is kept as a stopped version');
  });
});
