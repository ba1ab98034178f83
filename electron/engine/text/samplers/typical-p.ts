import { dropMasked, probabilities } from './candidates';
import type { Stage } from './stage';

/**
 * Locally typical sampling: rank tokens by how close their surprise (−log p) is to the
 * distribution's entropy, and keep the closest ones until their probability reaches p.
 */
export const typicalP =
  (p: number): Stage =>
  (c) => {
    if (p >= 1) return;
    dropMasked(c);
    const probs = probabilities(c);
    let entropy = 0;
    for (const x of probs) if (x > 0) entropy -= x * Math.log(x);
    const order = Array.from({ length: c.size }, (_, i) => i);
    const distance = (i: number) => Math.abs(-Math.log(probs[i] as number) - entropy);
    order.sort((a, b) => distance(a) - distance(b) || a - b);
    let cum = 0;
    const keep = new Set<number>();
    for (const i of order) {
      keep.add(i);
      cum += probs[i] as number;
      if (cum >= p) break;
    }
    const wasSorted = c.sorted;
    const ids = c.ids;
    const logits = c.logits;
    let w = 0;
    for (let i = 0; i < c.size; i++) {
      if (!keep.has(i)) continue;
      ids[w] = ids[i] as number;
      logits[w] = logits[i] as number;
      w++;
    }
    c.size = w;
    c.sorted = wasSorted;
  };
