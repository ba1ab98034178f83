// LCM (latent consistency models): each step jumps to a denoised estimate with the consistency
// boundary conditions c_skip/c_out, then re-noises to the next timestep (fresh noise).
import type { Prng } from '../../prng';
import { alphasCumprod, type SchedulerConfig } from './noise-schedule';
import { combine, x0Weights } from './ops';
import { memoTables } from './tables';
import type { Scheduler } from './types';

const SIGMA_DATA = 0.5;

export function lcmTimesteps(c: SchedulerConfig, steps: number): number[] {
  const k = Math.floor(c.num_train_timesteps / c.original_inference_steps);
  const origin = Array.from({ length: c.original_inference_steps }, (_, i) => (i + 1) * k - 1).reverse();
  const count = Math.min(steps, origin.length);
  return Array.from({ length: count }, (_, i) => origin[Math.floor((i * origin.length) / count)] as number);
}

/** The timesteps and ᾱ at each step; one more ᾱ after the last step. */
const lcmTables = memoTables((c: SchedulerConfig, steps: number) => {
  const ac = alphasCumprod(c);
  const timesteps = lcmTimesteps(c, steps);
  const finalAlpha = c.set_alpha_to_one ? 1 : (ac[0] as number);
  const alphas = [...timesteps.map((t) => ac[t] as number), finalAlpha];
  return { timesteps: Object.freeze(timesteps), alphas: Object.freeze(alphas) };
});

export function createLcm(c: SchedulerConfig, steps: number): Scheduler {
  const { timesteps, alphas } = lcmTables(c, steps);
  const alphaAt = (i: number) => alphas[Math.min(i, timesteps.length)] as number;
  return {
    name: 'lcm',
    timesteps,
    initNoiseSigma: 1,
    scaleInput: (x, _i, out) => (out ? (out.set(x), out) : x),
    step(m, i, x, rng: Prng) {
      const t = (timesteps[i] as number) * c.timestep_scaling;
      const cSkip = (SIGMA_DATA * SIGMA_DATA) / (t * t + SIGMA_DATA * SIGMA_DATA);
      const cOut = t / Math.sqrt(t * t + SIGMA_DATA * SIGMA_DATA);
      const [wx, wm] = x0Weights(alphaAt(i), c.prediction_type);
      if (i === timesteps.length - 1) {
        for (let k = 0; k < x.length; k++) {
          const xk = x[k] as number;
          x[k] = cOut * Math.fround(wx * xk + wm * (m[k] as number)) + cSkip * xk;
        }
        return x;
      }
      // The denoised estimate, re-noised to the next timestep (noise drawn in element order).
      const prev = alphaAt(i + 1);
      const [pd, pn] = [Math.sqrt(prev), Math.sqrt(1 - prev)];
      for (let k = 0; k < x.length; k++) {
        const xk = x[k] as number;
        const denoised = Math.fround(cOut * Math.fround(wx * xk + wm * (m[k] as number)) + cSkip * xk);
        x[k] = pd * denoised + pn * rng.gaussianF32();
      }
      return x;
    },
    addNoise: (x0, noise, i) => combine(x0, Math.sqrt(alphaAt(i)), noise, Math.sqrt(1 - alphaAt(i))),
  };
}
