// DPM-Solver++ 2M with Karras σs (multistep, second order; the last step first order down to
// σ = 0). The sample is in VP space: α_t = 1/sqrt(σ² + 1), σ_t = σ·α_t, λ = log α_t − log σ_t.
import { alphasCumprod, karrasSigmas, sigmaToT, trainSigmas, type SchedulerConfig } from './noise-schedule';
import { combine } from './ops';
import type { Scheduler } from './types';

export function createDpmpp2mKarras(c: SchedulerConfig, steps: number): Scheduler {
  const table = trainSigmas(alphasCumprod(c));
  const sigmas = [...karrasSigmas(table[0] as number, table[table.length - 1] as number, steps), 0];
  const timesteps = sigmas.slice(0, steps).map((s) => Math.round(sigmaToT(s, table)));
  const alphaT = (s: number) => 1 / Math.sqrt(s * s + 1);
  const sigmaT = (s: number) => s * alphaT(s);
  const lambda = (s: number) => Math.log(alphaT(s)) - Math.log(sigmaT(s));
  let previousX0: Float32Array | null = null;

  const toX0 = (out: Float32Array, x: Float32Array, s: number) =>
    c.prediction_type === 'epsilon' ? combine(x, 1 / alphaT(s), out, -sigmaT(s) / alphaT(s)) : combine(x, alphaT(s), out, -sigmaT(s));

  return {
    name: 'dpmpp-2m-karras',
    timesteps,
    initNoiseSigma: 1,
    scaleInput: (x) => x,
    step(out, i, x) {
      const s0 = sigmas[i] as number;
      const t = sigmas[i + 1] as number;
      const m0 = toX0(out, x, s0);
      if (i === 0) previousX0 = null;
      let next: Float32Array;
      if (t === 0) next = m0; // the final step lands on the denoised estimate
      else {
        const h = lambda(t) - lambda(s0);
        const k = -alphaT(t) * Math.expm1(-h);
        const ratio = sigmaT(t) / sigmaT(s0);
        if (previousX0 === null) next = combine(x, ratio, m0, k);
        else {
          const s1 = sigmas[i - 1] as number;
          const r0 = (lambda(s0) - lambda(s1)) / h;
          // D = m0 + (m0 − m1)/(2·r0): the second-order midpoint correction.
          const d = combine(m0, 1 + 1 / (2 * r0), previousX0, -1 / (2 * r0));
          next = combine(x, ratio, d, k);
        }
      }
      previousX0 = m0;
      return next;
    },
    addNoise: (x0, noise, i) => combine(x0, alphaT(sigmas[i] as number), noise, sigmaT(sigmas[i] as number)),
  };
}
