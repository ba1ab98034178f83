// Recipes inside PNGs: Atelier writes the A1111 `parameters` text (for every other tool) and its
// full JSON recipe (for itself); reading accepts either, preferring the full recipe.
import { a1111Text, parseA1111 } from '../../../shared/a1111';
import { A1111_SAMPLER_NAMES, IMAGE_SCHEDULERS, ImageSettings, type ImageRecipe, type ImageScheduler } from '../../../shared/contract/image';
import { addTextChunks, readTextChunks } from './png-text';

export const RECIPE_CHUNK = 'atelier-recipe';

export function embedRecipe(png: Buffer, r: ImageRecipe): Buffer {
  return addTextChunks(png, { parameters: a1111Text(r), [RECIPE_CHUNK]: JSON.stringify(r) });
}

export interface RestoredRecipe {
  source: 'atelier' | 'a1111';
  settings: ImageSettings;
  model: string | null;
  /** Settings the file named that Atelier does not know (e.g. an unknown sampler). */
  notes: string[];
}

const SAMPLER_BY_NAME = new Map<string, ImageScheduler>(IMAGE_SCHEDULERS.map((k) => [A1111_SAMPLER_NAMES[k].toLowerCase(), k]));

export function restoreRecipe(png: Buffer): RestoredRecipe | null {
  const chunks = readTextChunks(png);
  const own = chunks[RECIPE_CHUNK];
  if (own) {
    try {
      const r = JSON.parse(own) as ImageRecipe;
      const settings = ImageSettings.parse({ ...r.settings, seed: r.seed });
      return { source: 'atelier', settings, model: r.model?.id ?? null, notes: [] };
    } catch {
      // fall through to the A1111 text
    }
  }
  const text = chunks.parameters;
  if (!text) return null;
  const p = parseA1111(text);
  if (!p) return null;
  const notes: string[] = [];
  const num = (key: string) => {
    const v = Number(p.settings[key]);
    return p.settings[key] !== undefined && Number.isFinite(v) ? v : undefined;
  };
  const sampler = p.settings.Sampler;
  const scheduler = sampler ? SAMPLER_BY_NAME.get(sampler.toLowerCase()) : undefined;
  if (sampler && !scheduler) notes.push(`Sampler '${sampler}' is not available; using Euler`);
  const size = /^(\d+)x(\d+)$/.exec(p.settings.Size ?? '');
  const candidate = {
    prompt: p.prompt,
    negativePrompt: p.negativePrompt,
    steps: num('Steps'),
    cfg: num('CFG scale'),
    scheduler: scheduler ?? 'euler',
    width: size ? Number(size[1]) : undefined,
    height: size ? Number(size[2]) : undefined,
    seed: num('Seed'),
    variationSeed: num('Variation seed') ?? null,
    variationStrength: num('Variation seed strength'),
    strength: num('Denoising strength'),
  };
  const parsed = ImageSettings.safeParse(candidate);
  if (parsed.success) return { source: 'a1111', settings: parsed.data, model: p.settings.Model ?? null, notes };
  // Keep what is valid: drop the fields the schema refuses, and say which.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  for (const k of bad) notes.push(`'${k}' from the file is not usable here and was left at its default`);
  const kept = Object.fromEntries(Object.entries(candidate).filter(([k]) => !bad.has(k)));
  return { source: 'a1111', settings: ImageSettings.parse(kept), model: p.settings.Model ?? null, notes };
}
