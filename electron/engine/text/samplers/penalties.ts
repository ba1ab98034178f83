import type { Stage } from './stage';

export interface PenaltyOptions {
  repetition: number;
  presence: number;
  frequency: number;
  /** Recent tokens considered; 0 = all. */
  window: number;
}

/**
 * Repetition penalty (CTRL style: positive logits divided, negative multiplied) and OpenAI-style
 * presence / frequency penalties, over the last `window` tokens.
 */
export const penalties =
  (o: PenaltyOptions): Stage =>
  (c, ctx) => {
    if (o.repetition === 1 && o.presence === 0 && o.frequency === 0) return;
    const start = o.window > 0 ? Math.max(0, ctx.history.length - o.window) : 0;
    const counts = new Map<number, number>();
    for (let i = start; i < ctx.history.length; i++) {
      const t = ctx.history[i] as number;
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    if (counts.size === 0) return;
    const apply = (i: number, n: number) => {
      let l = c.logits[i] as number;
      if (o.repetition !== 1) l = l > 0 ? l / o.repetition : l * o.repetition;
      c.logits[i] = l - o.presence - o.frequency * n;
    };
    // Candidates fresh from the logits (the usual first stage) hold token t at index t: touch only
    // the seen tokens instead of looking every vocabulary entry up in the map.
    const direct = (t: number) => t < c.size && c.ids[t] === t;
    let rest = false;
    for (const [t, n] of counts) {
      if (direct(t)) apply(t, n);
      else rest = true;
    }
    if (rest) {
      for (let i = 0; i < c.size; i++) {
        const t = c.ids[i] as number;
        const n = counts.get(t);
        if (n !== undefined && !direct(t)) apply(i, n);
      }
    }
    c.sorted = false;
  };
