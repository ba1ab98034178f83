// The pending generation's record in sessionStorage (renderer/features/write/pendingGen.ts): what the
// writer asked of it (a Tab or Stop the host has not heard yet) is kept with it and read back only
// when well formed, a record from before it was kept still loads, and amending it never creates one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { amendPending, recallPending, rememberPending, type AskedRecord, type PendingRecord } from '../../renderer/features/write/pendingGen';
import { TabStorage } from '../support/tab-storage';

let storage: TabStorage;

beforeEach(() => {
  storage = new TabStorage();
  vi.stubGlobal('sessionStorage', storage);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Stores a record as some tab, or damage, left it: well formed or not. */
const store = (record: object) => rememberPending('doc', record as PendingRecord);

/** A record as a tab wrote it before the writer's wishes were kept in it. */
const OLD: PendingRecord = { tab: 't1', ref: 'r1', jobId: 'j1', mode: 'alternatives', parentId: 'v1', from: 3, to: 3, lead: ' ', rows: 2, rewrite: null };
/** Tab on the second alternative pressed while offline: its stop not heard yet. */
const ASKED: AskedRecord = { acceptRow: 1, cancelRequested: true, keepUpTo: null, stopAsked: true, run: 1, shown: ['The sea', 'A lake'] };

describe('the pending generation’s record', () => {
  it('loads a record from before the writer’s wishes were kept, as it was', () => {
    rememberPending('doc', OLD);
    expect(recallPending('doc', 't1')).toEqual(OLD);
  });

  it('keeps a Tab or Stop with the record, and the job’s id amended later keeps it too', () => {
    rememberPending('doc', { ...OLD, jobId: null });
    amendPending('doc', { asked: ASKED });
    amendPending('doc', { jobId: 'j1' });
    expect(recallPending('doc', 't1')).toEqual({ ...OLD, asked: ASKED });
    const waiting: AskedRecord = { ...ASKED, cancelRequested: false, keepUpTo: { row: 0, text: 'The sea' }, run: 2, shown: ['', ''] };
    amendPending('doc', { asked: waiting });
    expect(recallPending('doc', 't1')).toEqual({ ...OLD, asked: waiting });
  });

  it('amends nothing once the record is gone (kept or rejected meanwhile)', () => {
    amendPending('doc', { asked: ASKED });
    expect(storage.length).toBe(0);
  });

  it.each([
    ['a row to keep past its rows', { acceptRow: 2 }],
    ['a row to keep that is not a whole number', { acceptRow: 0.5 }],
    ['no word on whether the stop was heard', { cancelRequested: undefined }],
    ['a stop asked that is not true or false', { stopAsked: 'yes' }],
    ['a Tab waiting for a re-run without its text', { keepUpTo: { row: 0 } }],
    ['a Tab waiting for a re-run on a row it does not have', { keepUpTo: { row: -1, text: 'x' } }],
    ['a negative run', { run: -1 }],
    ['shown text for fewer rows than it has', { shown: ['The sea'] }],
    ['shown text that is not text', { shown: ['The sea', 7] }],
  ])('forgets a record whose wishes are damaged: %s', (_why, damage) => {
    store({ ...OLD, asked: { ...ASKED, ...damage } });
    expect(recallPending('doc', 't1')).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('forgets a record whose wishes are not an object', () => {
    store({ ...OLD, asked: 'tab' });
    expect(recallPending('doc', 't1')).toBeNull();
  });
});
