// DDIM (η = 0): deterministic steps in VP space, x_t = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·ε.
import { alphasCumprod, spacedTimesteps, type SchedulerConfig } from './noise-schedule';
import { combine, x0Weights } from './ops';
import { memoTables } from './tables';
import type { Scheduler } from './types';

/** The timesteps and ᾱ at each step; one more ᾱ after the last step (where the sample lands). */
const ddimTables = memoTables((c: SchedulerConfig, steps: number) => {
  const ac = alphasCumprod(c);
  const timesteps = spacedTimesteps(c, steps);
  const finalAlpha = c.set_alpha_to_one ? 1 : (ac[0] as number);
  const alphas = [...timesteps.map((t) => ac[Math.round(t)] as number), finalAlpha];
  return { timesteps: Object.freeze(timesteps), alphas: Object.freeze(alphas) };
});

export function createDdim(c: SchedulerConfig, steps: number): Scheduler {
  const { timesteps, alphas } = ddimTables(c, steps);
  const alphaAt = (i: number) => alphas[Math.min(i, timesteps.length)] as number;
  return {
    name: 'ddim',
    timesteps,
    initNoiseSigma: 1,
    scaleInput: (x, _i, out) => (out ? (out.set(x), out) : x),
    step(m, i, x) {
      const a = alphaAt(i);
      const prev = alphaAt(i + 1);
      const [wx, wm] = x0Weights(a, c.prediction_type);
      // ε implied by x and x0 (for v-prediction it is not the raw output).
      const ex = 1 / Math.sqrt(1 - a);
      const e0 = -Math.sqrt(a) / Math.sqrt(1 - a);
      const [p0, pe] = [Math.sqrt(prev), Math.sqrt(1 - prev)];
      for (let k = 0; k < x.length; k++) {
        const xk = x[k] as number;
        const x0 = Math.fround(wx * xk + wm * (m[k] as number));
        x[k] = p0 * x0 + pe * Math.fround(ex * xk + e0 * x0);
      }
      return x;
    },
    addNoise: (x0, noise, i) => combine(x0, Math.sqrt(alphaAt(i)), noise, Math.sqrt(1 - alphaAt(i))),
  };
}
