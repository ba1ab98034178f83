import type { Stage } from './stage';

/** Divides logits by t (t > 0); t = 0 is handled by the greedy selector instead. */
export const temperature =
  (t: number): Stage =>
  (c) => {
    if (t <= 0 || t === 1) return;
    for (let i = 0; i < c.size; i++) c.logits[i] = (c.logits[i] as number) / t;
  };
