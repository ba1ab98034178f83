// Comparing two runs' logits: the int8 quality checks in the benches and the quantizer's test.

/** Pearson correlation of two equally long logit vectors. */
export function correlation(a: Float32Array, b: Float32Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= a.length;
  mb /= b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] as number) - ma;
    const y = (b[i] as number) - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Index (relative to `from`) of the largest value in a[from, to): one row's top token. */
export function argmax(a: Float32Array, from: number, to: number): number {
  let best = from;
  for (let i = from; i < to; i++) if ((a[i] as number) > (a[best] as number)) best = i;
  return best - from;
}
