// Euler and Euler Ancestral (k-diffusion): the sample lives in σ-space, x = x0 + σ·ε; the model
// sees x / sqrt(σ² + 1). Ancestral steps go down to σ_down and add fresh noise of size σ_up.
import type { Prng } from '../../prng';
import { alphasCumprod, interp, spacedTimesteps, trainSigmas, type SchedulerConfig } from './noise-schedule';
import { combine, scale } from './ops';
import { memoTables } from './tables';
import type { LinearStep, Scheduler } from './types';

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

  /** x0 = wx·x + wm·m at σ: the sample minus σ·ε, or from the v prediction. */
  const sigmaX0Weights = (s: number): [number, number] => (c.prediction_type === 'epsilon' ? [1, -s] : [1 / (s * s + 1), -s / Math.sqrt(s * s + 1)]);

  /** The step's weights while it is x + d·(to − from) with d = (x − x0)/from; null when σ_up adds noise. */
  const linear = (i: number): LinearStep | null => {
    const from = sig(i);
    let to = sig(i + 1);
    if (ancestral) {
      const up = Math.sqrt((to * to * (from * from - to * to)) / (from * from));
      if (!(up <= 0)) return null;
      to = Math.sqrt(to * to - up * up); // σ_down
    }
    const [wx, wm] = sigmaX0Weights(from);
    return { a: 1 + (to - from) / from, b: -(to - from) / from, wx, wm };
  };
  const inputScale = (i: number) => 1 / Math.sqrt(sig(i) * sig(i) + 1);

  return {
    name: ancestral ? 'euler-a' : 'euler',
    timesteps,
    initNoiseSigma,
    scaleInput: (x, i, out) => scale(x, inputScale(i), out),
    inputScale,
    linearStep: linear,
    step(m, i, x, rng: Prng) {
      const lin = linear(i);
      if (lin) {
        const { a, b, wx, wm } = lin;
        for (let k = 0; k < x.length; k++) {
          const xk = x[k] as number;
          x[k] = a * xk + b * Math.fround(wx * xk + wm * (m[k] as number));
        }
        return x;
      }
      // x + d·(σ_down − from), then fresh noise of size σ_up (drawn in element order, as before).
      const from = sig(i);
      const to = sig(i + 1);
      const [wx, wm] = sigmaX0Weights(from);
      const up = Math.sqrt((to * to * (from * from - to * to)) / (from * from));
      const down = Math.sqrt(to * to - up * up);
      const a = 1 + (down - from) / from;
      const b = -(down - from) / from;
      for (let k = 0; k < x.length; k++) {
        const xk = x[k] as number;
        const moved = Math.fround(a * xk + b * Math.fround(wx * xk + wm * (m[k] as number)));
        x[k] = 1 * moved + up * rng.gaussianF32();
      }
      return x;
    },
    addNoise: (x0, noise, i) => combine(x0, 1, noise, sig(i)),
  };
}
