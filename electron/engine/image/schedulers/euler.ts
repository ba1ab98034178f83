// Euler and Euler Ancestral (k-diffusion): the sample lives in σ-space, x = x0 + σ·ε; the model
// sees x / sqrt(σ² + 1). Ancestral steps go down to σ_down and add fresh noise of size σ_up.
import type { Prng } from '../../prng';
import { alphasCumprod, interp, spacedTimesteps, trainSigmas, type SchedulerConfig } from './noise-schedule';
import { combine, gaussian, scale, Scratch } from './ops';
import { memoTables } from './tables';
import type { Scheduler } from './types';

const eulerTables = memoTables((c: SchedulerConfig, steps: number) => {
  const table = trainSigmas(alphasCumprod(c));
  const timesteps = spacedTimesteps(c, steps);
  const sigmas = [...timesteps.map((t) => interp(table, t)), 0];
  const sigmaMax = Math.max(...sigmas);
  const initNoiseSigma = c.timestep_spacing === 'leading' ? Math.sqrt(sigmaMax * sigmaMax + 1) : sigmaMax;
  return { timesteps: Object.freeze(timesteps), sigmas: Object.freeze(sigmas), initNoiseSigma };
});

export function createEuler(c: SchedulerConfig, steps: number, ancestral: boolean): Scheduler {
  const { timesteps, sigmas, initNoiseSigma } = eulerTables(c, steps);
  const sig = (i: number) => sigmas[i] as number;
  const scratch = new Scratch();

  const predictX0 = (out: Float32Array, i: number, x: Float32Array, into: Float32Array) => {
    const s = sig(i);
    return c.prediction_type === 'epsilon' ? combine(x, 1, out, -s, into) : combine(out, -s / Math.sqrt(s * s + 1), x, 1 / (s * s + 1), into);
  };

  return {
    name: ancestral ? 'euler-a' : 'euler',
    timesteps,
    initNoiseSigma,
    scaleInput: (x, i, out) => scale(x, 1 / Math.sqrt(sig(i) * sig(i) + 1), out),
    step(out, i, x, rng: Prng) {
      const from = sig(i);
      const to = sig(i + 1);
      const x0 = predictX0(out, i, x, scratch.get(0, x.length));
      if (!ancestral) return combine(x, 1 + (to - from) / from, x0, -(to - from) / from, x);
      const up = Math.sqrt((to * to * (from * from - to * to)) / (from * from));
      const down = Math.sqrt(to * to - up * up);
      // x + d·(down − from) with d = (x − x0)/from, then fresh noise of size σ_up.
      const moved = combine(x, 1 + (down - from) / from, x0, -(down - from) / from, x);
      return up > 0 ? combine(moved, 1, gaussian(x.length, rng, scratch.get(1, x.length)), up, moved) : moved;
    },
    addNoise: (x0, noise, i) => combine(x0, 1, noise, sig(i)),
  };
}
