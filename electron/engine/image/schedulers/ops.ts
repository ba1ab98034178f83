// Elementwise helpers on latents. Each writes into `out` when given (a buffer the caller reuses
// across steps; it may be one of the inputs, since element i reads only element i) and otherwise
// into a new array. Same arithmetic either way, so the same bytes.
//
// The schedulers' steps run as one pass per step. Where the formulas have an intermediate latent
// (x0, ε, a re-noised sample), it is rounded with Math.fround exactly as storing it in a
// Float32Array rounded it when each formula was its own pass: one pass, the same bytes.
export function combine(a: Float32Array, wa: number, b: Float32Array, wb: number, out: Float32Array = new Float32Array(a.length)): Float32Array {
  for (let i = 0; i < a.length; i++) out[i] = wa * (a[i] as number) + wb * (b[i] as number);
  return out;
}

export function scale(a: Float32Array, w: number, out: Float32Array = new Float32Array(a.length)): Float32Array {
  for (let i = 0; i < a.length; i++) out[i] = w * (a[i] as number);
  return out;
}

export function gaussian(n: number, rng: { gaussian(): number }, out: Float32Array = new Float32Array(n)): Float32Array {
  for (let i = 0; i < n; i++) out[i] = rng.gaussian();
  return out;
}

/**
 * The weights [on the sample, on the model output] of the clean-sample estimate x0 from a VP-space
 * sample with ᾱ = alpha, for an ε- or v-predicting model: x0 = w_x·x + w_m·m.
 */
export function x0Weights(alpha: number, type: 'epsilon' | 'v_prediction'): [number, number] {
  const sa = Math.sqrt(alpha);
  const sb = Math.sqrt(1 - alpha);
  return type === 'epsilon' ? [1 / sa, -sb / sa] : [sa, -sb];
}

/** A per-image buffer made on first use and reused by later steps. */
export class Scratch {
  private readonly bufs: Float32Array[] = [];

  get(slot: number, n: number): Float32Array {
    let b = this.bufs[slot];
    if (!b || b.length !== n) this.bufs[slot] = b = new Float32Array(n);
    return b;
  }
}
