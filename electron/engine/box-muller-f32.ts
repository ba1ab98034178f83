// Prng.gaussian()'s value rounded to float32, from its two raw 32-bit draws, without calling
// Math.log and Math.cos for most of them (those two were ~80 % of the start noise's time).
// A table and a short polynomial approximate each; when the approximation, widened by its error
// bound, could round to more than one float32, the exact formula decides. So the result is the
// float32 that Math.fround(prng.gaussian()) gives, bit for bit, for every pair of draws:
// `npm run -s check:box-muller` checks both bounds against Math.log and Math.cos over all 2^32
// inputs each (the uniform draws take only 2^32 values, so the check is exhaustive).

const TWO_32 = 4294967296;
const TWO_PI = 2 * Math.PI;

/** Bound on |logOfDraw(m) − Math.log(m / 2^32)|, absolute; checked over every m. */
export const LOG_ERROR = 2e-14;
/** Bound on |cosOfDraw(x) − Math.cos(x)|, absolute; checked over every x the draws give. */
export const COS_ERROR = 4e-15;

// log over [1, 2): 1024 segments, log(f) = log(F) + log1p(f/F − 1) with f/F − 1 < 2^-10.
const LOG_SEGMENTS = 1024;
const LOG_F = new Float64Array(LOG_SEGMENTS);
const INV_F = new Float64Array(LOG_SEGMENTS);
for (let k = 0; k < LOG_SEGMENTS; k++) {
  LOG_F[k] = Math.log(1 + k / LOG_SEGMENTS);
  INV_F[k] = 1 / (1 + k / LOG_SEGMENTS);
}
// m = 2^e · f: 2^-e and (e − 32)·ln 2 for e in 0…31.
const INV_POW2 = new Float64Array(32);
const E_LOG = new Float64Array(32);
for (let e = 0; e < 32; e++) {
  INV_POW2[e] = 2 ** -e;
  E_LOG[e] = (e - 32) * Math.LN2;
}

/** log(m / 2^32) for an integer m in [1, 2^32). */
export function logOfDraw(m: number): number {
  const e = 31 - Math.clz32(m);
  const f = m * (INV_POW2[e] as number); // exact, in [1, 2)
  const k = ((f - 1) * LOG_SEGMENTS) | 0;
  const t = (f - 1 - k / LOG_SEGMENTS) * (INV_F[k] as number);
  return (E_LOG[e] as number) + (LOG_F[k] as number) + t * (1 - t * (0.5 - t * (1 / 3 - t * (0.25 - t * 0.2))));
}

// cos over [0, 2π]: 1024 segments starting at K = fl(k·h), cos(K + r) = cos K·cos r − sin K·sin r.
const COS_SEGMENTS = 1024;
const H = TWO_PI / COS_SEGMENTS;
const INV_H = COS_SEGMENTS / TWO_PI;
const K_AT = new Float64Array(COS_SEGMENTS + 1);
const COS_K = new Float64Array(COS_SEGMENTS + 1);
const SIN_K = new Float64Array(COS_SEGMENTS + 1);
for (let k = 0; k <= COS_SEGMENTS; k++) {
  K_AT[k] = k * H;
  COS_K[k] = Math.cos(k * H);
  SIN_K[k] = Math.sin(k * H);
}

/** cos(x) for x in [0, 2π]. */
export function cosOfDraw(x: number): number {
  const k = (x * INV_H) | 0;
  const r = x - (K_AT[k] as number);
  const r2 = r * r;
  const c = 1 - r2 * (0.5 - r2 * (1 / 24 - r2 / 720));
  const s = r * (1 - r2 * (1 / 6 - r2 / 120));
  return (COS_K[k] as number) * c - (SIN_K[k] as number) * s;
}

/** Math.fround(Math.sqrt(−2·ln(1 − a/2^32)) · Math.cos(2π · b/2^32)), as Prng.gaussian() draws it. */
export function exactGaussianF32(a: number, b: number): number {
  return Math.fround(Math.sqrt(-2 * Math.log(1 - a / TWO_32)) * Math.cos(TWO_PI * (b / TWO_32)));
}

/** The same value, fast; `a` and `b` are the two uint32 draws (u = 1 − a/2^32, v = b/2^32). */
export function gaussianF32(a: number, b: number): number {
  const x = TWO_PI * (b / TWO_32);
  if (a === 0) return exactGaussianF32(a, b); // u = 1: a zero, signed as the exact formula signs it
  const s = Math.sqrt(-2 * logOfDraw(TWO_32 - a));
  const c = cosOfDraw(x);
  const g = s * c;
  // |√(−2L) − √(−2L')| ≤ 2|L − L'| / √(−2L'), doubled for safety (with 1/√(−2L') ≤ 16 for all
  // but u within 0.2 % of 1, which saves a division); then the cosine's error times √(−2L), and a
  // few roundings of g. The exact g lies within g ± margin.
  const margin = (s >= 1 / 16 ? 64 * LOG_ERROR : (4 * LOG_ERROR) / s) + 2 * COS_ERROR * s + 2 ** -48 * Math.abs(g);
  const lo = Math.fround(g - margin);
  return lo === Math.fround(g + margin) ? lo : exactGaussianF32(a, b);
}

/** The tables and constants above, for the WebAssembly copy of `gaussianF32` (gaussian-kernel.ts). */
export const BOX_MULLER_TABLES = { INV_POW2, E_LOG, LOG_F, INV_F, K_AT, COS_K, SIN_K, LOG_SEGMENTS, INV_H, TWO_32, TWO_PI };
