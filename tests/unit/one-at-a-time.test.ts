// oneAtATime (the kept texts' save passes): work queued while another runs starts only after it
// ends, in order, and one that fails does not stop the next. Under Node there are no Web Locks, so
// this is the window's own order (Chromium's Web Locks are exercised by trash-open-document e2e).
import { describe, expect, it } from 'vitest';
import { oneAtATime } from '../../renderer/features/documents/oneAtATime';

describe('oneAtATime', () => {
  it('runs queued work in order, never two at once; a failure is its caller’s and the next still runs', async () => {
    const serial = oneAtATime('test');
    const log: string[] = [];
    let running = 0;
    const step = (name: string, fail = false) =>
      serial(async () => {
        running++;
        log.push(`${name}:start:${running}`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`${name}:end`);
        running--;
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([step('a'), step('b', true), step('c')]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a', 'b failed', 'c']);
    expect(log).toEqual(['a:start:1', 'a:end', 'b:start:1', 'b:end', 'c:start:1', 'c:end']);
  });
});
