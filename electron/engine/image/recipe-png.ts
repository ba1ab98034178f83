// Recipes inside PNGs: Atelier writes the A1111 `parameters` text (for every other tool) and its
// full JSON recipe (for itself); reading accepts either, preferring the full recipe.
import { A1111_SAMPLER_NAMES, IMAGE_SCHEDULERS, ImageSettings, type ImageRecipe, type ImageScheduler } from '../../../shared/contract/image';
import { formatA1111, parseA1111 } from './a1111';
import { addTextChunks, readTextChunks } from './png-text';

export const RECIPE_CHUNK = 'atelier-recipe';

export function a1111Text(r: ImageRecipe): string {
  const s = r.settings;
  const settings: Record<string, string> = {
    Steps: String(r.model.kind === 'diffusion' ? s.steps : 1),
    Sampler: r.model.kind === 'diffusion' ? A1111_SAMPLER_NAMES[s.scheduler] : 'GAN',
    'CFG scale': String(s.cfg),
    Seed: String(r.seed),
    Size: `${r.width}x${r.height}`,
    'Model hash': (r.model.sha256 ?? '').slice(0, 10),
    Model: r.model.name,
  };
  if (s.variationSeed !== null && s.variationStrength > 0) {
    settings['Variation seed'] = String(s.variationSeed);
    settings['Variation seed strength'] = String(s.variationStrength);
  }
  if (r.initIterationId) settings['Denoising strength'] = String(s.strength);
  return formatA1111({ prompt: s.prompt, negativePrompt: s.negativePrompt, settings });
}

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
