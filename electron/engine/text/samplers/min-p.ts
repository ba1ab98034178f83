import { filter, probabilities } from './candidates';
import type { Stage } from './stage';

/** Drops tokens less likely than p times the most likely one. */
export const minP =
  (p: number): Stage =>
  (c) => {
    if (p <= 0 || c.size === 0) return;
    const probs = probabilities(c);
    let max = 0;
    for (const x of probs) max = Math.max(max, x);
    const floor = p * max;
    filter(c, (i) => (probs[i] as number) >= floor);
  };
