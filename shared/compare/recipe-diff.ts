// Which settings differ between two to four recipes (pure). Recipes are flattened to dotted paths
// (`settings.temperature`, `model.id`, `device.used`); arrays and other leaves compare by value.
// Only the paths whose values are not all equal are returned, in a stable, readable order.

export interface RecipeDifference {
  /** Dotted path in the recipe, e.g. `settings.cfg`. */
  path: string;
  /** A short label for the view, e.g. `cfg`, `model`, `device`. */
  label: string;
  /** One value per recipe, in input order; undefined where a recipe lacks the setting. */
  values: unknown[];
}

export interface RecipeDiffOptions {
  /** Paths (or path prefixes ending in '.') to leave out. */
  ignore?: string[];
}

/** Paths that say where a version sits, not how it was made: left out unless asked for. */
export const BOOKKEEPING_PATHS = ['promptChars', 'promptTokens', 'truncatedPromptTokens', 'alternative', 'batchIndex', 'initIterationId', 'device.fallbackReason'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function flattenRecipe(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, {});
    for (const k of keys) flattenRecipe(value[k], prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) out.set(prefix, value);
  return out;
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

const LABELS: Record<string, string> = {
  'model.id': 'model',
  'model.sha256': 'model file (sha256)',
  'device.used': 'device',
  'device.requested': 'device asked for',
  seed: 'seed',
  'settings.seed': 'locked seed',
  'settings.prompt': 'prompt',
  'settings.negativePrompt': 'negative prompt',
  // An image's own size, beside the size asked for (an enhanced or GAN image differs from it).
  width: 'output width',
  height: 'output height',
  'settings.variationSeed': 'variation seed',
  'settings.variationStrength': 'variation amount',
  'settings.strength': 'img2img strength',
  'settings.interpolateTo.t': 'in-between position',
  'settings.interpolateTo.seed': 'in-between toward seed',
  'settings.interpolateTo.variationSeed': 'in-between variation seed',
  'settings.interpolateTo.variationStrength': 'in-between variation amount',
  'upscale.from': 'enhanced from',
  'upscale.scale': 'enhanced ×',
  'upscale.source.width': 'enhanced from width',
  'upscale.source.height': 'enhanced from height',
  'upscale.model.id': 'upscaler',
  'upscale.model.sha256': 'upscaler file (sha256)',
};

export function labelFor(path: string): string {
  return LABELS[path] ?? path.replace(/^settings\./, '');
}

/** The settings that differ between the recipes (null/undefined recipes count as empty). */
export function recipeDifferences(recipes: unknown[], opts: RecipeDiffOptions = {}): RecipeDifference[] {
  const ignore = opts.ignore ?? BOOKKEEPING_PATHS;
  const skipped = (path: string) => ignore.some((i) => (i.endsWith('.') ? path.startsWith(i) : path === i));
  const flat = recipes.map((r) => flattenRecipe(r ?? {}));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) {
    for (const p of f.keys()) {
      if (!seen.has(p)) {
        seen.add(p);
        paths.push(p);
      }
    }
  }
  const out: RecipeDifference[] = [];
  for (const path of paths) {
    if (skipped(path)) continue;
    const values = flat.map((f) => f.get(path));
    if (values.every((v) => same(v, values[0]))) continue;
    out.push({ path, label: labelFor(path), values });
  }
  return out;
}
