// A rough time for a grid before it starts, worked out cell by cell: an axis may sweep the steps,
// the size or the model, and a GAN cell is one pass whatever its steps say. Constants, not a
// measurement, so the wording says "about" and never "on this machine".
import type { GridPlan } from '../../../shared/contract';

type Kind = 'text' | 'diffusion' | 'gan' | 'upscaler' | undefined;

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** `base` is the grid's base request; `kindOf` says what a model id is (undefined: not known here). */
export function estimateGrid(p: GridPlan, base: Record<string, unknown>, kindOf: (model: string) => Kind): string {
  const settings = (base.settings ?? {}) as Record<string, unknown>;
  const axes = [p.axes.x, p.axes.y];
  const valueOf = (cell: { x: number; y: number }, field: string, fallback: number) => {
    const [ax, ay] = axes;
    if (ax?.field === field) return num(ax.values[cell.x], fallback);
    if (ay?.field === field) return num(ay.values[cell.y], fallback);
    return fallback;
  };
  let seconds = 0;
  const steps = new Set<number>();
  const tokens = new Set<number>();
  let onePass = 0;
  for (const cell of p.cells) {
    if (p.kind === 'text') {
      const n = valueOf(cell, 'maxNewTokens', num(settings.maxNewTokens, 64));
      tokens.add(n);
      seconds += 1 + n * 0.05;
    } else if (kindOf(cell.model) === 'gan') {
      onePass += 1;
      seconds += 1;
    } else {
      const n = valueOf(cell, 'steps', num(settings.steps, 20));
      const pixels = valueOf(cell, 'width', num(settings.width, 512)) * valueOf(cell, 'height', num(settings.height, 512));
      steps.add(n);
      seconds += 2 + n * 0.6 * (pixels / (512 * 512));
    }
  }
  seconds = Math.round(seconds + 3 * p.models.length);
  const time = seconds < 60 ? `${Math.max(1, seconds)} s` : `${Math.round(seconds / 60)} min`;
  const range = (set: Set<number>, unit: string) => {
    const v = [...set].sort((a, b) => a - b);
    return v.length === 1 ? `${v[0]} ${unit}` : `${v[0]}–${v.at(-1)} ${unit}`;
  };
  const work = [
    tokens.size > 0 ? `${range(tokens, 'tokens')} each` : null,
    steps.size > 0 ? `${range(steps, 'steps')}${onePass > 0 ? ' (diffusion)' : ' each'}` : null,
    onePass > 0 ? (steps.size > 0 ? 'one pass (GAN)' : 'one pass each') : null,
  ].filter(Boolean);
  return `${work.join(', ')} · about ${time}`;
}
