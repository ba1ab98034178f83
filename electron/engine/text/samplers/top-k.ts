import { sortDesc } from './candidates';
import type { Stage } from './stage';

/** Keeps the k most likely tokens; 0 disables. */
export const topK =
  (k: number): Stage =>
  (c) => {
    if (k <= 0 || k >= c.size) return;
    if (!c.sorted) {
      // Partial selection: find the k-th largest logit without sorting everything.
      const threshold = kthLargest(c.logits, c.size, k);
      let n = 0;
      let atThreshold = 0;
      for (let i = 0; i < c.size; i++) if ((c.logits[i] as number) > threshold) n++;
      const room = k - n;
      let w = 0;
      for (let i = 0; i < c.size; i++) {
        const l = c.logits[i] as number;
        if (l > threshold || (l === threshold && atThreshold++ < room)) {
          c.ids[w] = c.ids[i] as number;
          c.logits[w] = l;
          w++;
        }
      }
      c.size = w;
      sortDesc(c);
      return;
    }
    c.size = k;
  };

function kthLargest(values: Float32Array, size: number, k: number): number {
  // A min-heap of the k largest values seen.
  const heap = new Float64Array(k);
  let n = 0;
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && (heap[l] as number) < (heap[m] as number)) m = l;
      if (r < n && (heap[r] as number) < (heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  for (let i = 0; i < size; i++) {
    const v = values[i] as number;
    if (n < k) {
      let j = n++;
      heap[j] = v;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if ((heap[p] as number) <= (heap[j] as number)) break;
        [heap[p], heap[j]] = [heap[j] as number, heap[p] as number];
        j = p;
      }
    } else if (v > (heap[0] as number)) {
      heap[0] = v;
      down(0);
    }
  }
  return heap[0] as number;
}
