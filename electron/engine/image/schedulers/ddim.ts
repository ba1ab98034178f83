// DDIM (η = 0): deterministic steps in VP space, x_t = sqrt(ᾱ_t)·x0 + sqrt(1 − ᾱ_t)·ε.
import { alphasCumprod, spacedTimesteps, type SchedulerConfig } from './noise-schedule';
import { combine, predictX0 } from './ops';
import type { Scheduler } from './types';

export function createDdim(c: SchedulerConfig, steps: number): Scheduler {
  const ac = alphasCumprod(c);
  const timesteps = spacedTimesteps(c, steps);
  const finalAlpha = c.set_alpha_to_one ? 1 : (ac[0] as number);
  const alphaAt = (i: number) => (i < timesteps.length ? (ac[Math.round(timesteps[i] as number)] as number) : finalAlpha);
  return {
    name: 'ddim',
    timesteps,
    initNoiseSigma: 1,
    scaleInput: (x) => x,
    step(out, i, x) {
      const a = alphaAt(i);
      const prev = alphaAt(i + 1);
      const x0 = predictX0(out, x, a, c.prediction_type);
      // ε implied by x and x0 (for v-prediction it is not the raw output).
      const eps = combine(x, 1 / Math.sqrt(1 - a), x0, -Math.sqrt(a) / Math.sqrt(1 - a));
      return combine(x0, Math.sqrt(prev), eps, Math.sqrt(1 - prev));
    },
    addNoise: (x0, noise, i) => combine(x0, Math.sqrt(alphaAt(i)), noise, Math.sqrt(1 - alphaAt(i))),
  };
}
