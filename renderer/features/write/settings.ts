// What the writer sets in the inspector: model, device, memory, alternatives and every sampler.
// Kept per document (localStorage, keyed by document id; where this browser has none, as the
// document's newest generated version ran), with built-in and saved presets. The
// shared schemas check the values here, so a field shows its problem before anything runs.
import { GenerateTextRequest, PROVIDERS, TextSettings, type ProviderChoice, type SamplerStage, type TextRecipe } from '../../../shared/contract';

export type SamplerSettings = TextSettings;

export interface WriteSettings {
  /** null: the starter model when installed, else the first one listed. */
  model: string | null;
  provider: ProviderChoice;
  alternatives: number;
  /** Locked seeds repeat a result; unlocked picks a fresh one per run (recorded in the recipe). */
  seedLocked: boolean;
  seedValue: number;
  /** Stop strings as typed, one per line, with \n and \t escapes. */
  stopText: string;
  /**
   * Instructions or background for this document, sent with every generation: placed before the
   * text for continuation models, or as the system message for instruct models.
   */
  memory: string;
  sampling: Omit<TextSettings, 'seed' | 'stop'>;
}

/** The longest memory the host takes (the contract's limit). */
export const MEMORY_MAX = GenerateTextRequest.shape.memory.unwrap().maxLength ?? 100_000;

export const DEFAULT_MODEL = 'starter-text';

const base = TextSettings.parse({});
const { seed: _seed, stop: _stop, ...defaultSampling } = base;

export const DEFAULT_SETTINGS: WriteSettings = {
  model: null,
  provider: 'auto',
  alternatives: 3,
  seedLocked: false,
  seedValue: 42,
  stopText: '',
  memory: '',
  sampling: defaultSampling,
};

/** The sampler values a preset sets; length, seed and stop strings stay as the writer left them. */
export const PRESET_KEYS = [
  'temperature',
  'topK',
  'topP',
  'minP',
  'typicalP',
  'repetitionPenalty',
  'presencePenalty',
  'frequencyPenalty',
  'penaltyWindow',
  'noRepeatNgram',
  'beams',
  'lengthPenalty',
] as const;
export type PresetKey = (typeof PRESET_KEYS)[number];
export type PresetValues = Pick<TextSettings, PresetKey>;

export interface Preset {
  name: string;
  builtIn: boolean;
  values: PresetValues;
}

const pick = (s: Partial<TextSettings>): PresetValues => {
  const full = { ...defaultSampling, ...s };
  return Object.fromEntries(PRESET_KEYS.map((k) => [k, full[k]])) as PresetValues;
};

export const BUILT_IN_PRESETS: Preset[] = [
  {
    name: 'Creative',
    builtIn: true,
    values: pick({ temperature: 1.1, topK: 0, topP: 0.98, minP: 0.02, repetitionPenalty: 1.05, presencePenalty: 0.2 }),
  },
  { name: 'Balanced', builtIn: true, values: pick({}) },
  {
    name: 'Precise',
    builtIn: true,
    values: pick({ temperature: 0.35, topK: 20, topP: 0.9, minP: 0.1, repetitionPenalty: 1.15, noRepeatNgram: 4 }),
  },
];

export function matchingPreset(presets: Preset[], sampling: WriteSettings['sampling']): Preset | null {
  return presets.find((p) => PRESET_KEYS.every((k) => p.values[k] === sampling[k])) ?? null;
}

/** The longest preset name (it has to fit the preset list). */
export const PRESET_NAME_MAX = 60;

/**
 * Why these settings cannot be saved as a preset called `raw`, or null. Values another preset
 * already has are refused: the list shows the first preset that matches, so the copy could never
 * be seen as chosen, nor deleted. Saving under one of the writer's own names replaces it.
 */
export function presetNameProblem(raw: string, sampling: WriteSettings['sampling'], userPresets: Preset[]): string | null {
  const name = raw.trim();
  if (!name) return 'The name must not be empty.';
  if (name.length > PRESET_NAME_MAX) return `Keep the name to ${PRESET_NAME_MAX} characters (now ${name.length}).`;
  if (BUILT_IN_PRESETS.some((p) => p.name === name)) return `'${name}' is a built-in preset; choose another name.`;
  const same = matchingPreset([...BUILT_IN_PRESETS, ...userPresets.filter((p) => p.name !== name)], sampling);
  if (same) return `These settings are the preset '${same.name}' already; change a value first.`;
  return null;
}

export function applyPreset(settings: WriteSettings, preset: Preset): WriteSettings {
  return { ...settings, sampling: { ...settings.sampling, ...preset.values } };
}

/** "a\nb" as typed (backslash-n) → a real newline; one stop string per line, empty lines dropped. */
export function parseStopText(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\\(n|t|\\)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\')))
    .filter((s) => s.length > 0);
}

export function formatStop(stops: string[]): string {
  return stops.map((s) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t')).join('\n');
}

/** The settings object the contract takes. */
export function toTextSettings(s: WriteSettings): unknown {
  return { ...s.sampling, seed: s.seedLocked ? s.seedValue : null, stop: parseStopText(s.stopText) };
}

/** Problems by field name (the contract's path, joined with dots), checked with the shared schema. */
export function validate(s: WriteSettings): Record<string, string> {
  const issues: Record<string, string> = {};
  if (!Number.isInteger(s.alternatives) || s.alternatives < 1 || s.alternatives > 8) {
    issues.alternatives = 'Choose 1 to 8 alternatives';
  }
  if (s.memory.length > MEMORY_MAX) {
    issues.memory = `Keep it to ${MEMORY_MAX.toLocaleString('en-US')} characters (now ${s.memory.length.toLocaleString('en-US')})`;
  }
  const parsed = TextSettings.safeParse(toTextSettings(s));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.length ? issue.path.map(String).join('.') : 'settings';
      // One message per field; the stop list's entries all belong to the stop field.
      const field = key.startsWith('stop.') ? 'stop' : key;
      issues[field] ??= sentence(issue.message, key === 'stop' ? 'stop strings' : 'entries');
    }
  }
  return issues;
}

/** Field issues from the host's BAD_INPUT details ({ path: ['settings', 'topP'], message }). */
export function issuesFromDetails(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = (details as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    const path = (item as { path?: unknown }).path;
    const message = (item as { message?: unknown }).message;
    if (!Array.isArray(path) || typeof message !== 'string') continue;
    const parts = path.map(String);
    const key = parts[0] === 'settings' ? parts.slice(1).join('.') : parts.join('.');
    const field = key.startsWith('stop.') ? 'stop' : key || 'settings';
    out[field] ??= sentence(message);
  }
  return out;
}

/**
 * The schema's terse wording as a short sentence: "Too big: expected number to be <=5" → "Must be
 * at most 5"; a list's bound counts `items` ("Use at most 16 stop strings").
 */
export function sentence(message: string, items = 'entries'): string {
  const bound = /expected \w+ to (?:be|have) ([<>]=?)(-?[\d.e+]+)( characters| items)?/.exec(message);
  if (bound) {
    const [, op, n, unit] = bound;
    const word = op === '<=' ? 'at most' : op === '>=' ? 'at least' : op === '<' ? 'less than' : 'more than';
    if (unit === ' items') return `Use ${word} ${n} ${items}`;
    return unit ? `Must have ${word} ${n} characters` : `Must be ${word} ${n}`;
  }
  if (/expected int\b/.test(message)) return 'Must be a whole number';
  if (/expected number, received NaN|finite/.test(message)) return 'Enter a number';
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return s;
}

// ---------- persistence ----------

const DOC_KEY = (documentId: string) => `atelier.write.settings.${documentId}`;
const LAST_KEY = 'atelier.write.settings.last';
const PRESETS_KEY = 'atelier.write.presets';

function read(key: string): unknown {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or unavailable storage only costs the remembered settings.
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads stored settings leniently: every known field of the right type is kept, the rest defaulted. */
export function coerceSettings(value: unknown): WriteSettings {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const samplingIn = (typeof v.sampling === 'object' && v.sampling !== null ? v.sampling : {}) as Record<string, unknown>;
  const sampling = { ...DEFAULT_SETTINGS.sampling };
  for (const key of Object.keys(sampling) as (keyof typeof sampling)[]) {
    const got = samplingIn[key];
    if (key === 'samplerOrder') {
      if (Array.isArray(got) && got.every((x) => typeof x === 'string')) sampling.samplerOrder = got as SamplerStage[];
    } else if (isNum(got)) {
      (sampling as Record<string, unknown>)[key] = got;
    }
  }
  return {
    model: typeof v.model === 'string' ? v.model : null,
    provider: (PROVIDERS as readonly unknown[]).includes(v.provider) ? (v.provider as ProviderChoice) : 'auto',
    alternatives: isNum(v.alternatives) ? v.alternatives : DEFAULT_SETTINGS.alternatives,
    seedLocked: v.seedLocked === true,
    seedValue: isNum(v.seedValue) ? v.seedValue : DEFAULT_SETTINGS.seedValue,
    stopText: typeof v.stopText === 'string' ? v.stopText : '',
    memory: typeof v.memory === 'string' ? v.memory : '',
    sampling,
  };
}

/**
 * This document's settings; a new document starts from the last settings used anywhere, except
 * memory, which belongs to the document it was written for.
 */
export function loadSettings(documentId: string): WriteSettings {
  const own = read(DOC_KEY(documentId));
  if (own !== undefined) return coerceSettings(own);
  return { ...coerceSettings(read(LAST_KEY)), memory: '' };
}

/** Whether this browser (this origin: the browser host's port changes per run) keeps settings for the document. */
export function hasStoredSettings(documentId: string): boolean {
  return read(DOC_KEY(documentId)) !== undefined;
}

/**
 * A document's settings as its newest generated version ran them: model, device asked for,
 * memory, samplers, seed (locked when it was), stop strings. How many alternatives is not in a
 * recipe; `base` keeps it.
 */
export function settingsFromRecipe(recipe: TextRecipe, base: WriteSettings): WriteSettings {
  return coerceSettings({
    model: recipe.model.id,
    provider: recipe.device.requested,
    alternatives: base.alternatives,
    seedLocked: recipe.settings.seed !== null,
    seedValue: recipe.settings.seed ?? base.seedValue,
    stopText: formatStop(recipe.settings.stop ?? []),
    memory: recipe.memory ?? '',
    sampling: recipe.settings,
  });
}

export function saveSettings(documentId: string, settings: WriteSettings): void {
  write(DOC_KEY(documentId), settings);
  write(LAST_KEY, { ...settings, memory: '' });
}

export function loadUserPresets(): Preset[] {
  const raw = read(PRESETS_KEY);
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((p): p is { name: string; values: unknown } => typeof (p as { name?: unknown })?.name === 'string')
    .map((p) => ({ name: p.name, builtIn: false, values: pick(coerceSettings({ sampling: p.values }).sampling) }));
}

export function saveUserPresets(presets: Preset[]): void {
  write(
    PRESETS_KEY,
    presets.filter((p) => !p.builtIn).map((p) => ({ name: p.name, values: p.values })),
  );
}
