// A one-line account of how a version was made, for search results, grids and exports (pure).
// Accepts any stored recipe (text, image, enhance, or nothing) and never throws.

export interface RecipeSummary {
  kind: 'text' | 'image' | null;
  model: string | null;
  seed: number | null;
  /** The handful of settings worth showing, already formatted: `cfg 7`, `temp 0.8`. */
  parts: string[];
  /** `tiny-sd · 20 steps · cfg 7 · euler · seed 42 · 64×64` */
  line: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const fmt = (n: number): string => String(Math.round(n * 1e4) / 1e4);

export function summarizeRecipe(recipe: unknown): RecipeSummary {
  const r = obj(recipe);
  const s = obj(r.settings);
  const kind = r.kind === 'text' || r.kind === 'image' ? r.kind : null;
  const model = str(obj(r.model).id);
  const seed = num(r.seed) ?? num(s.seed);
  const parts: string[] = [];
  const add = (label: string, v: unknown, suffix = false) => {
    const n = num(v);
    if (n !== null) parts.push(suffix ? `${fmt(n)} ${label}` : `${label} ${fmt(n)}`);
  };
  const upscale = obj(r.upscale);
  if (num(upscale.scale) !== null) parts.push(`enhance ×${fmt(upscale.scale as number)}`);
  else if (kind === 'image') {
    add('steps', s.steps, true);
    add('cfg', s.cfg);
    const sched = str(s.scheduler);
    if (sched) parts.push(sched);
    if (str(r.initIterationId)) add('strength', s.strength);
  } else if (kind === 'text') {
    if (num(s.beams) !== null && (s.beams as number) > 1) add('beams', s.beams);
    else {
      add('temp', s.temperature);
      if (num(s.topK)) add('top-k', s.topK);
      if (num(s.topP) !== null && s.topP !== 1) add('top-p', s.topP);
      if (num(s.minP)) add('min-p', s.minP);
    }
    add('tokens', s.maxNewTokens, true);
  }
  if (seed !== null) parts.push(`seed ${seed}`);
  const w = num(r.width);
  const h = num(r.height);
  if (kind === 'image' && w !== null && h !== null) parts.push(`${w}×${h}`);
  const device = str(obj(r.device).used);
  if (device && device !== 'cpu') parts.push(device);
  return { kind, model, seed, parts, line: [model ?? (kind ? `${kind}` : 'written'), ...parts].join(' · ') };
}
