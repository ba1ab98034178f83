import type { Stage } from './stage';

/** Bans any token that would complete an n-gram already present in the context. */
export const noRepeatNgram =
  (n: number): Stage =>
  (c, ctx) => {
    const h = ctx.history;
    if (n <= 0 || h.length < n) return;
    const banned = new Set<number>();
    const tail = h.length - (n - 1);
    for (let i = 0; i + n - 1 < h.length; i++) {
      let same = true;
      for (let j = 0; j < n - 1 && same; j++) same = h[i + j] === h[tail + j];
      if (same) banned.add(h[i + n - 1] as number);
    }
    if (banned.size === 0) return;
    for (let i = 0; i < c.size; i++) if (banned.has(c.ids[i] as number)) c.logits[i] = -Infinity;
    c.sorted = false;
  };
