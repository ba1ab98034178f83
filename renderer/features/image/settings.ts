// The prompt panel's values for one board, kept as the user typed them (numbers as text, so a
// half-typed "1." is not fought), remembered per board in localStorage, and turned into a
// generate.image request with the shared schema's own checks, so a problem shows under its field.
import {
  IMAGE_SCHEDULERS,
  type BoardStarter,
  ImageSettings,
  PROVIDERS,
  type ImageScheduler,
  type ModelInfo,
  type ProviderChoice,
} from '../../../shared/contract';
import { ignoredSettings } from '../../../shared/image-setting-use';

export interface BoardForm {
  prompt: string;
  negativePrompt: string;
  /** null: the default model (the starter GAN when installed). */
  model: string | null;
  provider: ProviderChoice;
  steps: string;
  cfg: string;
  scheduler: ImageScheduler;
  width: string;
  height: string;
  /** Unlocked = a fresh random seed each run (the seed used is in every recipe). */
  seedLocked: boolean;
  seed: string;
  batch: string;
  /** img2img: a version of this board to start from, and how much of it is re-imagined. */
  initIterationId: string | null;
  strength: string;
  /** The canvas's Vary strength and Seed variations amount, kept with the board like the rest. */
  varyStrength: string;
  variationAmount: string;
}

export type FieldKey =
  | 'prompt'
  | 'negativePrompt'
  | 'model'
  | 'steps'
  | 'cfg'
  | 'scheduler'
  | 'width'
  | 'height'
  | 'seed'
  | 'batch'
  | 'strength';

export type Issues = Partial<Record<FieldKey | 'general', string>>;

export const DEFAULT_FORM: BoardForm = {
  prompt: '',
  negativePrompt: '',
  model: null,
  provider: 'auto',
  steps: '20',
  cfg: '7',
  scheduler: 'euler',
  width: '512',
  height: '512',
  seedLocked: false,
  seed: '',
  batch: '4',
  initIterationId: null,
  strength: '0.6',
  varyStrength: '0.45',
  variationAmount: '0.25',
};

/** A slider's stored value, or its default when it is not a number in 0.05–1 (an old or hand-edited entry). */
export function sliderValue(text: string, fallback: string): number {
  const n = Number(text);
  return Number.isFinite(n) && n >= 0.05 && n <= 1 ? n : Number(fallback);
}

export const DEFAULT_MODEL = 'starter-gan';
export const IMAGE_MODEL_KINDS = ['diffusion', 'gan'] as const;
export type ImageModelKind = (typeof IMAGE_MODEL_KINDS)[number];

export const SCHEDULER_LABELS: Record<ImageScheduler, string> = {
  euler: 'Euler',
  'euler-a': 'Euler a',
  ddim: 'DDIM',
  lcm: 'LCM',
  'dpmpp-2m-karras': 'DPM++ 2M Karras',
};

export const KIND_LABELS: Record<string, string> = {
  diffusion: 'Diffusion',
  gan: 'GAN',
  upscaler: 'Upscaler',
  text: 'Text',
};

export function isImageModel(m: ModelInfo): m is ModelInfo & { kind: ImageModelKind } {
  return m.kind === 'diffusion' || m.kind === 'gan';
}

/**
 * The model a run uses: the one chosen for this board, else the one its newest image was made
 * with (when installed), else the starter GAN, else the first image model.
 */
export function effectiveModel(form: BoardForm, models: ModelInfo[] | null, boardModel: string | null): string {
  if (form.model) return form.model;
  const usable = (models ?? []).filter(isImageModel);
  const installed = (id: string | null) => usable.find((m) => m.id === id)?.id;
  return installed(boardModel) ?? installed(DEFAULT_MODEL) ?? usable[0]?.id ?? DEFAULT_MODEL;
}

const key = (documentId: string) => `atelier.image.board.${documentId}`;

/**
 * The panel this browser kept for the board; else the defaults with the board's starter prompt and
 * model (the Welcome board's), so its first Generate is one press away. Once the panel is kept, the
 * user's own values win, an emptied prompt included.
 */
export function loadForm(documentId: string, starter: BoardStarter | null = null): BoardForm {
  const fresh = starter ? { ...DEFAULT_FORM, prompt: starter.prompt, model: starter.model } : DEFAULT_FORM;
  try {
    const raw = localStorage.getItem(key(documentId));
    if (!raw) return fresh;
    const stored = JSON.parse(raw) as Record<string, unknown>;
    const form: BoardForm = { ...DEFAULT_FORM };
    // Take only values of the expected type; anything else (an old or hand-edited entry) keeps the default.
    for (const k of Object.keys(DEFAULT_FORM) as (keyof BoardForm)[]) {
      const v = stored[k];
      const d = DEFAULT_FORM[k];
      if (d === null ? v === null || typeof v === 'string' : typeof v === typeof d) (form as unknown as Record<string, unknown>)[k] = v;
    }
    if (!(IMAGE_SCHEDULERS as readonly string[]).includes(form.scheduler)) form.scheduler = DEFAULT_FORM.scheduler;
    if (!(PROVIDERS as readonly string[]).includes(form.provider)) form.provider = DEFAULT_FORM.provider;
    return form;
  } catch {
    return fresh;
  }
}

export function saveForm(documentId: string, form: BoardForm): void {
  try {
    localStorage.setItem(key(documentId), JSON.stringify(form));
  } catch {
    // Storage full or unavailable: the panel still works, it just won't be remembered.
  }
}

/** A random seed in the schema's range (never Math.random: it is for reproducible recipes). */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0] ?? 0;
}

function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export interface BuiltRequest {
  settings: ImageSettings;
  batch: number;
}

/**
 * The settings and batch size for a run, or the problems found, keyed by field. For the GAN the
 * controls it ignores (steps, CFG, scheduler, size, negative prompt) never block a run.
 */
export function buildSettings(form: BoardForm, kind: ImageModelKind | null): { ok: true; value: BuiltRequest } | { ok: false; issues: Issues } {
  const issues: Issues = {};
  const ignored = new Set<FieldKey>(ignoredSettings(kind));
  if (!form.initIterationId) ignored.add('strength');
  const num = (field: FieldKey, text: string, fallback: string): number => {
    const n = parseNumber(text);
    if (n !== null) return n;
    if (ignored.has(field)) return Number(fallback);
    issues[field] = 'Enter a number.';
    return Number.NaN;
  };
  const seed = form.seedLocked || form.seed.trim() !== '' ? parseNumber(form.seed) : null;
  if (form.seedLocked && form.seed.trim() === '') issues.seed = 'Enter a seed, or unlock it to pick a random one.';
  else if (form.seed.trim() !== '' && seed === null) issues.seed = 'Enter a whole number.';
  const candidate = {
    prompt: form.prompt,
    negativePrompt: ignored.has('negativePrompt') ? '' : form.negativePrompt,
    steps: num('steps', form.steps, DEFAULT_FORM.steps),
    cfg: num('cfg', form.cfg, DEFAULT_FORM.cfg),
    scheduler: form.scheduler,
    width: num('width', form.width, DEFAULT_FORM.width),
    height: num('height', form.height, DEFAULT_FORM.height),
    seed: form.seedLocked ? seed : null,
    variationSeed: null,
    variationStrength: 0,
    strength: num('strength', form.strength, DEFAULT_FORM.strength),
  };
  const batch = parseNumber(form.batch);
  if (batch === null || !Number.isInteger(batch) || batch < 1 || batch > 8) issues.batch = 'Make 1 to 8 images at a time.';

  // Fields the model ignores never block a run: a value that would not pass is sent as the default.
  const probe = ignored.size > 0 ? ImageSettings.safeParse(candidate) : null;
  for (const issue of probe && !probe.success ? probe.error.issues : []) {
    const field = String(issue.path[0]);
    if (ignored.has(field as FieldKey) && (field === 'steps' || field === 'cfg' || field === 'width' || field === 'height')) {
      candidate[field] = Number(DEFAULT_FORM[field]);
    }
  }
  const parsed = ImageSettings.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'general') as FieldKey | 'general';
      issues[field] ??= sentence(issue.message);
    }
  }
  if (Object.keys(issues).length > 0 || !parsed.success || batch === null) return { ok: false, issues };
  return { ok: true, value: { settings: parsed.data, batch } };
}

/** "width must be at least 64" → "Width must be at least 64." */
export function sentence(message: string): string {
  const t = message.trim();
  if (!t) return t;
  return t[0]!.toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}

/** The host's BAD_INPUT issues ({path, message}) for a generate.image request, keyed by field. */
export function issuesFromDetails(details: unknown): Issues | null {
  const list = (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(list)) return null;
  const out: Issues = {};
  for (const raw of list as { path?: unknown; message?: unknown }[]) {
    if (!Array.isArray(raw.path) || typeof raw.message !== 'string') continue;
    const path = raw.path.map(String);
    const field = (path[0] === 'settings' ? path[1] : path[0]) ?? 'general';
    const k = (['prompt', 'negativePrompt', 'model', 'steps', 'cfg', 'scheduler', 'width', 'height', 'seed', 'batch', 'strength'] as string[]).includes(field)
      ? (field as FieldKey)
      : 'general';
    out[k] ??= sentence(raw.message);
  }
  return Object.keys(out).length ? out : null;
}
