// The schedulers step in one pass over buffers they reuse. These references are the published
// formulas written the plain way, one float32 array per intermediate (x0, ε, the re-noised
// sample), which is how the steps were computed before: a recipe's image depends on every
// rounding, so the one-pass steps must give exactly these bytes, step after step.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../electron/engine/prng';
import { SCHEDULER_NAMES, SD_DEFAULTS, createScheduler, type SchedulerConfig, type SchedulerName } from '../../electron/engine/image/schedulers';
import { lcmTimesteps } from '../../electron/engine/image/schedulers/lcm';
import { alphasCumprod, interp, karrasSigmas, sigmaToT, spacedTimesteps, trainSigmas } from '../../electron/engine/image/schedulers/noise-schedule';

type Step = (m: Float32Array, i: number, x: Float32Array, rng: Prng) => Float32Array;
const arr = (n: number, f: (k: number) => number) => Float32Array.from({ length: n }, (_, k) => f(k));
/** wa·a + wb·b, rounded to float32 per element. */
const mix = (a: Float32Array, wa: number, b: Float32Array, wb: number) => arr(a.length, (k) => wa * (a[k] as number) + wb * (b[k] as number));
const noise = (n: number, rng: Prng) => arr(n, () => rng.gaussian());
const vpX0 = (m: Float32Array, x: Float32Array, a: number, c: SchedulerConfig) =>
  c.prediction_type === 'epsilon' ? mix(x, 1 / Math.sqrt(a), m, -Math.sqrt(1 - a) / Math.sqrt(a)) : mix(x, Math.sqrt(a), m, -Math.sqrt(1 - a));

function reference(name: SchedulerName, c: SchedulerConfig, steps: number): { scale: (x: Float32Array, i: number) => Float32Array; step: Step } {
  const ac = alphasCumprod(c);
  const table = trainSigmas(ac);
  const same = (x: Float32Array) => x;
  if (name === 'euler' || name === 'euler-a') {
    const sig = [...spacedTimesteps(c, steps).map((t) => interp(table, t)), 0] as number[];
    const x0 = (m: Float32Array, s: number, x: Float32Array) => (c.prediction_type === 'epsilon' ? mix(x, 1, m, -s) : mix(m, -s / Math.sqrt(s * s + 1), x, 1 / (s * s + 1)));
    return {
      scale: (x, i) => arr(x.length, (k) => (1 / Math.sqrt(sig[i]! * sig[i]! + 1)) * (x[k] as number)),
      step: (m, i, x, rng) => {
        const [from, to] = [sig[i]!, sig[i + 1]!];
        const d0 = x0(m, from, x);
        if (name === 'euler') return mix(x, 1 + (to - from) / from, d0, -(to - from) / from);
        const up = Math.sqrt((to * to * (from * from - to * to)) / (from * from));
        const down = Math.sqrt(to * to - up * up);
        const moved = mix(x, 1 + (down - from) / from, d0, -(down - from) / from);
        return up > 0 ? mix(moved, 1, noise(x.length, rng), up) : moved;
      },
    };
  }
  if (name === 'ddim' || name === 'lcm') {
    const ts = name === 'ddim' ? spacedTimesteps(c, steps) : lcmTimesteps(c, steps);
    const alpha = (i: number) => (i < ts.length ? (ac[Math.round(ts[i]!)] as number) : c.set_alpha_to_one ? 1 : (ac[0] as number));
    if (name === 'ddim') {
      return {
        scale: same,
        step: (m, i, x) => {
          const [a, prev] = [alpha(i), alpha(i + 1)];
          const x0 = vpX0(m, x, a, c);
          const eps = mix(x, 1 / Math.sqrt(1 - a), x0, -Math.sqrt(a) / Math.sqrt(1 - a));
          return mix(x0, Math.sqrt(prev), eps, Math.sqrt(1 - prev));
        },
      };
    }
    return {
      scale: same,
      step: (m, i, x, rng) => {
        const t = ts[i]! * c.timestep_scaling;
        const cSkip = 0.25 / (t * t + 0.25);
        const cOut = t / Math.sqrt(t * t + 0.25);
        const denoised = mix(vpX0(m, x, alpha(i), c), cOut, x, cSkip);
        if (i === ts.length - 1) return denoised;
        return mix(denoised, Math.sqrt(alpha(i + 1)), noise(x.length, rng), Math.sqrt(1 - alpha(i + 1)));
      },
    };
  }
  const sig = [...karrasSigmas(table[0]!, table[table.length - 1]!, steps), 0];
  expect(sig.slice(0, steps).map((s) => Math.round(sigmaToT(s, table)))).toEqual(createScheduler(name, c, steps).timesteps);
  const aT = (s: number) => 1 / Math.sqrt(s * s + 1);
  const sT = (s: number) => s * aT(s);
  const lambda = (s: number) => Math.log(aT(s)) - Math.log(sT(s));
  let prior: Float32Array | null = null;
  return {
    scale: same,
    step: (m, i, x) => {
      const [s0, t] = [sig[i]!, sig[i + 1]!];
      const m0 = c.prediction_type === 'epsilon' ? mix(x, 1 / aT(s0), m, -sT(s0) / aT(s0)) : mix(x, aT(s0), m, -sT(s0));
      if (i === 0) prior = null;
      let next = m0;
      if (t !== 0) {
        const h = lambda(t) - lambda(s0);
        const k = -aT(t) * Math.expm1(-h);
        const ratio = sT(t) / sT(s0);
        if (prior === null) next = mix(x, ratio, m0, k);
        else {
          const r0 = (lambda(s0) - lambda(sig[i - 1]!)) / h;
          next = mix(x, ratio, mix(m0, 1 + 1 / (2 * r0), prior, -1 / (2 * r0)), k);
        }
      }
      prior = m0;
      return next;
    },
  };
}

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe.each(SCHEDULER_NAMES)('%s in one pass', (name) => {
  it.each([
    ['epsilon', 'leading'],
    ['epsilon', 'trailing'],
    ['v_prediction', 'linspace'],
    ['v_prediction', 'leading'],
  ] as const)('gives the bytes of the plain formulas (%s, %s spacing), from the start and from a later step', (prediction_type, timestep_spacing) => {
    const c: SchedulerConfig = { ...SD_DEFAULTS, prediction_type, timestep_spacing };
    const steps = name === 'lcm' ? 4 : 7;
    for (const from of [0, 2]) {
      const s = createScheduler(name, c, steps);
      const ref = reference(name, c, steps);
      const start = new Prng(1).floats(257, s.initNoiseSigma);
      const [rngA, rngB] = [new Prng(7), new Prng(7)];
      let x: Float32Array = start.slice();
      let expected: Float32Array = start.slice();
      const input = new Float32Array(257);
      for (let i = from; i < s.timesteps.length; i++) {
        s.scaleInput(x, i, input);
        expect(bytes(input), `scaleInput ${i}`).toBe(bytes(ref.scale(expected, i)));
        const m = new Prng(100 + i).floats(257);
        x = s.step(m, i, x, rngA);
        expected = ref.step(m, i, expected, rngB);
        expect(bytes(x), `step ${i}`).toBe(bytes(expected));
      }
    }
  });
});
