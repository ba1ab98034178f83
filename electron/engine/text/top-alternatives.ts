// The model's own top-N next tokens with probabilities (softmax of the raw logits), recorded per
// generated token so the editor can show what else the model considered.
export interface Ranked {
  id: number;
  p: number;
}

export function topAlternatives(logits: Float32Array, n: number, chosen: number): { top: Ranked[]; chosenP: number } {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] as number);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp((logits[i] as number) - max);
  // Insertion into a short sorted list: n is small (5), one pass over the vocabulary.
  const best: { id: number; l: number }[] = [];
  for (let i = 0; i < logits.length; i++) {
    const l = logits[i] as number;
    if (best.length === n && l <= (best[n - 1] as { l: number }).l) continue;
    let j = best.length;
    while (j > 0 && (best[j - 1] as { l: number }).l < l) j--;
    best.splice(j, 0, { id: i, l });
    if (best.length > n) best.pop();
  }
  const prob = (l: number) => Math.exp(l - max) / sum;
  return { top: best.map((b) => ({ id: b.id, p: prob(b.l) })), chosenP: prob(logits[chosen] as number) };
}
