// The image generation job (runs in the worker): N images from one recipe (seed, seed+1, …),
// per-step progress with a cheap preview, PNGs with the recipe embedded. A cancelled batch keeps
// the images that were finished and nothing half-made.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { GenerateImageRequest, ImageRecipe, ImageSettings, NoiseSource } from '../../../shared/contract/image';
import { AtelierError } from '../../../shared/errors';
import { GanGenerator } from '../image/gan';
import { loadGenerator } from '../image/generators';
import { decodeImage, encodePng, type Raster } from '../image/raster';
import { embedRecipe } from '../image/recipe-png';
import { upscale } from '../image/upscale';
import type { JobContext } from './context';

export interface GenerateImagePayload {
  request: GenerateImageRequest;
  modelId: string;
  modelDir: string;
  modelKind: 'diffusion' | 'gan';
  seed: number;
  /** The init image's file (img2img), resolved by the host. */
  initPath: string | null;
  /** Where the upscalers live (the GAN's output is enhanced ×4 twice). */
  modelsDir?: string;
  /** In-betweens: image i of N moves (i+1)/(N+1) of the way toward this version's noise. */
  interpolation?: { toId: string; to: NoiseSource };
  /** The providers to try, in order, as the host planned them (CPU last). */
  providerOrder?: string[];
  /** The GAN's ×4 upscaler: the provider choice that applied and the providers to try (host-planned). */
  upscaler?: { provider: string; order: string[] };
}

export interface GeneratedImage {
  png: Uint8Array;
  recipe: ImageRecipe;
}

export interface GenerateImageResult {
  images: GeneratedImage[];
}

// /2: the starter GAN tints its garment by the prompt's colour word (garment-colour.ts).
export const IMAGE_ENGINE = 'atelier-onnx-image/2';

/** Previews are cheap but not free: at most one every PREVIEW_EVERY_MS (and always the last step). */
const PREVIEW_EVERY_MS = 150;

async function toPreviewDataUrl(r: Raster): Promise<string> {
  const png = await sharp(Buffer.from(r.data), { raw: { width: r.width, height: r.height, channels: r.channels as 3 } }).png({ compressionLevel: 1 }).toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

async function loadInit(path: string, width: number, height: number): Promise<Raster> {
  const decoded = await decodeImage(readFileSync(path));
  const rgb = await sharp(Buffer.from(decoded.data), { raw: { width: decoded.width, height: decoded.height, channels: decoded.channels as 3 | 4 } })
    .removeAlpha()
    .resize(width, height, { fit: 'cover' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(rgb.data), width: rgb.info.width, height: rgb.info.height, channels: 3 };
}

/**
 * Image i of a batch. A batch steps the seed, unless it asks for seed variations: then the main
 * seed stays and the variation seed steps, so the batch is variations of one image (as A1111
 * does). In-betweens keep both and step along the way to the other image.
 */
export function batchImage(p: GenerateImagePayload, i: number): { seed: number; settings: ImageSettings } {
  const s = p.request.settings;
  if (p.interpolation) return { seed: p.seed, settings: { ...s, interpolateTo: { ...p.interpolation.to, t: (i + 1) / (p.request.batch + 1) } } };
  if (s.variationSeed !== null && s.variationStrength > 0) return { seed: p.seed, settings: { ...s, variationSeed: (s.variationSeed + i) >>> 0 } };
  return { seed: (p.seed + i) >>> 0, settings: s };
}

export async function runGenerateImage(p: GenerateImagePayload, ctx: JobContext): Promise<GenerateImageResult> {
  const { request } = p;
  const s = request.settings;
  const gen = await loadGenerator(p.modelDir, p.modelKind, p.providerOrder ? { requested: request.provider, order: p.providerOrder } : request.provider, p.modelId);
  if (gen instanceof GanGenerator && p.initPath) {
    throw new AtelierError('BAD_INPUT', 'The starter GAN cannot start from an image; use Seed variations instead, or a Stable Diffusion model');
  }
  const init = p.initPath && !(gen instanceof GanGenerator) ? await loadInit(p.initPath, s.width, s.height) : null;
  const stepsPerImage = gen instanceof GanGenerator ? 1 : init ? s.steps - Math.min(s.steps - 1, s.steps - Math.floor(s.steps * s.strength)) : s.steps;
  const total = request.batch * stepsPerImage;
  // Each image's PNG encode (sharp, off the JS thread) runs while the next image is generated;
  // bench:image measures what that saves at batch 4 (batch4OverlapRatio).
  const images: Promise<GeneratedImage>[] = [];
  try {
    for (let i = 0; i < request.batch; i++) {
      const { seed, settings: imageSettings } = batchImage(p, i);
      let raster: Raster;
      let upscaled: ImageRecipe['upscaler'] | undefined;
      if (gen instanceof GanGenerator) {
        if (ctx.signal.aborted) throw new AtelierError('CANCELLED', 'Cancelled');
        const small = await gen.generate(imageSettings, seed);
        // The starter GAN draws 28×28 garments; ESRGAN ×4 twice makes them a usable size.
        const up = { signal: ctx.signal, modelsDir: p.modelsDir, ...(p.upscaler ? { provider: { requested: p.upscaler.provider, order: p.upscaler.order } } : {}) };
        const x4 = await upscale(small, 4, up);
        const x16 = await upscale(x4, 4, up);
        raster = x16;
        upscaled = { id: 'esrgan-x4', passes: 2, device: x16.device ?? { requested: 'auto', used: 'cpu', fallbackReason: null } };
        ctx.progress(i + 1, total, `Image ${i + 1} of ${request.batch}`);
      } else {
        let lastPreview = 0;
        const previews: Promise<void>[] = [];
        raster = await gen.generate(imageSettings, seed, init, {
          signal: ctx.signal,
          onStep: (done, steps, preview) => {
            ctx.progress(i * stepsPerImage + done, total, `Image ${i + 1} of ${request.batch}: step ${done}/${steps}`);
            if (done < steps && Date.now() - lastPreview < PREVIEW_EVERY_MS) return;
            lastPreview = Date.now();
            previews.push(toPreviewDataUrl(preview()).then((dataUrl) => ctx.emit('generate.preview', { index: i, step: done, steps, dataUrl })));
          },
        });
        // Deliver every preview before the image itself, so the UI never shows a stale one last.
        await Promise.all(previews);
      }
      const recipe: ImageRecipe = {
        kind: 'image',
        model: { id: p.modelId, sha256: gen.sha256, name: gen instanceof GanGenerator ? gen.name : p.modelId, kind: p.modelKind },
        settings: { ...imageSettings, seed: p.seed },
        seed,
        batchIndex: i,
        width: raster.width,
        height: raster.height,
        device: gen.device,
        initIterationId: request.initIterationId,
        ...(upscaled ? { upscaler: upscaled } : {}),
        // Each pipeline model's own device (read after the run: a part may have fallen back in it).
        ...(gen instanceof GanGenerator ? {} : { parts: gen.parts }),
        engine: IMAGE_ENGINE,
      };
      images.push(encodePng(raster).then((png) => ({ png: embedRecipe(png, recipe), recipe })));
    }
  } catch (err) {
    // Cancelled between images or steps: keep the finished ones, drop the one in progress.
    if (!(err instanceof AtelierError && err.code === 'CANCELLED') || images.length === 0) {
      await Promise.allSettled(images);
      throw err;
    }
  }
  return { images: await Promise.all(images) };
}
