// DPM-Solver++ 2M with Karras σs (multistep, second order; the last step first order down to
// σ = 0). The sample is in VP space: α_t = 1/sqrt(σ² + 1), σ_t = σ·α_t, λ = log α_t − log σ_t.
import { alphasCumprod, karrasSigmas, sigmaToT, trainSigmas, type SchedulerConfig } from './noise-schedule';
import { combine, Scratch } from './ops';
import { memoTables } from './tables';
import type { Scheduler } from './types';

const dpmTables = memoTables((c: SchedulerConfig, steps: number) => {
  const table = trainSigmas(alphasCumprod(c));
  const sigmas = [...karrasSigmas(table[0] as number, table[table.length - 1] as number, steps), 0];
  const timesteps = sigmas.slice(0, steps).map((s) => Math.round(sigmaToT(s, table)));
  return { sigmas: Object.freeze(sigmas), timesteps: Object.freeze(timesteps) };
});

export function createDpmpp2mKarras(c: SchedulerConfig, steps: number): Scheduler {
  const { sigmas, timesteps } = dpmTables(c, steps);
  const alphaT = (s: number) => 1 / Math.sqrt(s * s + 1);
  const sigmaT = (s: number) => s * alphaT(s);
  const lambda = (s: number) => Math.log(alphaT(s)) - Math.log(sigmaT(s));
  // The previous step's x0 estimate lives in scratch slot 0 or 1; this step's goes in the other.
  const scratch = new Scratch();
  let previousX0: Float32Array | null = null;

  return {
    name: 'dpmpp-2m-karras',
    timesteps,
    initNoiseSigma: 1,
    scaleInput: (x, _i, out) => (out ? (out.set(x), out) : x),
    step(m, i, x) {
      const s0 = sigmas[i] as number;
      const t = sigmas[i + 1] as number;
      if (i === 0) previousX0 = null;
      const m0 = scratch.get(previousX0 === scratch.get(0, x.length) ? 1 : 0, x.length);
      const [wx, wm] = c.prediction_type === 'epsilon' ? [1 / alphaT(s0), -sigmaT(s0) / alphaT(s0)] : [alphaT(s0), -sigmaT(s0)];
      const estimate = (j: number) => (m0[j] = wx * (x[j] as number) + wm * (m[j] as number));
      if (t === 0) {
        for (let j = 0; j < x.length; j++) x[j] = estimate(j); // the final step lands on the denoised estimate
      } else {
        const h = lambda(t) - lambda(s0);
        const k = -alphaT(t) * Math.expm1(-h);
        const ratio = sigmaT(t) / sigmaT(s0);
        const prior = previousX0;
        if (prior === null) {
          for (let j = 0; j < x.length; j++) x[j] = ratio * (x[j] as number) + k * Math.fround(estimate(j));
        } else {
          const s1 = sigmas[i - 1] as number;
          const r0 = (lambda(s0) - lambda(s1)) / h;
          // D = m0 + (m0 − m1)/(2·r0): the second-order midpoint correction.
          const [d0, d1] = [1 + 1 / (2 * r0), -1 / (2 * r0)];
          for (let j = 0; j < x.length; j++) {
            const mj = Math.fround(estimate(j));
            x[j] = ratio * (x[j] as number) + k * Math.fround(d0 * mj + d1 * (prior[j] as number));
          }
        }
      }
      previousX0 = m0;
      return x;
    },
    addNoise: (x0, noise, i) => combine(x0, alphaT(sigmas[i] as number), noise, sigmaT(sigmas[i] as number)),
  };
}
