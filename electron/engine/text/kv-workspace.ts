// The decode loop's own KV cache: one buffer per layer and key/value, sized once for the whole
// generation and grown in place, so a step allocates nothing in proportion to the context.
// Layout as the graph wants it: [batch, kvHeads, slots, headDim], contiguous from offset 0, with
// room behind it. `slots` ≥ the positions held: for graphs that honour the attention mask (see
// TextModel.kvChunk) slots are added `chunk` at a time and the unused ones are masked out, so an
// append writes the new positions into free slots instead of moving every head's block up by one
// (a memmove of the whole cache per step); with chunk 1 the layout is dense.
// Unlike KvCache it is mutable and owned by one loop at a time; between generations a document's
// workspace waits in the PrefixCache for the next one to take over.
import * as ort from 'onnxruntime-node';
import type { IoContract } from './io-contract';
import { KvCache } from './kv-cache';

export class KvWorkspace {
  private constructor(
    private keys: Float32Array[],
    private values: Float32Array[],
    private rows: number,
    private positions: number,
    /** Positions per (row, head) block as laid out and fed to the graph; those past `positions` are masked. */
    private slots: number,
    private readonly heads: number,
    private readonly dim: number,
    /** Slots are added this many at a time (1: dense, no masked slots). */
    readonly chunk: number,
    /** False once the buffers are the graph's own outputs (replace()): sized exactly, not worth keeping. */
    private ownBuffers = true,
  ) {}

  /**
   * `rows` copies of a one-row cache (or its rows as they are), with room for `capacity` positions.
   * A `spare` workspace no longer in use lends its buffers when they are large enough: fresh
   * ones cost allocation and first-touch page faults (measured: 4 rows of 128 tokens for GPT-2
   * small took 49 ms of CPU fresh, 9 ms copied into existing buffers).
   */
  static from(cache: KvCache, rows: number, capacity: number, spare: KvWorkspace | null = null, chunk = 1): KvWorkspace {
    const { heads, dim, length } = cache.shape;
    const size = rows * heads * Math.max(capacity, length) * dim;
    if (cache.batch !== rows && cache.batch !== 1) throw new Error(`cannot make ${rows} rows from a ${cache.batch}-row cache`);
    const { keys, values } = cache.arrays;
    const pool = spare?.fits(keys.length, heads, dim, size) ? [...spare.keys, ...spare.values] : [];
    const block = heads * length * dim;
    const copy = (src: Float32Array) => {
      const out = pool.shift() ?? new Float32Array(size);
      if (cache.batch === rows) out.set(src.subarray(0, rows * block));
      else for (let r = 0; r < rows; r++) out.set(src.subarray(0, block), r * block);
      return out;
    };
    return new KvWorkspace(keys.map(copy), values.map(copy), rows, length, length, heads, dim, chunk);
  }

  /**
   * A one-row workspace for `io` holding the first `length` positions of `held`'s first row, with
   * room for `rows` rows of `capacity` positions: `held` itself, rewound in place, when its
   * buffers are large enough (a branch from a held prefix then copies nothing); otherwise a copy
   * into `spare()`'s buffers or fresh ones. Without `held`, an empty workspace.
   */
  static prepare(
    io: IoContract,
    rows: number,
    capacity: number,
    held: { kv: KvWorkspace; length: number } | null,
    spare: () => KvWorkspace | null,
    chunk = 1,
  ): KvWorkspace {
    const size = rows * io.kvHeads * capacity * io.headDim;
    const source = held && held.kv.heads === io.kvHeads && held.kv.dim === io.headDim && held.kv.keys.length === io.layers ? held : null;
    if (source && source.kv.chunk === chunk && source.kv.fits(io.layers, io.kvHeads, io.headDim, size)) {
      source.kv.keepRows([0]);
      source.kv.rewindTo(source.length);
      return source.kv;
    }
    const lender = spare();
    const pool = lender?.fits(io.layers, io.kvHeads, io.headDim, size) ? [...lender.keys, ...lender.values] : [];
    const take = () => pool.shift() ?? new Float32Array(size);
    const ws = new KvWorkspace(Array.from({ length: io.layers }, take), Array.from({ length: io.layers }, take), 1, 0, 0, io.kvHeads, io.headDim, chunk);
    if (source && source.length > 0) {
      const n = Math.min(source.length, source.kv.positions);
      const from = source.kv.slots * ws.dim;
      const copy = (a: Float32Array, to: Float32Array) => {
        for (let h = 0; h < ws.heads; h++) to.set(a.subarray(h * from, h * from + n * ws.dim), h * n * ws.dim);
      };
      source.kv.keys.forEach((a, i) => copy(a, ws.keys[i] as Float32Array));
      source.kv.values.forEach((a, i) => copy(a, ws.values[i] as Float32Array));
      ws.positions = n;
      ws.slots = n;
    }
    return ws;
  }

  /** Bytes held by the buffers. */
  get bytes(): number {
    return [...this.keys, ...this.values].reduce((n, a) => n + a.byteLength, 0);
  }

  /** Whether the buffers are this workspace's own (and so can be lent to the next one). */
  get reusable(): boolean {
    return this.ownBuffers;
  }

  get batch(): number {
    return this.rows;
  }

  /** Positions held (per row). */
  get length(): number {
    return this.positions;
  }

  /** The past length the graph sees: positions plus masked free slots. */
  get pastSlots(): number {
    return this.slots;
  }

  /** Positions per row the buffers have room for at the current row count. */
  get capacity(): number {
    return Math.floor((this.keys[0]?.length ?? 0) / (this.rows * this.heads * this.dim));
  }

  /** The past inputs: views of the laid-out part of each buffer (no copy). */
  feeds(io: IoContract): Record<string, ort.Tensor> {
    const dims = [this.rows, this.heads, this.slots, this.dim];
    const size = this.rows * this.heads * this.slots * this.dim;
    const feeds: Record<string, ort.Tensor> = {};
    for (let i = 0; i < this.keys.length; i++) {
      feeds[io.pastKey[i] as string] = new ort.Tensor('float32', (this.keys[i] as Float32Array).subarray(0, size), dims);
      feeds[io.pastValue[i] as string] = new ort.Tensor('float32', (this.values[i] as Float32Array).subarray(0, size), dims);
    }
    return feeds;
  }

  /** The attention mask for `seq` new positions per row: [batch, pastSlots + seq], 0 on the free slots. */
  attentionMask(seq: number): BigInt64Array {
    const width = this.slots + seq;
    const mask = new BigInt64Array(this.rows * width).fill(1n);
    if (this.slots > this.positions) for (let r = 0; r < this.rows; r++) mask.fill(0n, r * width + this.positions, r * width + this.slots);
    return mask;
  }

  /**
   * Appends `seq` new positions per row ([batch, kvHeads, seq, headDim] per layer) in place: into
   * free slots when there are enough, else after laying the blocks out with more slots.
   */
  append(newKeys: readonly Float32Array[], newValues: readonly Float32Array[], seq: number): void {
    const need = this.positions + seq;
    if (need > this.capacity) throw new Error(`KV workspace full: ${this.positions} + ${seq} > ${this.capacity} positions`);
    if (need > this.slots) this.relayout(Math.min(this.capacity, Math.ceil(need / this.chunk) * this.chunk));
    const d = this.dim;
    const stride = this.slots * d;
    for (let i = 0; i < this.keys.length; i++) {
      for (const [buf, add] of [
        [this.keys[i], newKeys[i]],
        [this.values[i], newValues[i]],
      ] as [Float32Array, Float32Array][]) {
        for (let bh = 0; bh < this.rows * this.heads; bh++) buf.set(add.subarray(bh * seq * d, (bh + 1) * seq * d), bh * stride + this.positions * d);
      }
    }
    this.positions = need;
  }

  /** Takes the graph's whole `present` outputs as the cache (models whose new K/V are not exposed). */
  replace(presentKeys: Float32Array[], presentValues: Float32Array[], length: number): void {
    this.keys = presentKeys;
    this.values = presentValues;
    this.positions = length;
    this.slots = length;
    this.ownBuffers = false;
  }

  /** Keeps these rows (ascending indices), in this order, moving them down in place. */
  keepRows(rows: readonly number[]): void {
    const size = this.heads * this.slots * this.dim;
    rows.forEach((r, i) => {
      if (i > 0 && r <= (rows[i - 1] as number)) throw new Error('keepRows needs ascending row indices');
      if (r >= this.rows) throw new Error(`row ${r} of ${this.rows}`);
      if (r === i) return;
      for (const a of [...this.keys, ...this.values]) a.copyWithin(i * size, r * size, (r + 1) * size);
    });
    this.rows = rows.length;
  }

  /**
   * One row becomes `n` equal rows (alternatives sharing a prefill), with room for `capacity`
   * positions each: in place when the buffers have that room (prepare() made them so).
   */
  fanOut(n: number, capacity = this.slots): void {
    if (this.rows !== 1) throw new Error(`fanOut needs one row, not ${this.rows}`);
    const block = this.heads * this.slots * this.dim;
    const size = n * this.heads * Math.max(capacity, this.slots) * this.dim;
    const widen = (a: Float32Array) => {
      const out = a.length >= size ? a : new Float32Array(size);
      if (out !== a) out.set(a.subarray(0, block));
      for (let r = 1; r < n; r++) out.copyWithin(r * block, 0, block);
      return out;
    };
    this.keys = this.keys.map(widen);
    this.values = this.values.map(widen);
    this.rows = n;
  }

  /** Keeps only the first `length` positions of every row: the rest become free slots, or are dropped from the layout. */
  rewindTo(length: number): void {
    if (length >= this.positions) return;
    this.positions = length;
    if (this.slots - length >= this.chunk) this.relayout(length);
  }

  /** An immutable copy of the first `length` positions (for code that works on KvCache values). */
  snapshot(length = this.positions): KvCache {
    const n = Math.min(length, this.positions);
    const d = this.dim;
    const cut = (a: Float32Array) => {
      const out = new Float32Array(this.rows * this.heads * n * d);
      for (let bh = 0; bh < this.rows * this.heads; bh++) out.set(a.subarray(bh * this.slots * d, (bh * this.slots + n) * d), bh * n * d);
      return out;
    };
    return KvCache.fromArrays(this.keys.map(cut), this.values.map(cut), this.rows, n, this.heads, this.dim);
  }

  /** Whether this workspace's own buffers suit a model of this shape and hold `size` floats each. */
  private fits(layers: number, heads: number, dim: number, size: number): boolean {
    return this.ownBuffers && this.heads === heads && this.dim === dim && this.keys.length === layers && [...this.keys, ...this.values].every((a) => a.length >= size);
  }

  /** Lays every (row, head) block out with `slots` positions, moving the held ones in place. */
  private relayout(slots: number): void {
    const d = this.dim;
    const from = this.slots * d;
    const to = slots * d;
    const live = this.positions * d;
    const blocks = this.rows * this.heads;
    for (const a of [...this.keys, ...this.values]) {
      // Growing, move the last block first; shrinking, the first: a move never lands on a block not yet moved.
      if (to > from) for (let bh = blocks - 1; bh > 0; bh--) a.copyWithin(bh * to, bh * from, bh * from + live);
      else if (to < from) for (let bh = 1; bh < blocks; bh++) a.copyWithin(bh * to, bh * from, bh * from + live);
    }
    this.slots = slots;
  }
}
