// The denoising loop's SIMD pass (guidance + an Euler-form step + the next UNet input) must give
// exactly the bytes of the scalar JS it replaces: guidance stored in a float32 array, then the
// step, then w·x stored, then the copy into the guided batch's second half.
import { describe, expect, it } from 'vitest';
import { LatentKernel } from '../../electron/engine/image/latent-kernel';
import { Prng } from '../../electron/engine/prng';

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Values of every kind the loop can meet: ordinary, tiny, huge, subnormal, signed zeros, neighbours. */
function values(n: number, rng: Prng): Float32Array {
  const special = [0, -0, 1e-45, -1e-45, 1.17e-38, 3.4e38, -3.4e38, 1, -1, 0.5, 1 + 2 ** -23, 1 - 2 ** -24];
  return Float32Array.from({ length: n }, (_, k) => {
    const u = rng.next();
    if (k % 17 === 0) return special[(k / 17) % special.length] as number;
    if (u < 0.1) return (rng.next() - 0.5) * 1e-30;
    if (u < 0.2) return (rng.next() - 0.5) * 1e6;
    return rng.gaussian() * 3;
  });
}

/** The loop as it was: guide() over the output, the Euler step in place, scaleInput, the copy. */
function scalar(out: Float32Array, x: Float32Array, input: Float32Array | null, cfg: number, guided: boolean, a: number, b: number, wx: number, wm: number, w: number | null) {
  const size = x.length;
  const m = guided ? out.slice(0, size) : out;
  if (guided) for (let i = 0; i < size; i++) m[i] = (out[i] as number) + cfg * ((out[size + i] as number) - (out[i] as number));
  for (let k = 0; k < size; k++) {
    const xk = x[k] as number;
    x[k] = a * xk + b * Math.fround(wx * xk + wm * (m[k] as number));
  }
  if (w === null || !input) return;
  for (let i = 0; i < size; i++) input[i] = w * (x[i] as number);
  if (guided) input.copyWithin(size, 0, size);
}

describe('LatentKernel', () => {
  for (const guided of [true, false]) {
    it(`${guided ? 'guided' : 'unguided'}: step after step, the latent and the next UNet input are the scalar loop's bytes`, () => {
      const rng = new Prng(guided ? 7 : 8);
      const size = 4 * 12 * 20;
      const kernel = new LatentKernel(size, guided ? 2 : 1);
      const x = values(size, rng);
      kernel.latent.set(x);
      const input = new Float32Array(kernel.input.length);
      // Euler-like weights over 10 steps, then odd ones (v-prediction-like, a > 1, b < 0).
      const weights = Array.from({ length: 10 }, (_, i) => {
        const from = 14 / (i + 1);
        const to = i === 9 ? 0 : 14 / (i + 2);
        return { a: 1 + (to - from) / from, b: -(to - from) / from, wx: 1, wm: -from, w: i === 9 ? null : 1 / Math.sqrt(to * to + 1) };
      });
      weights.push({ a: 1.7, b: -0.3, wx: 1 / 3, wm: -0.6, w: 0.1 }, { a: 0, b: 1, wx: 1e-3, wm: 1e3, w: 7 });
      for (const [i, s] of weights.entries()) {
        const out = values(size * (guided ? 2 : 1), rng);
        const cfg = guided ? [7, 1.5, 30][i % 3]! : 1;
        scalar(out.slice(), x, input, cfg, guided, s.a, s.b, s.wx, s.wm, s.w);
        kernel.step(out, cfg, s, s.w);
        expect(bytes(kernel.latent).equals(bytes(x)), `latent after step ${i}`).toBe(true);
        if (s.w !== null) expect(bytes(kernel.input).equals(bytes(input)), `input after step ${i}`).toBe(true);
      }
    });
  }

  it('scales the first input into both halves when guided, and mirrors what a scheduler wrote', () => {
    const rng = new Prng(3);
    const size = 4 * 8 * 8;
    const kernel = new LatentKernel(size, 2);
    const x = values(size, rng);
    kernel.latent.set(x);
    kernel.scaleInput(0.0696);
    const half = Float32Array.from(x, (v) => 0.0696 * v);
    expect(bytes(kernel.input.subarray(0, size)).equals(bytes(half))).toBe(true);
    expect(bytes(kernel.input.subarray(size)).equals(bytes(half))).toBe(true);
    kernel.firstInput.set(x);
    kernel.mirrorInput();
    expect(bytes(kernel.input.subarray(size)).equals(bytes(x))).toBe(true);
  });

  it('keeps its buffers apart: the output copy, the latent and the input do not overlap', () => {
    const kernel = new LatentKernel(16, 2);
    kernel.latent.fill(1);
    kernel.input.fill(2);
    kernel.step(new Float32Array(32).fill(3), 7, { a: 1, b: 0, wx: 0, wm: 0 }, 1);
    expect([...kernel.latent]).toEqual(new Array(16).fill(1));
    expect([...kernel.input]).toEqual(new Array(32).fill(1));
  });
});
