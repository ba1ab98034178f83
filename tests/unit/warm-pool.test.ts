// The warm pool's rules with plain objects: reuse while warm, reload when the files change, evict
// least recently used above the budget, never what the running job holds.
import { describe, expect, it } from 'vitest';
import { WarmPool } from '../../electron/engine/runtime/warm-pool';

function loader(log: string[]) {
  let n = 0;
  return (name: string, bytes: number) => ({
    load: async () => {
      const id = `${name}#${++n}`;
      log.push(`load ${id}`);
      return { id, bytes, dispose: async () => void log.push(`dispose ${id}`) };
    },
    describe: (v: { bytes: number }) => ({ provider: 'cpu', bytes: v.bytes }),
  });
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('WarmPool', () => {
  it('reuses a warm model and reloads it when its files change', async () => {
    const log: string[] = [];
    const make = loader(log);
    const pool = new WarmPool(1000);
    const a = make('a', 100);
    const first = await pool.get('a', 's1', { label: 'a', kind: 'text' }, a.load, a.describe);
    expect(await pool.get('a', 's1', { label: 'a', kind: 'text' }, a.load, a.describe)).toBe(first);
    const changed = await pool.get('a', 's2', { label: 'a', kind: 'text' }, a.load, a.describe);
    expect(changed).not.toBe(first);
    await flush();
    expect(log).toEqual(['load a#1', 'load a#2', 'dispose a#1']);
    expect(pool.loaded()).toEqual([expect.objectContaining({ key: 'a', label: 'a', kind: 'text', provider: 'cpu', bytes: 100 })]);
  });

  it('evicts least recently used above the budget, but not what the running job holds', async () => {
    const log: string[] = [];
    const make = loader(log);
    const pool = new WarmPool(250);
    const get = async (name: string) => {
      const l = make(name, 100);
      await pool.get(name, 's', { label: name, kind: 'gan' }, l.load, l.describe);
      await flush();
    };
    await get('a');
    await get('b');
    await get('c'); // 300 > 250, but the job holds a, b and c
    expect(log.filter((l) => l.startsWith('dispose'))).toEqual([]);
    pool.release(); // the job ended: a (least recently used) goes
    await flush();
    expect(log.filter((l) => l.startsWith('dispose'))).toEqual(['dispose a#1']);
    expect(pool.loaded().map((m) => m.label)).toEqual(['c', 'b']);
    await get('b'); // b is now the most recent
    pool.release();
    await get('d');
    pool.release();
    await flush();
    expect(pool.loaded().map((m) => m.label)).toEqual(['d', 'b']);
    expect(pool.usedBytes()).toBe(200);

    const seen: string[][] = [];
    pool.onChange((loaded) => seen.push(loaded.map((m) => m.label)));
    pool.setBudget(150); // shrinking evicts at once
    await flush();
    expect(pool.loaded().map((m) => m.label)).toEqual(['d']);
    expect(seen.at(-1)).toEqual(['d']);
  });

  it('forgets a model that failed to load, so the next job tries again', async () => {
    const pool = new WarmPool(1000);
    let tries = 0;
    const load = async () => {
      tries++;
      if (tries === 1) throw new Error('bad');
      return { dispose: async () => {} };
    };
    await expect(pool.get('x', 's', { label: 'x', kind: 'text' }, load, () => ({ provider: 'cpu', bytes: 1 }))).rejects.toThrow('bad');
    await flush();
    expect(pool.loaded()).toEqual([]);
    await pool.get('x', 's', { label: 'x', kind: 'text' }, load, () => ({ provider: 'cpu', bytes: 1 }));
    expect(tries).toBe(2);
  });
  it('files an entry under the device it ended up on, refuses a key already taken, and unloads a duplicate', async () => {
    const log: string[] = [];
    const make = loader(log);
    const pool = new WarmPool(10_000);
    const meta = { label: 'gan', kind: 'gan' };
    const a = make('gan', 100);
    const first = await pool.get('gan@cuda', 's', meta, a.load, a.describe);
    expect(pool.holds('gan@cuda', 's')).toBe(true);
    expect(pool.holds('gan@cuda', 'other')).toBe(false);
    expect(pool.rekey('gan@cuda', 'gan@cpu')).toBe(true);
    expect(pool.holds('gan@cuda', 's')).toBe(false);
    expect(await pool.get('gan@cpu', 's', meta, a.load, a.describe)).toBe(first);
    const second = await pool.get('gan@cuda', 's', meta, a.load, a.describe);
    expect(pool.rekey('gan@cuda', 'gan@cpu')).toBe(false);
    await pool.discard('gan@cuda');
    expect(log).toEqual(['load gan#1', 'load gan#2', 'dispose gan#2']);
    expect(second).not.toBe(first);
    expect(pool.loaded().map((m) => m.key)).toEqual(['gan@cpu']);
  });

  it('retire hides an entry that moved to a device another copy runs on, and unloads it when the job ends', async () => {
    const log: string[] = [];
    const make = loader(log);
    const pool = new WarmPool(1000);
    const cpu = make('m', 100);
    const gpu = make('m', 100);
    await pool.get('m@cpu', 's', { label: 'm', kind: 'text' }, cpu.load, cpu.describe);
    const moved = await pool.get('m@cuda', 's', { label: 'm', kind: 'text' }, gpu.load, () => ({ provider: 'cuda', bytes: 100 }));
    await flush();
    pool.retire('m@cuda', 'cpu');
    expect(pool.holds('m@cuda', 's')).toBe(false);
    expect(pool.loaded().map((m) => `${m.label}@${m.provider}`)).toEqual(['m@cpu', 'm@cpu']);
    expect(log.filter((l) => l.startsWith('dispose'))).toEqual([]); // the job still runs on it
    pool.release();
    await flush();
    expect(log.filter((l) => l.startsWith('dispose'))).toEqual([`dispose ${(moved as { id: string }).id}`]);
    expect(pool.loaded().map((m) => m.key)).toEqual(['m@cpu']);
  });

  it('rekey with a provider says where a moved entry runs now', async () => {
    const pool = new WarmPool(1000);
    const gpu = loader([])('m', 100);
    await pool.get('m@cuda', 's', { label: 'm', kind: 'gan' }, gpu.load, () => ({ provider: 'cuda', bytes: 100 }));
    await flush();
    expect(pool.rekey('m@cuda', 'm@cpu', 'cpu')).toBe(true);
    expect(pool.loaded()).toEqual([expect.objectContaining({ key: 'm@cpu', provider: 'cpu' })]);
  });
});
