// The KV cache as a value: every operation returns a new cache and never changes this one, so a
// cached document prefix can be shared by many branches and alternatives at once.
// Layout per layer and per key/value: [batch, kvHeads, length, headDim], float32.
import * as ort from 'onnxruntime-node';
import type { IoContract } from './io-contract';

interface Layer {
  key: Float32Array;
  value: Float32Array;
}

export class KvCache {
  private constructor(
    private readonly layers: Layer[],
    readonly batch: number,
    readonly length: number,
    private readonly heads: number,
    private readonly dim: number,
  ) {}

  static empty(io: IoContract, batch: number): KvCache {
    const layers = Array.from({ length: io.layers }, () => ({ key: new Float32Array(0), value: new Float32Array(0) }));
    return new KvCache(layers, batch, 0, io.kvHeads, io.headDim);
  }

  /** A cache over these per-layer arrays ([batch, kvHeads, length, headDim] each; not copied). */
  static fromArrays(keys: Float32Array[], values: Float32Array[], batch: number, length: number, heads: number, dim: number): KvCache {
    return new KvCache(
      keys.map((key, i) => ({ key, value: values[i] as Float32Array })),
      batch,
      length,
      heads,
      dim,
    );
  }

  /** The cache after a forward pass: the graph's `present` outputs already hold past + new. */
  static fromOutputs(io: IoContract, out: ort.InferenceSession.ReturnType, batch: number): KvCache {
    const first = out[io.presentKey[0] as string] as ort.Tensor;
    const length = first.dims[2] as number;
    const layers = io.presentKey.map((k, i) => ({
      key: (out[k] as ort.Tensor).data as Float32Array,
      value: (out[io.presentValue[i] as string] as ort.Tensor).data as Float32Array,
    }));
    return new KvCache(layers, batch, length, io.kvHeads, io.headDim);
  }

  /** This cache with `seq` new positions per row after it ([batch, kvHeads, seq, headDim] per layer). */
  appended(newKeys: readonly Float32Array[], newValues: readonly Float32Array[], seq: number): KvCache {
    const length = this.length + seq;
    const d = this.dim;
    const grow = (old: Float32Array, add: Float32Array) => {
      const out = new Float32Array(this.batch * this.heads * length * d);
      for (let bh = 0; bh < this.batch * this.heads; bh++) {
        out.set(old.subarray(bh * this.length * d, (bh + 1) * this.length * d), bh * length * d);
        out.set(add.subarray(bh * seq * d, (bh + 1) * seq * d), (bh * length + this.length) * d);
      }
      return out;
    };
    const layers = this.layers.map((l, i) => ({ key: grow(l.key, newKeys[i] as Float32Array), value: grow(l.value, newValues[i] as Float32Array) }));
    return new KvCache(layers, this.batch, length, this.heads, this.dim);
  }

  feeds(io: IoContract): Record<string, ort.Tensor> {
    const dims = [this.batch, this.heads, this.length, this.dim];
    const feeds: Record<string, ort.Tensor> = {};
    this.layers.forEach((l, i) => {
      feeds[io.pastKey[i] as string] = new ort.Tensor('float32', l.key, dims);
      feeds[io.pastValue[i] as string] = new ort.Tensor('float32', l.value, dims);
    });
    return feeds;
  }

  /** The first `length` positions (for branching back to an earlier point). */
  rewindTo(length: number): KvCache {
    if (length >= this.length) return this;
    const map = (a: Float32Array) => this.slicePositions(a, length);
    return new KvCache(this.layers.map((l) => ({ key: map(l.key), value: map(l.value) })), this.batch, length, this.heads, this.dim);
  }

  /** Picks (and may repeat) batch rows: expand one prompt to N alternatives, or reorder beams. */
  selectRows(rows: readonly number[]): KvCache {
    const rowSize = this.heads * this.length * this.dim;
    const map = (a: Float32Array) => {
      const out = new Float32Array(rows.length * rowSize);
      rows.forEach((r, i) => out.set(a.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize));
      return out;
    };
    return new KvCache(this.layers.map((l) => ({ key: map(l.key), value: map(l.value) })), rows.length, this.length, this.heads, this.dim);
  }

  expand(n: number): KvCache {
    return this.batch === 1 && n === 1 ? this : this.selectRows(Array.from({ length: n }, () => 0));
  }

  /** An independent copy (the same content; useful when a caller wants to own its buffers). */
  fork(): KvCache {
    return new KvCache(
      this.layers.map((l) => ({ key: l.key.slice(), value: l.value.slice() })),
      this.batch,
      this.length,
      this.heads,
      this.dim,
    );
  }

  get shape(): { heads: number; dim: number; length: number } {
    return { heads: this.heads, dim: this.dim, length: this.length };
  }

  /** The per-layer arrays (read them, never write them: caches share buffers). */
  get arrays(): { keys: Float32Array[]; values: Float32Array[] } {
    return { keys: this.layers.map((l) => l.key), values: this.layers.map((l) => l.value) };
  }

  get bytes(): number {
    return this.layers.reduce((n, l) => n + l.key.byteLength + l.value.byteLength, 0);
  }

  private slicePositions(a: Float32Array, length: number): Float32Array {
    const out = new Float32Array(this.batch * this.heads * length * this.dim);
    const src = this.length * this.dim;
    const dst = length * this.dim;
    for (let bh = 0; bh < this.batch * this.heads; bh++) out.set(a.subarray(bh * src, bh * src + dst), bh * dst);
    return out;
  }
}
