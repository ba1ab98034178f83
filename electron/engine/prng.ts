// A small seedable PRNG (mulberry32) and a Gaussian from it. Everything random in the engine
// draws from here, never Math.random, so a seed reproduces a result.
import { gaussianF32 } from './box-muller-f32';
import { gaussiansInto } from './gaussian-kernel';
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** The next draw as an integer in [0, 2^32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Standard normal via Box–Muller. */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * n Gaussians into float32: the same bytes and the same draws as storing n `gaussian()` calls
   * in a Float32Array, in about a third of the time: box-muller-f32.ts's method, run as
   * WebAssembly (gaussian-kernel.ts). The start noise uses it.
   */
  gaussians(n: number, out: Float32Array = new Float32Array(n)): Float32Array {
    this.state = gaussiansInto(this.state, n, out);
    return out;
  }

  /** `Math.fround(this.gaussian())`, the same draws, without Math.log and Math.cos for most. */
  gaussianF32(): number {
    const a = this.nextUint32();
    return gaussianF32(a, this.nextUint32());
  }

  floats(n: number, scale = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.gaussian() * scale;
    return out;
  }
}
