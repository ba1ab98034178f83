// The request side of useLiveQuery: one request in flight, a burst of reloads coalesced into one
// more, answers dropped once the query is closed or superseded by a value the caller set, and a
// change the caller applied itself (amend) applied again to an answer that was in flight.
import { describe, expect, it } from 'vitest';
import { LiveLoad, type LoadResult } from '../../renderer/app/liveLoad';

/** A load whose answers the test hands out one at a time, in the order it chooses. */
function gate() {
  const pending: { resolve(v: number): void; reject(e: unknown): void }[] = [];
  let asked = 0;
  const load = () => {
    asked++;
    return new Promise<number>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return {
    load,
    asked: () => asked,
    answer: async (v: number) => {
      pending.shift()!.resolve(v);
      await new Promise((r) => setTimeout(r, 0));
    },
    fail: async (e: unknown) => {
      pending.shift()!.reject(e);
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

/** A LiveLoad over a gated load, recording what it shows. */
function setup() {
  const g = gate();
  const shown: LoadResult<number>[] = [];
  const live = new LiveLoad(g.load, (r) => shown.push(r));
  return { g, shown, live };
}

describe('LiveLoad', () => {
  it('coalesces reloads asked for while a request is in flight into one more request', async () => {
    const { g, shown, live } = setup();
    const first = live.reload();
    void live.reload();
    void live.reload();
    const third = live.reload();
    expect(g.asked()).toBe(1);
    await g.answer(1);
    expect(g.asked()).toBe(2);
    await g.answer(2);
    await Promise.all([first, third]);
    expect(g.asked()).toBe(2);
    expect(shown).toEqual([
      { ok: true, data: 1 },
      { ok: true, data: 2 },
    ]);
  });

  it('resolves a reload only after an answer asked for after it is shown', async () => {
    const { g, shown, live } = setup();
    void live.reload();
    let done = false;
    void live.reload().then(() => (done = true));
    await g.answer(1);
    expect(done).toBe(false);
    await g.answer(2);
    expect(done).toBe(true);
    expect(shown.at(-1)).toEqual({ ok: true, data: 2 });
  });

  it('shows a failure, and a reload after it asks again', async () => {
    const { g, shown, live } = setup();
    void live.reload();
    const boom = new Error('host went away');
    await g.fail(boom);
    expect(shown).toEqual([{ ok: false, error: boom }]);
    void live.reload();
    await g.answer(7);
    expect(shown).toEqual([
      { ok: false, error: boom },
      { ok: true, data: 7 },
    ]);
  });

  it('a reload asked for during a failing request still runs', async () => {
    const { g, shown, live } = setup();
    void live.reload();
    void live.reload();
    await g.fail(new Error('busy'));
    expect(g.asked()).toBe(2);
    await g.answer(3);
    expect(shown.at(-1)).toEqual({ ok: true, data: 3 });
  });

  it('drops the answer in flight when the caller shows a newer value', async () => {
    const { g, shown, live } = setup();
    void live.reload();
    live.supersede();
    await g.answer(1);
    expect(shown).toEqual([]);
    void live.reload();
    await g.answer(2);
    expect(shown).toEqual([{ ok: true, data: 2 }]);
  });

  it('applies a change amended while a request is in flight to its answer, in order', async () => {
    const { g, shown, live } = setup();
    void live.reload();
    live.amend((n) => n * 10);
    live.amend((n) => n + 1);
    await g.answer(4); // read before the changes: it gets them both
    expect(shown).toEqual([{ ok: true, data: 41 }]);
  });

  it('a request sent after an amend reads it already: the change is not applied twice', async () => {
    const { g, shown, live } = setup();
    void live.reload();
    live.amend((n) => n + 100);
    void live.reload(); // asked for after the change
    await g.answer(1);
    await g.answer(200);
    expect(shown).toEqual([
      { ok: true, data: 101 },
      { ok: true, data: 200 },
    ]);
    live.amend((n) => n + 100); // nothing in flight: the caller's own copy is all there is to change
    void live.reload();
    await g.answer(300);
    expect(shown.at(-1)).toEqual({ ok: true, data: 300 });
  });

  it('shows nothing once closed and stops asking', async () => {
    const { g, shown, live } = setup();
    void live.reload();
    void live.reload();
    live.close();
    await g.answer(1);
    expect(shown).toEqual([]);
    expect(g.asked()).toBe(1);
  });

  it('a load that throws before returning a promise is a failure, not an escape', async () => {
    const shown: LoadResult<number>[] = [];
    const live = new LiveLoad<number>(
      () => {
        throw new Error('bad input');
      },
      (r) => shown.push(r),
    );
    await live.reload();
    expect(shown).toHaveLength(1);
    expect(shown[0]!.ok).toBe(false);
  });
});
