// The Gaussian noise an image starts from, as its settings describe it: the seed's own noise,
// blended toward a variation seed's (A1111 seed variations), and for an in-between, moved part of
// the way toward another image's noise. Diffusion latents and GAN latents both come from here.
import type { ImageSettings, NoiseSource } from '../../../shared/contract/image';
import { Prng } from '../prng';

/** Spherical interpolation between two noise tensors (keeps the noise's typical norm). */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  const cos = dot / Math.sqrt(na * nb);
  const out = new Float32Array(a.length);
  if (Math.abs(cos) > 0.9995) {
    for (let i = 0; i < a.length; i++) out[i] = (1 - t) * (a[i] as number) + t * (b[i] as number);
    return out;
  }
  const omega = Math.acos(cos);
  const so = Math.sin(omega);
  const wa = Math.sin((1 - t) * omega) / so;
  const wb = Math.sin(t * omega) / so;
  for (let i = 0; i < a.length; i++) out[i] = wa * (a[i] as number) + wb * (b[i] as number);
  return out;
}

/** One source's noise: its seed, blended toward its variation seed. */
export function sourceNoise(size: number, src: NoiseSource): Float32Array {
  const own = new Prng(src.seed).gaussians(size);
  if (src.variationSeed === null || src.variationStrength <= 0) return own;
  return slerp(own, new Prng(src.variationSeed).gaussians(size), src.variationStrength);
}

/** The start noise of an image made with `s` and `seed` (the seed wins over s.seed, as in a batch). */
export function startNoise(size: number, s: ImageSettings, seed: number): Float32Array {
  const own = sourceNoise(size, { seed, variationSeed: s.variationSeed, variationStrength: s.variationStrength });
  const to = s.interpolateTo;
  if (!to || to.t <= 0) return own;
  return slerp(own, sourceNoise(size, to), to.t);
}
