// The fast float32 Box–Muller must give exactly the bytes the plain formula gives (every recipe's
// start noise depends on it): whole noise tensors, the draws it leaves behind, the edge draws
// (u = 1, the smallest u, segment boundaries of both tables, cos near its zeros), and its error
// bounds on a sample of all 2^32 inputs (tools/box-muller-check.ts checks every one). The same for
// its WebAssembly copy (gaussian-kernel.ts), which Prng.gaussians runs.
import { describe, expect, it } from 'vitest';
import { COS_ERROR, cosOfDraw, exactGaussianF32, gaussianF32, LOG_ERROR, logOfDraw } from '../../electron/engine/box-muller-f32';
import { wasmGaussianF32 } from '../../electron/engine/gaussian-kernel';
import { Prng } from '../../electron/engine/prng';

const TWO_32 = 2 ** 32;
const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** What the start noise was before: each gaussian() stored into a Float32Array. */
function plain(seed: number, n: number): Float32Array {
  const rng = new Prng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.gaussian();
  return out;
}

/** Draws at and around the places an approximation could go wrong. */
function edgeDraws(): { a: number[]; b: number[] } {
  const a = new Set<number>([0, 1, 2, 3, 255, 256, 257]);
  // log: m = 2^32 − a at powers of two and at its table's segment starts, ±1.
  for (let e = 0; e < 32; e++) {
    for (const k of [0, 1, 511, 512, 1022, 1023]) {
      const m = Math.round(2 ** e * (1 + k / 1024));
      for (const d of [-1, 0, 1]) if (m + d >= 1 && m + d < TWO_32) a.add(TWO_32 - (m + d));
    }
  }
  const b = new Set<number>([0, 1, 2, TWO_32 - 1, TWO_32 - 2]);
  // cos: quarter turns (zeros and ±1) and its table's segment starts, ±1.
  for (let q = 0; q <= 4; q++) for (const d of [-2, -1, 0, 1, 2]) b.add(q * 2 ** 30 + d);
  for (let k = 0; k < 1024; k += 31) for (const d of [-1, 0, 1]) b.add(k * 2 ** 22 + d);
  return { a: [...a].filter((x) => x >= 0 && x < TWO_32), b: [...b].filter((x) => x >= 0 && x < TWO_32) };
}

describe('fast float32 Box–Muller', () => {
  it('gives the plain formula’s bytes for whole noise tensors, and leaves the generator where it would', () => {
    for (const seed of [0, 1, 5, 0x5bd1e995, 4294967295, ...Array.from({ length: 40 }, (_, i) => 1000 + i)]) {
      const fast = new Prng(seed);
      expect(bytes(fast.gaussians(4096))).toEqual(bytes(plain(seed, 4096)));
      const after = new Prng(seed);
      for (let i = 0; i < 4096; i++) after.gaussian();
      expect(fast.nextUint32()).toBe(after.nextUint32());
    }
  });

  it('matches the exact value, sign of zero included, on edge draws', () => {
    const { a, b } = edgeDraws();
    let checked = 0;
    for (const x of a) {
      for (const y of b) {
        const want = exactGaussianF32(x, y);
        const got = gaussianF32(x, y);
        if (!Object.is(got, want)) expect({ a: x, b: y, got }).toEqual({ a: x, b: y, got: want });
        // The WebAssembly copy of the same code (what Prng.gaussians runs).
        const wasm = wasmGaussianF32(x, y);
        if (!Object.is(wasm, want)) expect({ a: x, b: y, wasm }).toEqual({ a: x, b: y, wasm: want });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50_000);
    // u = 1: −2·ln 1 is −0 and √−0 is −0, so the zero's sign is the opposite of the cosine's.
    expect(Object.is(gaussianF32(0, 0), -0)).toBe(true);
    expect(Object.is(gaussianF32(0, 2 ** 31), 0)).toBe(true);
    expect(Object.is(wasmGaussianF32(0, 0), -0)).toBe(true);
    expect(Object.is(wasmGaussianF32(0, 2 ** 31), 0)).toBe(true);
  });

  it('keeps its log and cos within the bounds the rounding check assumes (sample of the 2^32 inputs)', () => {
    let worstLog = 0;
    let worstCos = 0;
    const { a, b } = edgeDraws();
    const ms = [...a.filter((x) => x > 0).map((x) => TWO_32 - x), ...Array.from({ length: 200_000 }, (_, i) => 1 + i * 21_473)];
    for (const m of ms) worstLog = Math.max(worstLog, Math.abs(logOfDraw(m) - Math.log(m / TWO_32)));
    for (const v of [...b, ...Array.from({ length: 200_000 }, (_, i) => i * 21_473)]) {
      const x = 2 * Math.PI * (v / TWO_32);
      worstCos = Math.max(worstCos, Math.abs(cosOfDraw(x) - Math.cos(x)));
    }
    expect(worstLog).toBeLessThanOrEqual(LOG_ERROR);
    expect(worstCos).toBeLessThanOrEqual(COS_ERROR);
    // Errors of a correct table method are a few ulps: a bound this loose would hide a bad segment.
    expect(worstLog).toBeLessThan(LOG_ERROR / 2);
    expect(worstCos).toBeLessThan(COS_ERROR / 2);
  });
});
