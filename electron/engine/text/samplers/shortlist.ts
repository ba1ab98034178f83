// The candidate list top-k would leave, built without a full-vocabulary list.
//
// With top-k after only pointwise stages (penalties, no-repeat-ngram, temperature: each changes a
// token's logit from that token and the context alone), the full chain copies the vocabulary,
// divides every entry by the temperature and selects k. But a token the context never held keeps
// its raw logit, only divided by the temperature (monotone), so it can reach the top k only if its
// raw logit is among the top k + (distinct context tokens). This builds the candidates from those
// tokens and every context token, in vocabulary order, runs the same stages on them and lets the
// same top-k stage select: the result is the same ids, logits and order as the full chain's, so
// every later stage and the seeded draw pick the same token.
import { sortDesc, type Candidates } from './candidates';
import type { SamplingContext, Stage } from './stage';

export interface ShortlistPlan {
  /** The pointwise stages before top-k, in order. */
  before: Stage[];
  topK: Stage;
  k: number;
  /** The temperature among `before` (1 when it is not there). */
  temperature: number;
}

/** Relative slack below the bound: far more than two float32 rounding steps of a quotient. */
const SLACK = 1e-5;

/**
 * The candidates after top-k, or null where the shortcut cannot prove it gives the full chain's
 * result (NaN logits, a quotient that overflows, too small a vocabulary): the caller runs the full
 * chain then.
 */
export function shortlist(plan: ShortlistPlan, logits: Float32Array, ctx: SamplingContext): Candidates | null {
  const vocab = logits.length;
  const seen = new Set<number>();
  for (const t of ctx.history) if (t >= 0 && t < vocab) seen.add(t);
  const size = plan.k + seen.size;
  if (size >= vocab) return null;
  // One pass: a min-heap of the `size` largest logits so far, and every token at or above its
  // root less the slack (the root only rises, so the final bound is at least as strict). Every
  // token below the final bound has at least k tokens the context never held above it.
  const heap = new Float64Array(size);
  const near: number[] = [];
  let low = -Infinity;
  for (let i = 0; i < vocab; i++) {
    const l = logits[i] as number;
    if (l >= low) {
      near.push(i);
      if (i < size) {
        heap[i] = l;
        if (i === size - 1) {
          for (let j = (size >> 1) - 1; j >= 0; j--) siftDown(heap, j, size);
          low = below(heap[0] as number);
        }
      } else if (l > (heap[0] as number)) {
        heap[0] = l;
        siftDown(heap, 0, size);
        low = below(heap[0] as number);
      }
    } else if (l !== l) return null;
  }
  const bound = heap[0] as number;
  if (!Number.isFinite(Math.fround(bound / plan.temperature))) return null;
  // Tokens whose logits differ by more than the slack keep their order after a float32 division.
  low = below(bound);
  const picked: number[] = [];
  for (const i of near) if ((logits[i] as number) >= low && !seen.has(i)) picked.push(i);
  for (const id of seen) picked.push(id);
  const ids = Int32Array.from(picked).sort();
  const c: Candidates = { ids, logits: new Float32Array(ids.length), size: ids.length, sorted: false };
  for (let i = 0; i < ids.length; i++) c.logits[i] = logits[ids[i] as number] as number;
  for (const stage of plan.before) stage(c, ctx);
  plan.topK(c, ctx);
  // The full chain always sorts here (k is below its size); the shortlist may be exactly k long.
  sortDesc(c);
  return c;
}

/** The lower edge of what may tie with `bound` once divided by a temperature and rounded to float32. */
const below = (bound: number): number => bound - (Math.abs(bound) * SLACK + 1e-30);

function siftDown(heap: Float64Array, i: number, n: number): void {
  const v = heap[i] as number;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const m = r < n && (heap[r] as number) < (heap[l] as number) ? r : l;
    if ((heap[m] as number) >= v) break;
    heap[i] = heap[m] as number;
    i = m;
  }
  heap[i] = v;
}
