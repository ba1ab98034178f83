// The starter GAN as an image generator: the prompt picks a class by keywords, the seed picks the
// latent (seed variations and in-betweens blend latents: start-noise.ts), one forward pass makes
// the image.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { DeviceInfo } from '../../../shared/contract/generate';
import type { ImageSettings } from '../../../shared/contract/image';
import { AtelierError } from '../../../shared/errors';
import { fileSha256 } from '../runtime/optimized-cache';
import { createSession, type ProviderChoice, type ProviderPlan } from '../runtime/sessions';
import { classFromPrompt, readGanCard, type GanCard } from './gan-card';
import { colourFromPrompt, tintGarment } from './garment-colour';
import type { Raster } from './raster';
import { startNoise } from './start-noise';

export { classFromPrompt, type GanCard };

export class GanGenerator {
  private constructor(
    readonly name: string,
    readonly sha256: string,
    readonly card: GanCard,
    private readonly session: ort.InferenceSession,
    readonly device: DeviceInfo,
  ) {}

  static async load(dir: string, provider: ProviderChoice | ProviderPlan = 'auto'): Promise<GanGenerator> {
    const card = readGanCard(dir);
    const onnx = join(dir, 'generator.onnx');
    if (!existsSync(onnx)) throw new AtelierError('MODEL_INVALID', 'This GAN folder has no generator.onnx');
    // Hashed first (with progress, memoised): the cache keys on the same hash.
    const sha = await fileSha256(onnx);
    const { session, device } = await createSession(onnx, provider);
    return new GanGenerator(dir.split(/[\\/]/).pop() ?? 'gan', sha, card, session, device);
  }

  latent(s: ImageSettings, seed: number): Float32Array {
    const mixed = startNoise(this.card.latentDim, s, seed);
    const k = this.card.zScale ?? 1;
    return k === 1 ? mixed : mixed.map((v) => v * k);
  }

  /** The garment at the model's own size, as 8-bit RGB: grey, or in the prompt's colour word. */
  async generate(s: ImageSettings, seed: number): Promise<Raster> {
    const cls = classFromPrompt(s.prompt, this.card);
    const out = await this.session.run({
      z: new ort.Tensor('float32', this.latent(s, seed), [1, this.card.latentDim]),
      class_id: new ort.Tensor('int64', BigInt64Array.from([BigInt(cls)]), [1]),
    });
    const img = (out.image ?? out[this.session.outputNames[0] as string]) as ort.Tensor;
    const data = img.data as Float32Array;
    const [, c, h, w] = img.dims as number[];
    const px = (h as number) * (w as number);
    const rgb = new Uint8Array(px * 3);
    for (let p = 0; p < px; p++) {
      for (let k = 0; k < 3; k++) {
        const v = data[(c === 1 ? 0 : k) * px + p] as number;
        rgb[p * 3 + k] = Math.max(0, Math.min(255, Math.round((v / 2 + 0.5) * 255)));
      }
    }
    const grey: Raster = { data: rgb, width: w as number, height: h as number, channels: 3 };
    // A colour word tints a one-channel model's garment; a colour model draws its own colours.
    const colour = c === 1 ? colourFromPrompt(s.prompt) : null;
    return colour ? tintGarment(grey, colour) : grey;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
