// A GAN folder's card (atelier.json): its latent size, its classes and the words that pick them.
// Plain data and text, no onnxruntime: the host checks prompts with it before queuing a job.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AtelierError } from '../../../shared/errors';

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
  if (best === null && text.trim() === '') {
    throw new AtelierError('BAD_INPUT', `Name a garment to draw (${card.classes.join(', ')}), for example "a sneaker" or "a red dress".`);
  }
  if (best === null) {
    throw new AtelierError(
      'BAD_INPUT',
      `The starter image model only knows garments: ${card.classes.join(', ')}. Try for example "a sneaker" or "a red dress", or import a Stable Diffusion model.`,
    );
  }
  return (best as { cls: number }).cls;
}

/** The card of a GAN folder; MODEL_INVALID when it is missing or unreadable. */
export function readGanCard(dir: string): GanCard {
  const path = join(dir, 'atelier.json');
  if (!existsSync(path)) throw new AtelierError('MODEL_INVALID', 'This GAN folder has no atelier.json');
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as GanCard;
  } catch (err) {
    throw new AtelierError('MODEL_INVALID', `atelier.json is not valid JSON (${(err as Error).message})`);
  }
}
