// Enhance ×2/×4 (worker): ESRGAN over tiles, the original recipe carried forward with the
// upscale recorded, written as a PNG with both recipe chunks.
import { readFileSync } from 'node:fs';
import type { ImageRecipe } from '../../../shared/contract/image';
import { decodeImage, encodePng } from '../image/raster';
import { embedRecipe, restoreRecipe } from '../image/recipe-png';
import { upscale, type UpscaleScale } from '../image/upscale';
import type { JobContext } from './context';
import type { GeneratedImage } from './generate-image';

export interface EnhancePayload {
  iterationId: string;
  path: string;
  scale: UpscaleScale;
  /** The source version's recipe, when it has one. */
  recipe: ImageRecipe | null;
  modelsDir?: string;
  /** The provider choice that applied and the providers to try (host-planned). */
  provider?: string;
  providerOrder?: string[];
}

export async function runEnhanceImage(p: EnhancePayload, ctx: JobContext): Promise<{ images: GeneratedImage[] }> {
  const bytes = readFileSync(p.path);
  const source = await decodeImage(bytes);
  const out = await upscale(source, p.scale, {
    signal: ctx.signal,
    modelsDir: p.modelsDir,
    ...(p.providerOrder ? { provider: { requested: p.provider ?? 'auto', order: p.providerOrder } } : {}),
    onProgress: (done, total) => ctx.progress(done, total, `Tile ${done} of ${total}`),
  });
  // An image from elsewhere has no Atelier recipe: keep what its PNG text says, if anything, but
  // its size is the file's own (an A1111 'Size' or the schema's 512 default may not be).
  const restored = p.recipe ? null : restoreRecipe(bytes);
  const sourceSize = { width: source.width, height: source.height };
  const upscaler = { id: out.model.id, sha256: out.model.sha256 };
  const recipe: ImageRecipe = {
    ...(p.recipe ?? {
      kind: 'image',
      model: { id: out.model.id, sha256: out.model.sha256, name: out.model.name, kind: 'upscaler' },
      settings: {
        ...(restored?.settings ?? {
          prompt: '',
          negativePrompt: '',
          steps: 1,
          cfg: 0,
          scheduler: 'euler',
          seed: 0,
          variationSeed: null,
          variationStrength: 0,
          strength: 0,
        }),
        ...sourceSize,
      },
      seed: restored?.settings.seed ?? 0,
      batchIndex: 0,
      device: { requested: 'auto', used: 'cpu', fallbackReason: null },
      initIterationId: null,
      engine: 'atelier-onnx-image/1',
    }),
    width: out.width,
    height: out.height,
    upscale: { from: p.iterationId, scale: p.scale, source: sourceSize, model: upscaler, ...(out.device ? { device: out.device } : {}) },
  };
  return { images: [{ png: embedRecipe(await encodePng(out), recipe), recipe }] };
}
