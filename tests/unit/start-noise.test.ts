// Start noise from settings: a seed's own noise, A1111 seed variations, and in-betweens that walk
// from one image's noise to another's (the ends of the walk are the two images' own noise).
import { describe, expect, it } from 'vitest';
import { ImageSettings } from '../../shared/contract/image';
import { Prng } from '../../electron/engine/prng';
import { slerp, sourceNoise, startNoise } from '../../electron/engine/image/start-noise';
import { gaussian } from '../../electron/engine/image/schedulers/ops';

const N = 256;
const settings = (over: object = {}) => ImageSettings.parse({ prompt: 'a sneaker', ...over });
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
const norm = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

describe('startNoise', () => {
  it('is the seed’s own Gaussian noise, and a variation is the slerp toward the variation seed', () => {
    expect(startNoise(N, settings(), 5)).toEqual(gaussian(N, new Prng(5)));
    const varied = startNoise(N, settings({ variationSeed: 9, variationStrength: 0.3 }), 5);
    expect(varied).toEqual(slerp(gaussian(N, new Prng(5)), gaussian(N, new Prng(9)), 0.3));
    expect(sourceNoise(N, { seed: 5, variationSeed: 9, variationStrength: 0.3 })).toEqual(varied);
  });

  it('walks from the image’s own noise (t = 0) to the other image’s (t = 1), keeping the norm', () => {
    const own = startNoise(N, settings({ variationSeed: 9, variationStrength: 0.3 }), 5);
    const other = sourceNoise(N, { seed: 11, variationSeed: null, variationStrength: 0 });
    const at = (t: number) => startNoise(N, settings({ variationSeed: 9, variationStrength: 0.3, interpolateTo: { seed: 11, t } }), 5);
    expect(at(0)).toEqual(own);
    expect(maxDiff(at(1), other)).toBeLessThan(1e-5);
    const mid = at(0.5);
    expect(maxDiff(mid, own)).toBeGreaterThan(0.1);
    expect(maxDiff(mid, other)).toBeGreaterThan(0.1);
    // Spherical, not linear: the midpoint keeps about the norm of the ends (a straight line would shrink it by ~1/√2).
    expect(norm(mid) / ((norm(own) + norm(other)) / 2)).toBeGreaterThan(0.95);
    expect(maxDiff(mid, startNoise(N, settings({ variationSeed: 9, variationStrength: 0.3, interpolateTo: { seed: 11, t: 0.5 } }), 5))).toBe(0);
  });

  it('refuses an in-between outside 0..1 in the settings schema', () => {
    expect(ImageSettings.safeParse({ prompt: 'x', interpolateTo: { seed: 1, t: 1.5 } }).success).toBe(false);
    expect(ImageSettings.safeParse({ prompt: 'x', interpolateTo: { seed: -1, t: 0.5 } }).success).toBe(false);
    expect(ImageSettings.safeParse({ prompt: 'x', interpolateTo: { seed: 1, t: 0.5, extra: 1 } }).success).toBe(false);
  });
});
