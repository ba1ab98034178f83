// The model's own top-N next tokens with probabilities (softmax of the raw logits), recorded per
// generated token so the editor can show what else the model considered.
export interface Ranked {
  id: number;
  p: number;
}

export function topAlternatives(logits: Float32Array, n: number, chosen: number): { top: Ranked[]; chosenP: number } {
  // One pass finds the maximum and the n best (insertion into a short sorted list: n is small, and
  // most entries fail the first comparison); a second pass sums the exponentials. Ties keep the
  // lower id first.
  const ids = new Int32Array(n);
  const best = new Float64Array(n);
  let count = 0;
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const l = logits[i] as number;
    if (l > max) max = l;
    if (count === n && l <= (best[n - 1] as number)) continue;
    let j = count < n ? count++ : n - 1;
    while (j > 0 && (best[j - 1] as number) < l) {
      best[j] = best[j - 1] as number;
      ids[j] = ids[j - 1] as number;
      j--;
    }
    best[j] = l;
    ids[j] = i;
  }
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp((logits[i] as number) - max);
  const prob = (l: number) => Math.exp(l - max) / sum;
  const top: Ranked[] = [];
  for (let k = 0; k < count; k++) top.push({ id: ids[k] as number, p: prob(best[k] as number) });
  return { top, chosenP: prob(logits[chosen] as number) };
}
