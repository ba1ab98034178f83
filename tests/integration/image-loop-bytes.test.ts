// The pipeline's denoising loop (the latent and UNet input in WebAssembly memory, guidance + Euler
// step + next input in one SIMD pass: latent-kernel.ts) against the loop written the plain way,
// as it was before: fresh arrays, guide() into a float32 array, scheduler.step, scaleInput, the
// sample copied twice for the guided batch. Same sessions, same seeds: the same bytes, for every
// scheduler, with and without guidance, from noise and from an image, one image after another.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageSettings } from '../../shared/contract/image';
import { Prng } from '../../electron/engine/prng';
import { latentToRgb } from '../../electron/engine/image/latent-preview';
import type { Raster } from '../../electron/engine/image/raster';
import { SCHEDULER_NAMES, createScheduler } from '../../electron/engine/image/schedulers';
import { SdPipeline } from '../../electron/engine/image/sd-pipeline';
import { startNoise } from '../../electron/engine/image/start-noise';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { tempDir } from '../support/tmp';

const t = tempDir();
let sd: SdPipeline;
beforeAll(async () => {
  writeTinySdFolder(join(t.dir, 'tiny-sd'), TINY_SD);
  sd = await SdPipeline.load(join(t.dir, 'tiny-sd'), 'cpu');
});
afterAll(async () => {
  await sd.dispose();
  t.cleanup();
});

const settings = (over: Partial<ImageSettings> = {}) =>
  ImageSettings.parse({ prompt: 'a red dress', negativePrompt: 'blurry', steps: 5, cfg: 7, width: 64, height: 64, ...over });

/** The loop written plainly: one new array per intermediate, the scheduler's own step and scaling. */
async function plainLoop(s: ImageSettings, seed: number, init: Raster | null): Promise<{ image: Raster; latents: Float32Array[] }> {
  const unet = (sd as unknown as { unet: ort.InferenceSession }).unet;
  const [h, w] = [s.height / 8, s.width / 8];
  const size = 4 * h * w;
  const scheduler = createScheduler(s.scheduler, sd.schedulerConfig, s.steps);
  const cond = (await sd.encodeText(s.prompt)).data as Float32Array;
  const uncond = s.cfg > 1 ? ((await sd.encodeText(s.negativePrompt)).data as Float32Array) : null;
  const batch = uncond ? 2 : 1;
  const hidden = new ort.Tensor('float32', uncond ? Float32Array.from([...uncond, ...cond]) : cond, [batch, 77, cond.length / 77]);
  const noise = startNoise(size, s, seed);
  const rng = new Prng((seed ^ 0x5bd1e995) >>> 0);
  let start = 0;
  let latent: Float32Array;
  if (init) {
    start = Math.min(s.steps - 1, s.steps - Math.floor(s.steps * s.strength));
    latent = scheduler.addNoise(await sd.encodeImage(init), noise, start);
  } else latent = Float32Array.from(noise, (v) => v * scheduler.initNoiseSigma);
  const latents: Float32Array[] = [];
  for (let i = start; i < s.steps; i++) {
    const x = scheduler.scaleInput(latent, i).slice();
    const sample = batch === 2 ? Float32Array.from([...x, ...x]) : x;
    const out = await unet.run({
      sample: new ort.Tensor('float32', sample, [batch, 4, h, w]),
      timestep: new ort.Tensor('float32', new Float32Array(batch).fill(scheduler.timesteps[i] as number), [batch]),
      encoder_hidden_states: hidden,
    });
    const o = out.out_sample!.data as Float32Array;
    const m = new Float32Array(size);
    for (let k = 0; k < size; k++) m[k] = uncond ? (o[k] as number) + s.cfg * ((o[size + k] as number) - (o[k] as number)) : (o[k] as number);
    latent = scheduler.step(m, i, latent, rng);
    latents.push(latent.slice());
  }
  return { image: await sd.decode(latent, h, w), latents };
}

/** The last image's final latent, where the pipeline leaves it for the next image to reuse. */
const finalLatent = () => (sd as unknown as { spare: { kernel: { latent: Float32Array } } }).spare.kernel.latent.slice();
const same = (a: Uint8Array | Float32Array, b: Uint8Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('the denoising loop', () => {
  it('gives the plain loop’s latents and pixels for every scheduler, guided and not, two sizes', async () => {
    for (const scheduler of SCHEDULER_NAMES) {
      for (const cfg of [7, 1, 2.5]) {
        for (const [width, height, seed] of [[64, 64, 1], [96, 64, 2], [64, 64, 3]] as const) {
          const s = settings({ scheduler, cfg, width, height });
          const previews: Uint8Array[] = [];
          const image = await sd.generate(s, seed, null, { onStep: (_d, _t, preview) => previews.push(preview().data) });
          const final = finalLatent();
          const plain = await plainLoop(s, seed, null);
          const what = `${scheduler} cfg ${cfg} ${width}×${height} seed ${seed}`;
          expect(previews.length, what).toBe(plain.latents.length);
          previews.forEach((p, i) => expect(same(p, latentToRgb(plain.latents[i]!, height / 8, width / 8).data), `${what}, preview after step ${i}`).toBe(true));
          expect(same(final, plain.latents.at(-1)!), `${what}, final latent`).toBe(true);
          expect(same(image.data, plain.image.data), what).toBe(true);
        }
      }
    }
  });

  it('gives the plain loop’s pixels from an image (img2img), with seed variations, and at 256×192', async () => {
    for (const scheduler of SCHEDULER_NAMES) {
      const init = await sd.generate(settings({ scheduler }), 5, null);
      const cases: [ImageSettings, Raster | null][] = [
        [settings({ scheduler, strength: 0.6, steps: 8 }), init],
        [settings({ scheduler, variationSeed: 8, variationStrength: 0.4 }), null],
        [settings({ scheduler, width: 256, height: 192, steps: 3 }), null],
      ];
      for (const [s, from] of cases) {
        expect(same((await sd.generate(s, 6, from)).data, (await plainLoop(s, 6, from)).image.data), `${scheduler} ${JSON.stringify(s)}`).toBe(true);
      }
    }
  });
});
