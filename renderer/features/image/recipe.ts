// Reading a version's recipe, and writing it out for the clipboard: as the AUTOMATIC1111
// "parameters" text every other tool understands, and as Atelier's full JSON.
import { A1111_SAMPLER_NAMES, type ImageRecipe, type Iteration } from '../../../shared/contract';

export function asImageRecipe(recipe: unknown): ImageRecipe | null {
  if (typeof recipe !== 'object' || recipe === null) return null;
  const r = recipe as Partial<ImageRecipe>;
  if (r.kind !== 'image' || typeof r.settings !== 'object' || r.settings === null || typeof r.model !== 'object') return null;
  return r as ImageRecipe;
}

export function isTrashed(it: Iteration): boolean {
  return it.deletedAt !== null && it.deletedAt !== undefined;
}

/** A1111 writes a value that holds a comma, colon or quote as a JSON string. */
function a1111Value(v: string): string {
  return /[,:"\n]/.test(v) ? JSON.stringify(v) : v;
}

export function a1111Text(r: ImageRecipe): string {
  const s = r.settings;
  const diffusion = r.model.kind === 'diffusion';
  const fields: [string, string][] = [
    ['Steps', String(diffusion ? s.steps : 1)],
    ['Sampler', diffusion ? A1111_SAMPLER_NAMES[s.scheduler] : 'GAN'],
    ['CFG scale', String(s.cfg)],
    ['Seed', String(r.seed)],
    ['Size', `${r.width}x${r.height}`],
  ];
  if (r.model.sha256) fields.push(['Model hash', r.model.sha256.slice(0, 10)]);
  fields.push(['Model', r.model.name]);
  if (s.variationSeed !== null && s.variationStrength > 0) {
    fields.push(['Variation seed', String(s.variationSeed)], ['Variation seed strength', String(s.variationStrength)]);
  }
  if (r.initIterationId) fields.push(['Denoising strength', String(s.strength)]);
  const lines = [s.prompt];
  if (s.negativePrompt) lines.push(`Negative prompt: ${s.negativePrompt}`);
  lines.push(fields.map(([k, v]) => `${k}: ${a1111Value(v)}`).join(', '));
  return lines.join('\n');
}

export function recipeJson(r: ImageRecipe): string {
  return JSON.stringify(r, null, 2);
}

/** The device line: "CPU", "CUDA", or "CPU (asked for CUDA)". */
export function deviceLabel(device: ImageRecipe['device']): string {
  const used = device.used.toUpperCase();
  return device.requested !== 'auto' && device.requested !== device.used ? `${used} (asked for ${device.requested.toUpperCase()})` : used;
}

/** Copies text; falls back to a hidden textarea where the async clipboard is not allowed. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('The clipboard is not available here; select the recipe text and copy it by hand.');
}
