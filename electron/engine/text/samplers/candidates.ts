// The tokens still in the running for the next position, with their (processed) logits.
// Stages shrink and re-weight this list; sorting happens only when a stage needs it, and after
// top-k it is cheap because only k entries remain.
export interface Candidates {
  ids: Int32Array;
  logits: Float32Array;
  size: number;
  sorted: boolean;
}

export function fromLogits(logits: Float32Array): Candidates {
  const ids = new Int32Array(logits.length);
  for (let i = 0; i < ids.length; i++) ids[i] = i;
  return { ids, logits: Float32Array.from(logits), size: logits.length, sorted: false };
}

/** Sorts by logit, highest first (ties by lower id, so results are stable). */
export function sortDesc(c: Candidates): void {
  if (c.sorted) return;
  const order = Array.from({ length: c.size }, (_, i) => i);
  order.sort((a, b) => (c.logits[b] as number) - (c.logits[a] as number) || (c.ids[a] as number) - (c.ids[b] as number));
  const ids = new Int32Array(c.size);
  const logits = new Float32Array(c.size);
  order.forEach((o, i) => {
    ids[i] = c.ids[o] as number;
    logits[i] = c.logits[o] as number;
  });
  c.ids = ids;
  c.logits = logits;
  c.sorted = true;
}

/** Keeps the entries for which `keep(index)` is true, preserving order. */
export function filter(c: Candidates, keep: (i: number) => boolean): void {
  let n = 0;
  for (let i = 0; i < c.size; i++) {
    if (!keep(i)) continue;
    c.ids[n] = c.ids[i] as number;
    c.logits[n] = c.logits[i] as number;
    n++;
  }
  c.size = n;
}

/** Softmax over the current entries (masked -Infinity entries get 0). */
export function probabilities(c: Candidates): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < c.size; i++) max = Math.max(max, c.logits[i] as number);
  const p = new Float64Array(c.size);
  if (max === -Infinity) return p.fill(c.size ? 1 / c.size : 0);
  let sum = 0;
  for (let i = 0; i < c.size; i++) sum += p[i] = Math.exp((c.logits[i] as number) - max);
  for (let i = 0; i < c.size; i++) p[i] = (p[i] as number) / sum;
  return p;
}

/** Drops entries that earlier stages masked out. */
export function dropMasked(c: Candidates): void {
  filter(c, (i) => (c.logits[i] as number) > -Infinity);
}
