// Settings from an AUTOMATIC1111 `parameters` text, whichever file it came in (a PNG's text
// chunk, a JPEG's or WebP's EXIF): what the schema accepts is restored, and each value it refuses
// or names that Atelier lacks (a sampler, a schedule) becomes a note saying what is used instead.
import { parseA1111 } from './a1111';
import { A1111_SAMPLER_NAMES, IMAGE_SCHEDULERS, ImageSettings, type ImageScheduler, type RestoredImageRecipe } from './contract/image';

const SAMPLER_BY_NAME = new Map<string, ImageScheduler>(IMAGE_SCHEDULERS.map((k) => [A1111_SAMPLER_NAMES[k].toLowerCase(), k]));

export function restoreA1111(text: string): RestoredImageRecipe | null {
  const p = parseA1111(text);
  if (!p) return null;
  const notes: string[] = [];
  const num = (key: string) => {
    const v = Number(p.settings[key]);
    return p.settings[key] !== undefined && Number.isFinite(v) ? v : undefined;
  };
  const scheduler = schedulerOf(p.settings.Sampler, p.settings['Schedule type'], notes);
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
  // Keep what is valid: drop the fields the schema refuses, and say which, with the file's value and why.
  const bad = new Map<string, string>();
  for (const i of parsed.error.issues) {
    const k = String(i.path[0]);
    if (!bad.has(k)) bad.set(k, i.message);
  }
  const kept = Object.fromEntries(Object.entries(candidate).filter(([k]) => !bad.has(k)));
  const settings = ImageSettings.parse(kept);
  for (const [k, why] of bad) {
    const used = (settings as Record<string, unknown>)[k];
    const instead = used === null ? (k === 'seed' ? 'a random seed is used' : 'it is left out') : `${String(used)} is used`;
    notes.push(`${FIELD_NAMES[k] ?? k} ${String(candidate[k as keyof typeof candidate])} from the file can't be used (${why}); ${instead}`);
  }
  return { source: 'a1111', settings, model: p.settings.Model ?? null, notes };
}

const FIELD_NAMES: Record<string, string> = {
  steps: 'Steps',
  cfg: 'CFG scale',
  width: 'Width',
  height: 'Height',
  seed: 'Seed',
  variationSeed: 'Variation seed',
  variationStrength: 'Variation seed strength',
  strength: 'Denoising strength',
};

/**
 * A1111 from 1.9 names the sampler and its noise schedule apart ("Sampler: DPM++ 2M, Schedule
 * type: Karras"); older files join them ("DPM++ 2M Karras"). Either finds our scheduler.
 */
function schedulerOf(sampler: string | undefined, schedule: string | undefined, notes: string[]): ImageScheduler | undefined {
  if (!sampler) return undefined;
  const type = schedule && schedule.toLowerCase() !== 'automatic' ? schedule : undefined;
  const joined = type ? SAMPLER_BY_NAME.get(`${sampler} ${type}`.toLowerCase()) : undefined;
  if (joined) return joined;
  const alone = SAMPLER_BY_NAME.get(sampler.toLowerCase());
  if (!alone) {
    notes.push(`Sampler '${type ? `${sampler} ${type}` : sampler}' is not available; using Euler`);
    return undefined;
  }
  if (type) notes.push(`Schedule type '${type}' is not available for ${A1111_SAMPLER_NAMES[alone]}; using its own schedule`);
  return alone;
}
