// The diffusion pipeline on a tiny SD-shaped ONNX folder (real layout and I/O, random weights):
// determinism, guidance, every scheduler, img2img, seed variations, cancel, and bad folders.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerateImageRequest, ImageSettings } from '../../shared/contract/image';
import { runGenerateImage } from '../../electron/engine/jobs/generate-image';
import { decodeImage } from '../../electron/engine/image/raster';
import { SdPipeline } from '../../electron/engine/image/sd-pipeline';
import type * as ort from 'onnxruntime-node';
import { SCHEDULER_NAMES, createScheduler } from '../../electron/engine/image/schedulers';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { tempDir } from '../support/tmp';

const t = tempDir();
const dir = join(t.dir, 'tiny-sd');
let sd: SdPipeline;

beforeAll(async () => {
  writeTinySdFolder(dir, TINY_SD);
  sd = await SdPipeline.load(dir, 'cpu');
});
afterAll(async () => {
  await sd.dispose();
  t.cleanup();
});

const settings = (over: Partial<ImageSettings> = {}) =>
  ImageSettings.parse({ prompt: 'a red dress', negativePrompt: 'blurry', steps: 4, cfg: 7, width: 64, height: 64, ...over });
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('SdPipeline', () => {
  it('makes an image of the asked size, the same bytes for the same seed, different for another', async () => {
    const a = await sd.generate(settings(), 1, null);
    expect([a.width, a.height, a.channels, a.data.length]).toEqual([64, 64, 3, 64 * 64 * 3]);
    expect(same(a.data, (await sd.generate(settings(), 1, null)).data)).toBe(true);
    expect(same(a.data, (await sd.generate(settings(), 2, null)).data)).toBe(false);
    const wide = await sd.generate(settings({ width: 96, height: 64 }), 1, null);
    expect([wide.width, wide.height]).toEqual([96, 64]);
  });

  it('makes the 8-bit RGB inside the VAE session, byte for byte what the JS conversion makes', async () => {
    expect(sd.rgbOutput).toBe('atelier_rgb8');
    const js = await SdPipeline.load(dir, 'cpu', { rgbInGraph: false });
    try {
      expect(js.rgbOutput).toBeNull();
      for (const [seed, width, height] of [[1, 64, 64], [9, 96, 64]] as const) {
        const a = await sd.generate(settings({ width, height }), seed, null);
        const b = await js.generate(settings({ width, height }), seed, null);
        expect([a.width, a.height, a.channels]).toEqual([b.width, b.height, b.channels]);
        expect(same(a.data, b.data)).toBe(true);
      }
    } finally {
      await js.dispose();
    }
  });

  it('uses the prompt, and skips guidance at cfg ≤ 1', async () => {
    const a = await sd.generate(settings({ cfg: 1 }), 3, null);
    const b = await sd.generate(settings({ cfg: 1, negativePrompt: 'something else entirely' }), 3, null);
    expect(same(a.data, b.data)).toBe(true); // no guidance: the negative prompt is not used
    const c = await sd.generate(settings({ cfg: 7 }), 3, null);
    expect(same(a.data, c.data)).toBe(false);
    const d = await sd.generate(settings({ cfg: 1, prompt: 'a blue coat' }), 3, null);
    expect(same(a.data, d.data)).toBe(false);
  });

  it('runs every scheduler with per-step previews', async () => {
    for (const scheduler of SCHEDULER_NAMES) {
      const steps: number[] = [];
      const img = await sd.generate(settings({ scheduler, steps: 3 }), 4, null, {
        onStep: (done, total, preview) => {
          steps.push(done);
          expect(total).toBe(3);
          const p = preview();
          expect([p.width, p.height, p.data.length]).toEqual([8, 8, 8 * 8 * 3]);
        },
      });
      expect(steps, scheduler).toEqual([1, 2, 3]);
      expect(img.data.some((v) => v !== img.data[0]), scheduler).toBe(true);
    }
  });

  it('img2img starts from the image at the given strength', async () => {
    const init = await sd.generate(settings(), 5, null);
    const steps: number[] = [];
    const low = await sd.generate(settings({ strength: 0.5, steps: 8 }), 6, init, { onStep: (d) => steps.push(d) });
    expect(steps).toEqual([1, 2, 3, 4]); // 8 steps at strength 0.5 run the last 4
    const high = await sd.generate(settings({ strength: 1, steps: 8 }), 6, init);
    expect(same(low.data, high.data)).toBe(false);
  });

  it('seed variations blend toward another seed (strength 1 = that seed)', async () => {
    const base = await sd.generate(settings(), 7, null);
    const none = await sd.generate(settings({ variationSeed: 8, variationStrength: 0 }), 7, null);
    const all = await sd.generate(settings({ variationSeed: 8, variationStrength: 1 }), 7, null);
    const other = await sd.generate(settings(), 8, null);
    expect(same(base.data, none.data)).toBe(true);
    // The step noise of ancestral schedulers follows the main seed, so compare with Euler (deterministic).
    expect(same(all.data, other.data)).toBe(true);
    const half = await sd.generate(settings({ variationSeed: 8, variationStrength: 0.5 }), 7, null);
    expect(same(half.data, base.data) || same(half.data, other.data)).toBe(false);
  });

  it('feeds the UNet the timestep of each step and the sample (twice when guided), float32 and int64 exports alike', async () => {
    const i64 = join(t.dir, 'tiny-sd-i64');
    writeTinySdFolder(i64, { ...TINY_SD, timestepDtype: 'int64' });
    const variant = await SdPipeline.load(i64, 'cpu');
    try {
      for (const [pipeline, type] of [[sd, 'float32'], [variant, 'int64']] as const) {
        for (const cfg of [7, 1]) {
          const seen: { t: number[]; type: string; halvesEqual: boolean; batch: number }[] = [];
          const unet = (pipeline as unknown as { unet: ort.InferenceSession }).unet;
          const run = unet.run.bind(unet);
          (unet as { run: unknown }).run = (feeds: Record<string, ort.Tensor>) => {
            const x = feeds.sample!.data as Float32Array;
            const half = x.length / 2;
            seen.push({ t: Array.from(feeds.timestep!.data as ArrayLike<number | bigint>, Number), type: feeds.timestep!.type, halvesEqual: Buffer.from(x.buffer, x.byteOffset, half * 4).equals(Buffer.from(x.buffer, x.byteOffset + half * 4, half * 4)), batch: feeds.sample!.dims[0] as number });
            return run(feeds);
          };
          try {
            await pipeline.generate(settings({ steps: 4, cfg }), 2, null);
          } finally {
            (unet as { run: unknown }).run = run;
          }
          expect(seen.map((r) => r.t[0])).toEqual(createScheduler('euler', pipeline.schedulerConfig, 4).timesteps);
          expect(seen.every((r) => r.type === type && r.batch === (cfg > 1 ? 2 : 1) && r.t.every((v) => v === r.t[0]))).toBe(true);
          if (cfg > 1) expect(seen.every((r) => r.halvesEqual)).toBe(true);
        }
      }
      // The two exports differ only in the timestep's dtype: the same picture, give or take float noise.
      const [a, b] = [await sd.generate(settings(), 3, null), await variant.generate(settings(), 3, null)];
      expect(a.data.every((v, i) => Math.abs(v - (b.data[i] as number)) <= 2)).toBe(true);
    } finally {
      await variant.dispose();
    }
  });

  it('stops between steps when cancelled', async () => {
    const ac = new AbortController();
    await expect(
      sd.generate(settings({ steps: 20 }), 9, null, { signal: ac.signal, onStep: (d) => d === 2 && ac.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('the generate job on a diffusion pipeline', () => {
  // PNG encodes overlap the next image's generation; a cancel must still keep exactly the finished ones.
  const job = (batch: number, cancelAtTick: number) => {
    const ac = new AbortController();
    let ticks = 0;
    const request = GenerateImageRequest.parse({ documentId: 'doc', model: 'tiny-sd', batch, settings: settings({ steps: 3 }) });
    return runGenerateImage(
      { request, modelId: 'tiny-sd', modelDir: dir, modelKind: 'diffusion', seed: 100, initPath: null, providerOrder: ['cpu'] },
      { signal: ac.signal, progress: () => ++ticks === cancelAtTick && ac.abort(), emit: () => {} },
    );
  };

  it('delivers every image of a batch in order, the same pixels as one at a time', async () => {
    const { images } = await job(3, -1);
    expect(images.map((i) => i.recipe.seed)).toEqual([100, 101, 102]);
    for (const [i, image] of images.entries()) {
      const png = await decodeImage(image.png);
      expect(same(png.data, (await sd.generate(settings({ steps: 3 }), 100 + i, null)).data)).toBe(true);
    }
  });

  it('keeps the finished images of a cancelled batch, and fails when none was finished', async () => {
    // 3 steps per image: tick 8 is image 3's second step.
    const { images } = await job(3, 8);
    expect(images.map((i) => i.recipe.seed)).toEqual([100, 101]);
    const second = await decodeImage((images[1] as (typeof images)[number]).png);
    expect(same(second.data, (await sd.generate(settings({ steps: 3 }), 101, null)).data)).toBe(true);
    await expect(job(3, 2)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('bad pipeline folders', () => {
  it('names the missing file', async () => {
    const broken = join(t.dir, 'no-unet');
    cpSync(dir, broken, { recursive: true });
    rmSync(join(broken, 'unet'), { recursive: true });
    await expect(SdPipeline.load(broken, 'cpu')).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('unet/model.onnx') });
    const noIndex = join(t.dir, 'no-index');
    cpSync(dir, noIndex, { recursive: true });
    rmSync(join(noIndex, 'model_index.json'));
    await expect(SdPipeline.load(noIndex, 'cpu')).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringContaining('model_index.json') });
  });
});
