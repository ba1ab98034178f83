// The AUTOMATIC1111 `parameters` text, the common language of image-generation PNGs:
//   <prompt lines>
//   Negative prompt: <negative lines>
//   Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Model hash: abc, …
import { A1111_SAMPLER_NAMES, type ImageRecipe } from './contract/image';

export interface A1111Parameters {
  prompt: string;
  negativePrompt: string;
  /** Every key of the last line, values unquoted. */
  settings: Record<string, string>;
}

const quote = (v: string) => (/[,:"\n]/.test(v) ? JSON.stringify(v) : v);

export function formatA1111(p: A1111Parameters): string {
  const line = Object.entries(p.settings)
    .map(([k, v]) => `${k}: ${quote(v)}`)
    .join(', ');
  return [p.prompt, ...(p.negativePrompt ? [`Negative prompt: ${p.negativePrompt}`] : []), line].join('\n');
}

/** Splits the settings line on commas outside quotes: `Key: value, Key2: "a, b"`. */
function parseSettings(line: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  const re = /\s*([\w .+-]+):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)/gy;
  let m: RegExpExecArray | null;
  let count = 0;
  while (re.lastIndex < line.length && (m = re.exec(line))) {
    const raw = (m[2] ?? '').trim();
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        value = raw.slice(1, -1);
      }
    }
    out[(m[1] ?? '').trim()] = value;
    count++;
  }
  return count > 0 && 'Steps' in out ? out : null;
}

export function parseA1111(text: string): A1111Parameters | null {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const last = lines.at(-1)?.trim() ?? '';
  const settings = parseSettings(last);
  const body = settings ? lines.slice(0, -1) : lines;
  const neg = body.findIndex((l) => l.startsWith('Negative prompt:'));
  const prompt = (neg < 0 ? body : body.slice(0, neg)).join('\n').trim();
  const negativePrompt = neg < 0 ? '' : [body[neg]!.slice('Negative prompt:'.length), ...body.slice(neg + 1)].join('\n').trim();
  if (!settings && !prompt) return null;
  return { prompt, negativePrompt, settings: settings ?? {} };
}

/** The A1111 text for one of our image recipes (what goes into the PNG and the clipboard). */
export function a1111Text(r: ImageRecipe): string {
  const s = r.settings;
  const settings: Record<string, string> = {
    Steps: String(r.model.kind === 'diffusion' ? s.steps : 1),
    Sampler: r.model.kind === 'diffusion' ? A1111_SAMPLER_NAMES[s.scheduler] : 'GAN',
    'CFG scale': String(s.cfg),
    Seed: String(r.seed),
    Size: `${r.width}x${r.height}`,
    ...(r.model.sha256 ? { 'Model hash': r.model.sha256.slice(0, 10) } : {}),
    Model: r.model.name,
  };
  if (s.variationSeed !== null && s.variationStrength > 0) {
    settings['Variation seed'] = String(s.variationSeed);
    settings['Variation seed strength'] = String(s.variationStrength);
  }
  if (r.initIterationId) settings['Denoising strength'] = String(s.strength);
  // Not an A1111 setting: says that Seed alone does not make this image again.
  if (s.interpolateTo) {
    const to = s.interpolateTo;
    const variation = to.variationSeed !== null && to.variationStrength > 0 ? ` (variation ${to.variationSeed} at ${to.variationStrength})` : '';
    settings['In-between'] = `${to.t} of the way to seed ${to.seed}${variation}`;
  }
  return formatA1111({ prompt: s.prompt, negativePrompt: s.negativePrompt, settings });
}
