// The decode workspace's in-place operations on a cache whose every float names its place
// (layer, key or value, row, head, position, dim), so a wrong offset shows as a wrong number.
import { describe, expect, it } from 'vitest';
import { KvCache } from '../../electron/engine/text/kv-cache';
import { KvWorkspace } from '../../electron/engine/text/kv-workspace';
import type { IoContract } from '../../electron/engine/text/io-contract';

const LAYERS = 2;
const HEADS = 3;
const DIM = 2;
const io = { layers: LAYERS, kvHeads: HEADS, headDim: DIM, pastKey: ['k0', 'k1'], pastValue: ['v0', 'v1'] } as IoContract;

/** The value at a place: distinct for every (layer, kv, row, head, pos, dim) used here. */
const at = (layer: number, kv: number, row: number, head: number, pos: number, d: number) => layer * 1e5 + kv * 5e4 + row * 1e4 + head * 1e3 + pos * 10 + d;

/** A place's origin: the row it was written for and its position. */
type Cell = [row: number, pos: number];

/** [rows, HEADS, positions, DIM] per layer; each row lists where its positions came from. */
function arrays(rows: Cell[][], kv: number): Float32Array[] {
  return Array.from({ length: LAYERS }, (_, layer) => {
    const out: number[] = [];
    for (const cells of rows) for (let h = 0; h < HEADS; h++) for (const [row, p] of cells) for (let d = 0; d < DIM; d++) out.push(at(layer, kv, row, h, p, d));
    return Float32Array.from(out);
  });
}

/** Row r holds its own positions `positions`. */
const own = (rows: number, positions: number[]): Cell[][] => Array.from({ length: rows }, (_, r) => positions.map((p): Cell => [r, p]));

function cacheOf(rows: Cell[][]): KvCache {
  return KvCache.fromArrays(arrays(rows, 0), arrays(rows, 1), rows.length, (rows[0] as Cell[]).length, HEADS, DIM);
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

/** The workspace's live contents as plain arrays. */
function contents(ws: KvWorkspace) {
  const s = ws.snapshot();
  return { keys: s.arrays.keys.map((a) => [...a]), values: s.arrays.values.map((a) => [...a]), batch: s.batch, length: s.length };
}

function expected(rows: Cell[][]) {
  const c = cacheOf(rows);
  return { keys: c.arrays.keys.map((a) => [...a]), values: c.arrays.values.map((a) => [...a]), batch: rows.length, length: (rows[0] as Cell[]).length };
}

/** What append() takes: one new position `pos` for each of `rows` rows. */
function delta(rows: number, pos: number): { keys: Float32Array[]; values: Float32Array[] } {
  return { keys: arrays(own(rows, [pos]), 0), values: arrays(own(rows, [pos]), 1) };
}

describe('KvWorkspace', () => {
  it('fans out, appends, keeps rows and rewinds in place, keeping every value where it belongs', () => {
    const ws = KvWorkspace.from(cacheOf(own(1, range(4))), 1, 10);
    expect(contents(ws)).toEqual(expected(own(1, range(4))));
    ws.fanOut(3, 10);
    // Every row starts as row 0's prefix, then gets its own new position.
    const prefix = range(4).map((p): Cell => [0, p]);
    expect(contents(ws)).toEqual(expected([prefix, prefix, prefix]));
    const add = delta(3, 4);
    ws.append(add.keys, add.values, 1);
    const rows = [0, 1, 2].map((r): Cell[] => [...prefix, [r, 4]]);
    expect(contents(ws)).toEqual(expected(rows));
    ws.keepRows([0, 2]);
    expect(contents(ws)).toEqual(expected([rows[0]!, rows[2]!]));
    ws.rewindTo(2);
    expect(contents(ws)).toEqual(expected([rows[0]!.slice(0, 2), rows[2]!.slice(0, 2)]));
    // 3 rows × 10 positions of room, now shared by 2 rows.
    expect(ws.capacity).toBe(15);
    const more = delta(2, 9);
    ws.append(more.keys, more.values, 1);
    expect(contents(ws)).toEqual(expected([[...rows[0]!.slice(0, 2), [0, 9]], [...rows[2]!.slice(0, 2), [1, 9]]]));
  });

  it('takes a held workspace over when it has room, rewound in place; copies it otherwise', () => {
    const held = KvWorkspace.from(cacheOf(own(1, range(6))), 1, 12);
    const adopted = KvWorkspace.prepare(io, 2, 6, { kv: held, length: 4 }, () => {
      throw new Error('no spare needed');
    });
    expect(adopted).toBe(held);
    expect(contents(adopted)).toEqual(expected(own(1, range(4))));

    const small = KvWorkspace.from(cacheOf(own(1, range(6))), 1, 6);
    const copied = KvWorkspace.prepare(io, 4, 8, { kv: small, length: 5 }, () => null);
    expect(copied).not.toBe(small);
    expect(contents(copied)).toEqual(expected(own(1, range(5))));
    expect(copied.capacity).toBeGreaterThanOrEqual(4 * 8);
    // The held one is untouched by a copy.
    expect(contents(small)).toEqual(expected(own(1, range(6))));
    // Its row 0 then fans out into the rows asked for, in the same buffers.
    const buffers = copied.bytes;
    copied.fanOut(4, 8);
    expect(copied.bytes).toBe(buffers);
    expect(copied.capacity).toBe(8);
  });

  it('ignores a held workspace of another shape and starts empty, in a spare’s buffers when they fit', () => {
    const other = KvWorkspace.from(KvCache.fromArrays([new Float32Array(8)], [new Float32Array(8)], 1, 2, 2, 2), 1, 2);
    const spare = KvWorkspace.from(cacheOf(own(1, range(2))), 4, 20);
    const ws = KvWorkspace.prepare(io, 1, 30, { kv: other, length: 2 }, () => spare);
    expect(ws.length).toBe(0);
    expect(ws.batch).toBe(1);
    expect(ws.bytes).toBe(spare.bytes);
    const fresh = KvWorkspace.prepare(io, 8, 30, null, () => spare);
    expect(fresh.bytes).toBe(2 * LAYERS * 8 * HEADS * 30 * DIM * 4);
  });

  it('with free slots: appends into them without moving what it holds, masks them, and lays out a chunk more only when full', () => {
    const ws = KvWorkspace.prepare(io, 2, 12, null, () => null, 4);
    const seq = (rows: number, positions: number[]) => ({ keys: arrays(own(rows, positions), 0), values: arrays(own(rows, positions), 1) });
    const first = seq(1, [0, 1, 2]);
    ws.append(first.keys, first.values, 3);
    expect([ws.length, ws.pastSlots]).toEqual([3, 4]);
    expect([...ws.attentionMask(1)]).toEqual([1n, 1n, 1n, 0n, 1n]);
    expect(ws.feeds(io).k0!.dims).toEqual([1, HEADS, 4, DIM]);
    expect(contents(ws)).toEqual(expected(own(1, [0, 1, 2])));
    ws.fanOut(2, 12);
    const prefix = [0, 1, 2].map((p): Cell => [0, p]);
    expect(contents(ws)).toEqual(expected([prefix, prefix]));
    // Position 3 goes into the free slot: the layout (and every held value's offset) stays.
    const keys0 = ws.feeds(io).k0!.data as Float32Array;
    const before = [...keys0.subarray(0, 2 * HEADS * 4 * DIM)];
    const third = delta(2, 3);
    ws.append(third.keys, third.values, 1);
    expect([ws.length, ws.pastSlots]).toEqual([4, 4]);
    const after = [...(ws.feeds(io).k0!.data as Float32Array)];
    after.forEach((v, i) => {
      if (Math.floor(i / DIM) % 4 !== 3) expect(v).toBe(before[i]);
    });
    // Full: the next position lays the blocks out with a chunk more slots.
    const fourth = delta(2, 4);
    ws.append(fourth.keys, fourth.values, 1);
    expect([ws.length, ws.pastSlots]).toEqual([5, 8]);
    const rows = [0, 1].map((r): Cell[] => [...prefix, [r, 3], [r, 4]]);
    expect(contents(ws)).toEqual(expected(rows));
    expect([...ws.attentionMask(2)]).toEqual([1, 1].flatMap(() => [1n, 1n, 1n, 1n, 1n, 0n, 0n, 0n, 1n, 1n]));
    // A short rewind frees slots in place; a long one drops them from the layout.
    const fifth = delta(2, 5);
    ws.append(fifth.keys, fifth.values, 1);
    ws.rewindTo(5);
    expect([ws.length, ws.pastSlots]).toEqual([5, 8]);
    expect(contents(ws)).toEqual(expected(rows));
    expect([...ws.attentionMask(1)]).toEqual([1, 1].flatMap(() => [1n, 1n, 1n, 1n, 1n, 0n, 0n, 0n, 1n]));
    ws.keepRows([1]);
    expect(contents(ws)).toEqual(expected([rows[1]!]));
    ws.rewindTo(2);
    expect([ws.length, ws.pastSlots]).toEqual([2, 2]);
    expect(contents(ws)).toEqual(expected([rows[1]!.slice(0, 2)]));
    expect([...ws.attentionMask(1)]).toEqual([1n, 1n, 1n]);
    // A held padded workspace too small for a request is copied dense, its free slots left out.
    const copied = KvWorkspace.prepare(io, 4, 12, { kv: ws, length: 2 }, () => null, 4);
    expect(copied).not.toBe(ws);
    expect([copied.length, copied.pastSlots]).toEqual([2, 2]);
    expect(contents(copied)).toEqual(expected([rows[1]!.slice(0, 2)]));
  });

  it('refuses to grow past its room and keeps rows only in ascending order', () => {
    const ws = KvWorkspace.from(cacheOf(own(1, range(3))), 1, 3);
    const add = delta(1, 3);
    expect(() => ws.append(add.keys, add.values, 1)).toThrow(/full/);
    expect(contents(ws)).toEqual(expected(own(1, range(3))));
    const two = KvWorkspace.from(cacheOf(own(2, range(3))), 2, 3);
    expect(() => two.keepRows([1, 0])).toThrow(/ascending/);
  });
});
