// Schedulers against the published formulas: the noise schedule's known values, the timestep
// grids, and an exact denoiser (one that knows x0) that every scheduler must follow back to x0.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../electron/engine/prng';
import { SCHEDULER_NAMES, SD_DEFAULTS, createScheduler, readConfig, type Scheduler } from '../../electron/engine/image/schedulers';
import { lcmTimesteps } from '../../electron/engine/image/schedulers/lcm';
import { alphasCumprod, interp, karrasSigmas, sigmaToT, spacedTimesteps, trainSigmas } from '../../electron/engine/image/schedulers/noise-schedule';

describe('noise schedule (Stable Diffusion 1.x settings)', () => {
  const ac = alphasCumprod(SD_DEFAULTS);
  const sig = trainSigmas(ac);

  it('has the known ᾱ and σ range', () => {
    // β_0 = 0.00085 exactly, so ᾱ_0 = 0.99915; σ_max/σ_min are the widely quoted 14.6146 / 0.0292.
    expect(ac[0]).toBeCloseTo(0.99915, 10);
    expect(sig[999]).toBeCloseTo(14.6146, 3);
    expect(sig[0]).toBeCloseTo(0.0292, 4);
    // ᾱ is the running product of (1 − β) with β on a squared linear ramp.
    const b1 = Math.pow(Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) / 999, 2);
    expect(ac[1]).toBeCloseTo(0.99915 * (1 - b1), 12);
  });

  it('spaces timesteps as leading, trailing and linspace', () => {
    expect(spacedTimesteps(SD_DEFAULTS, 4)).toEqual([751, 501, 251, 1]);
    expect(spacedTimesteps({ ...SD_DEFAULTS, timestep_spacing: 'trailing' }, 4)).toEqual([999, 749, 499, 249]);
    expect(spacedTimesteps({ ...SD_DEFAULTS, timestep_spacing: 'linspace' }, 3)).toEqual([999, 499.5, 0]);
    expect(spacedTimesteps({ ...SD_DEFAULTS, timestep_spacing: 'trailing' }, 1)).toEqual([999]);
  });

  it('interpolates σ and inverts it in log space', () => {
    expect(interp(sig, 10.5)).toBeCloseTo(((sig[10] as number) + (sig[11] as number)) / 2, 12);
    expect(sigmaToT(sig[400] as number, sig)).toBeCloseTo(400, 6);
    const ks = karrasSigmas(0.0292, 14.6146, 5);
    expect(ks[0]).toBeCloseTo(14.6146, 10);
    expect(ks[4]).toBeCloseTo(0.0292, 10);
    // ρ = 7: equal steps in σ^(1/7).
    const r = ks.map((s) => Math.pow(s, 1 / 7));
    expect((r[0] as number) - (r[1] as number)).toBeCloseTo((r[3] as number) - (r[4] as number), 10);
  });

  it('picks LCM timesteps from its 50-step distillation grid', () => {
    expect(lcmTimesteps(SD_DEFAULTS, 4)).toEqual([999, 759, 499, 259]);
    expect(lcmTimesteps(SD_DEFAULTS, 1)).toEqual([999]);
  });

  it('reads scheduler_config.json over the defaults', () => {
    const c = readConfig({ timestep_spacing: 'trailing', prediction_type: 'v_prediction', clip_sample: false });
    expect(c).toMatchObject({ timestep_spacing: 'trailing', prediction_type: 'v_prediction', beta_end: 0.012 });
  });
});

/**
 * A perfect model: knowing x0, it returns exactly the ε (or v) that explains the sample it sees at
 * timestep t, where the sample it sees is in VP space with ᾱ(t) = 1 / (1 + σ(t)²).
 */
function exactModel(x0: Float32Array, type: 'epsilon' | 'v_prediction') {
  const sig = trainSigmas(alphasCumprod(SD_DEFAULTS));
  return (input: Float32Array, t: number) => {
    const s = interp(sig, t);
    const a = 1 / (1 + s * s);
    const out = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const eps = ((input[i] as number) - Math.sqrt(a) * (x0[i] as number)) / Math.sqrt(1 - a);
      out[i] = type === 'epsilon' ? eps : Math.sqrt(a) * eps - Math.sqrt(1 - a) * (x0[i] as number);
    }
    return out;
  };
}

function denoise(s: Scheduler, model: (x: Float32Array, t: number) => Float32Array, start: Float32Array, from = 0): Float32Array {
  const rng = new Prng(3);
  let x = start;
  for (let i = from; i < s.timesteps.length; i++) x = s.step(model(s.scaleInput(x, i), s.timesteps[i] as number), i, x, rng);
  return x;
}

describe.each(SCHEDULER_NAMES)('%s', (name) => {
  const x0 = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 0.8);
  const noise = new Prng(11).floats(64);

  it.each(['epsilon', 'v_prediction'] as const)('follows an exact %s model from noise back to x0', (type) => {
    // DDIM and LCM end at ᾱ = 1 here; with SD's set_alpha_to_one=false they stop at ᾱ_0 (tested below).
    const config = { ...SD_DEFAULTS, prediction_type: type, set_alpha_to_one: true };
    const s = createScheduler(name, config, name === 'lcm' ? 4 : 12);
    const start = noise.map((n) => n * s.initNoiseSigma);
    const out = denoise(s, exactModel(x0, type), start);
    out.forEach((v, i) => expect(Math.abs(v - (x0[i] as number))).toBeLessThan(2e-3));
  });

  it('img2img: adds noise to the level of a later step, then denoises from there', () => {
    const s = createScheduler(name, { ...SD_DEFAULTS, set_alpha_to_one: true }, 10);
    const from = 4;
    const noisy = s.addNoise(x0, noise, from);
    // The noised latent has more spread than x0 and still correlates with it.
    expect(noisy.some((v, i) => Math.abs(v - (x0[i] as number)) > 0.05)).toBe(true);
    const out = denoise(s, exactModel(x0, 'epsilon'), noisy, from);
    out.forEach((v, i) => expect(Math.abs(v - (x0[i] as number))).toBeLessThan(2e-3));
  });

  it('visits timesteps from high to low within the training range', () => {
    const s = createScheduler(name, SD_DEFAULTS, 8);
    expect(s.timesteps.length).toBe(8);
    for (let i = 1; i < s.timesteps.length; i++) expect(s.timesteps[i]).toBeLessThan(s.timesteps[i - 1] as number);
    expect(Math.max(...s.timesteps)).toBeLessThanOrEqual(999);
    expect(Math.min(...s.timesteps)).toBeGreaterThanOrEqual(0);
  });
});

describe('DDIM with set_alpha_to_one = false', () => {
  it('stops at the noise level of timestep 0, as Stable Diffusion configures it', () => {
    const x0 = Float32Array.from({ length: 16 }, (_, i) => Math.cos(i));
    const s = createScheduler('ddim', SD_DEFAULTS, 6);
    const start = new Prng(5).floats(16);
    const model = exactModel(x0, 'epsilon');
    const rng = new Prng(1);
    let x = start;
    let eps = new Float32Array(16);
    for (let i = 0; i < s.timesteps.length; i++) {
      eps = model(x, s.timesteps[i] as number);
      x = s.step(eps, i, x, rng);
    }
    const a0 = alphasCumprod(SD_DEFAULTS)[0] as number;
    x.forEach((v, i) => expect(v).toBeCloseTo(Math.sqrt(a0) * (x0[i] as number) + Math.sqrt(1 - a0) * (eps[i] as number), 5));
  });
});

describe('buffers and tables', () => {
  it('shares the read-only tables of one config and step count, and only those', () => {
    const a = createScheduler('dpmpp-2m-karras', SD_DEFAULTS, 8);
    const b = createScheduler('dpmpp-2m-karras', readConfig({}), 8);
    expect(b.timesteps).toBe(a.timesteps);
    expect(Object.isFrozen(a.timesteps)).toBe(true);
    expect(createScheduler('dpmpp-2m-karras', SD_DEFAULTS, 9).timesteps).not.toBe(a.timesteps);
    const steeper = createScheduler('dpmpp-2m-karras', { ...SD_DEFAULTS, beta_end: 0.02 }, 8);
    expect(steeper.timesteps).not.toEqual(a.timesteps);
  });

  it.each(SCHEDULER_NAMES)('%s: steps in place, reads the model output only, scales into the given buffer', (name) => {
    const s = createScheduler(name, SD_DEFAULTS, 6);
    const x = new Prng(1).floats(32, s.initNoiseSigma);
    const out = new Prng(2).floats(32);
    const outBefore = out.slice();
    const into = new Float32Array(32);
    expect(s.scaleInput(x, 0, into)).toBe(into);
    expect([...into]).toEqual([...s.scaleInput(x.slice(), 0)]);
    const before = x.slice();
    expect(s.step(out, 0, x, new Prng(3))).toBe(x);
    expect([...out]).toEqual([...outBefore]);
    expect([...x]).not.toEqual([...before]);
  });

  it('keeps multistep state per scheduler object: two images stepped in turn match each stepped alone', () => {
    const run = (interleave: boolean) => {
      const [s1, s2] = [createScheduler('dpmpp-2m-karras', SD_DEFAULTS, 5), createScheduler('dpmpp-2m-karras', SD_DEFAULTS, 5)];
      const [x1, x2] = [new Prng(1).floats(16), new Prng(2).floats(16)];
      const model = (i: number, k: number) => new Prng(10 * i + k).floats(16);
      if (interleave) {
        for (let i = 0; i < 5; i++) {
          s1.step(model(i, 1), i, x1, new Prng(0));
          s2.step(model(i, 2), i, x2, new Prng(0));
        }
      } else {
        for (let i = 0; i < 5; i++) s1.step(model(i, 1), i, x1, new Prng(0));
        for (let i = 0; i < 5; i++) s2.step(model(i, 2), i, x2, new Prng(0));
      }
      return [...x1, ...x2];
    };
    expect(run(true)).toEqual(run(false));
  });
});
