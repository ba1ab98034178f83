// The starter GAN as an image generator: the prompt picks a class by keywords, the seed picks the
// latent (seed variations / interpolation blend two latents), one forward pass makes the image.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { DeviceInfo } from '../../../shared/contract/generate';
import type { ImageSettings } from '../../../shared/contract/image';
import { AtelierError } from '../../../shared/errors';
import { Prng } from '../prng';
import { createSession, type ProviderChoice } from '../runtime/sessions';
import type { Raster } from './raster';
import { slerp } from './sd-pipeline';
import { gaussian } from './schedulers/ops';

export interface GanCard {
  kind: 'gan';
  latentDim: number;
  classes: string[];
  keywords: Record<string, string[]>;
  imageSize: number;
  channels: number;
  /** Latents are drawn from N(0, zScale²): below 1 trades a little diversity for fewer broken images. */
  zScale?: number;
}

/** The class a prompt asks for: the earliest keyword (or class name) found in it. */
export function classFromPrompt(prompt: string, card: Pick<GanCard, 'classes' | 'keywords'>): number {
  const text = ` ${prompt.toLowerCase().replace(/[^a-z0-9/-]+/g, ' ')} `;
  let best: { at: number; cls: number } | null = null;
  card.classes.forEach((name, cls) => {
    for (const word of [name, ...(card.keywords[name] ?? [])]) {
      const at = text.indexOf(` ${word.toLowerCase()} `);
      if (at >= 0 && (best === null || at < best.at)) best = { at, cls };
    }
  });
  if (best === null) {
    throw new AtelierError(
      'BAD_INPUT',
      `The starter image model only knows garments: ${card.classes.join(', ')}. Try for example "a sneaker" or "a red dress", or import a Stable Diffusion model.`,
    );
  }
  return (best as { cls: number }).cls;
}

export class GanGenerator {
  private constructor(
    readonly name: string,
    readonly sha256: string,
    readonly card: GanCard,
    private readonly session: ort.InferenceSession,
    readonly device: DeviceInfo,
  ) {}

  static async load(dir: string, provider: ProviderChoice = 'auto'): Promise<GanGenerator> {
    const cardPath = join(dir, 'atelier.json');
    const onnx = join(dir, 'generator.onnx');
    if (!existsSync(cardPath)) throw new AtelierError('MODEL_INVALID', 'This GAN folder has no atelier.json');
    if (!existsSync(onnx)) throw new AtelierError('MODEL_INVALID', 'This GAN folder has no generator.onnx');
    const card = JSON.parse(readFileSync(cardPath, 'utf8')) as GanCard;
    const { session, device } = await createSession(onnx, provider);
    const sha = createHash('sha256').update(readFileSync(onnx)).digest('hex');
    return new GanGenerator(dir.split(/[\\/]/).pop() ?? 'gan', sha, card, session, device);
  }

  latent(s: ImageSettings, seed: number): Float32Array {
    const z = gaussian(this.card.latentDim, new Prng(seed));
    const mixed = s.variationSeed !== null && s.variationStrength > 0 ? slerp(z, gaussian(this.card.latentDim, new Prng(s.variationSeed)), s.variationStrength) : z;
    const k = this.card.zScale ?? 1;
    return k === 1 ? mixed : mixed.map((v) => v * k);
  }

  /** A grey (or colour) image at the model's own size, as 8-bit RGB. */
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
    return { data: rgb, width: w as number, height: h as number, channels: 3 };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}
