// Elementwise helpers on latents.
export function combine(a: Float32Array, wa: number, b: Float32Array, wb: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = wa * (a[i] as number) + wb * (b[i] as number);
  return out;
}

export function scale(a: Float32Array, w: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = w * (a[i] as number);
  return out;
}

export function gaussian(n: number, rng: { gaussian(): number }): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.gaussian();
  return out;
}

/**
 * The model's prediction of the clean sample x0 from a VP-space sample with ᾱ = alpha, for an
 * ε- or v-predicting model.
 */
export function predictX0(modelOutput: Float32Array, sample: Float32Array, alpha: number, type: 'epsilon' | 'v_prediction'): Float32Array {
  const sa = Math.sqrt(alpha);
  const sb = Math.sqrt(1 - alpha);
  return type === 'epsilon' ? combine(sample, 1 / sa, modelOutput, -sb / sa) : combine(sample, sa, modelOutput, -sb);
}
