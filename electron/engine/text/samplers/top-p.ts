import { dropMasked, probabilities, sortDesc } from './candidates';
import type { Stage } from './stage';

/** Nucleus sampling: the smallest set of most likely tokens whose probability reaches p. */
export const topP =
  (p: number): Stage =>
  (c) => {
    if (p >= 1) return;
    dropMasked(c);
    sortDesc(c);
    const probs = probabilities(c);
    let cum = 0;
    let keep = 0;
    while (keep < c.size) {
      cum += probs[keep] as number;
      keep++;
      if (cum >= p) break;
    }
    c.size = Math.max(1, keep);
  };
