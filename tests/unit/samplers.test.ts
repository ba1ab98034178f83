// Each sampler stage on known logits, and the selectors.
import { describe, expect, it } from 'vitest';
import { TextSettings } from '../../shared/contract/generate';
import { Prng } from '../../electron/engine/prng';
import { fromLogits, probabilities, type Candidates } from '../../electron/engine/text/samplers/candidates';
import { Sampler, argmax } from '../../electron/engine/text/samplers/chain';
import { minP } from '../../electron/engine/text/samplers/min-p';
import { noRepeatNgram } from '../../electron/engine/text/samplers/no-repeat-ngram';
import { penalties } from '../../electron/engine/text/samplers/penalties';
import { temperature } from '../../electron/engine/text/samplers/temperature';
import { topK } from '../../electron/engine/text/samplers/top-k';
import { topP } from '../../electron/engine/text/samplers/top-p';
import { typicalP } from '../../electron/engine/text/samplers/typical-p';
import { sumExp, topAlternatives } from '../../electron/engine/text/top-alternatives';

const cands = (logits: number[]) => fromLogits(Float32Array.from(logits));
const kept = (c: Candidates) => [...c.ids.subarray(0, c.size)].filter((_, i) => (c.logits[i] as number) > -Infinity).sort((a, b) => a - b);
const ctx = { history: [] as number[] };
/** Logits whose softmax is exactly `probs`. */
const fromProbs = (probs: number[]) => probs.map((p) => Math.log(p));

describe('stages', () => {
  it('temperature divides logits', () => {
    const c = cands([1, 2, -3]);
    temperature(2)(c, ctx);
    expect([...c.logits]).toEqual([0.5, 1, -1.5]);
  });

  it('top-k keeps the k largest, sorted', () => {
    const c = cands([1, 5, 3, 4, 2]);
    topK(3)(c, ctx);
    expect([...c.ids.subarray(0, c.size)]).toEqual([1, 3, 2]);
    const all = cands([1, 2]);
    topK(0)(all, ctx);
    expect(all.size).toBe(2);
  });

  it('top-p keeps the smallest set reaching p', () => {
    const c = cands(fromProbs([0.1, 0.5, 0.25, 0.15]));
    topP(0.7)(c, ctx);
    expect(kept(c)).toEqual([1, 2]); // 0.5 + 0.25 ≥ 0.7
    const one = cands(fromProbs([0.9, 0.1]));
    topP(0.5)(one, ctx);
    expect(kept(one)).toEqual([0]);
  });

  it('min-p drops tokens below p × the best probability', () => {
    const c = cands(fromProbs([0.5, 0.3, 0.15, 0.05]));
    minP(0.25)(c, ctx); // floor 0.125
    expect(kept(c)).toEqual([0, 1, 2]);
  });

  it('typical-p keeps tokens whose surprise is closest to the entropy', () => {
    const probs = [0.4, 0.3, 0.2, 0.1];
    const entropy = -probs.reduce((s, p) => s + p * Math.log(p), 0); // 1.2799
    const distance = probs.map((p) => Math.abs(-Math.log(p) - entropy)); // 0.364, 0.076, 0.330, 1.023
    expect(distance[1]).toBeLessThan(distance[2]!);
    const c = cands(fromProbs(probs));
    typicalP(0.5)(c, ctx); // 0.3 (closest) + 0.2 (next) = 0.5
    expect(kept(c)).toEqual([1, 2]);
  });

  it('repetition penalty divides positive and multiplies negative logits of seen tokens', () => {
    const c = cands([2, -2, 2, 1]);
    penalties({ repetition: 2, presence: 0, frequency: 0, window: 0 })(c, { history: [0, 1, 1] });
    expect([...c.logits]).toEqual([1, -4, 2, 1]);
  });

  it('presence and frequency penalties subtract per seen token and per occurrence, within the window', () => {
    const c = cands([0, 0, 0, 0]);
    penalties({ repetition: 1, presence: 0.5, frequency: 0.25, window: 3 })(c, { history: [3, 0, 1, 1] });
    // Window = last 3 tokens [0, 1, 1]: token 3 is outside it.
    expect([...c.logits]).toEqual([-0.75, -1, 0, 0]);
  });

  it('penalties give the same logits whether or not the candidates are still in vocabulary order', () => {
    const logits = [2, -1, 0.5, 3, -2, 1];
    const opts = { repetition: 1.5, presence: 0.25, frequency: 0.5, window: 0 };
    const history = [3, 1, 3, 5, 9];
    const fresh = cands(logits);
    penalties(opts)(fresh, { history });
    const shuffled = cands(logits);
    topK(4)(shuffled, ctx); // sorted and cut: token t is no longer at index t
    penalties(opts)(shuffled, { history });
    const byId = (c: Candidates) => new Map([...c.ids.subarray(0, c.size)].map((id, i) => [id, c.logits[i]]));
    const all = byId(fresh);
    for (const [id, l] of byId(shuffled)) expect(l).toBe(all.get(id));
    expect(shuffled.size).toBe(4);
  });

  it('no-repeat-ngram bans the token that would repeat an n-gram', () => {
    const c = cands([0, 0, 0, 0, 0]);
    noRepeatNgram(2)(c, { history: [1, 2, 3, 1] });
    expect([...c.logits]).toEqual([0, 0, -Infinity, 0, 0]);
    const c3 = cands([0, 0, 0, 0, 0]);
    noRepeatNgram(3)(c3, { history: [1, 2, 3, 1, 2] });
    expect([...c3.logits]).toEqual([0, 0, 0, -Infinity, 0]);
  });
});

describe('selectors', () => {
  const settings = (over: object) => TextSettings.parse(over);

  it('greedy picks the argmax (top-k 1 or temperature 0) and still applies penalties', () => {
    expect(argmax(cands([1, 3, 2]))).toBe(1);
    const s = new Sampler(settings({ topK: 1, repetitionPenalty: 10 }), new Prng(1));
    expect(s.next(Float32Array.from([1, 3, 2]), { history: [] })).toBe(1);
    expect(s.next(Float32Array.from([1, 3, 2]), { history: [1] })).toBe(2);
  });

  it('plain greedy (no penalty in effect) takes the first of equal maxima, like argmax of the candidates', () => {
    const s = new Sampler(settings({ topK: 1, repetitionPenalty: 1 }), new Prng(1));
    for (const l of [[1, 3, 3, 2], [-Infinity, -Infinity], [0, NaN, 5, 5], [2]]) {
      expect(s.next(Float32Array.from(l), { history: [0, 2] })).toBe(argmax(cands(l)));
    }
  });

  it('seeded multinomial draws are reproducible and follow the distribution', () => {
    const probs = [0.5, 0.3, 0.2];
    const logits = Float32Array.from(fromProbs(probs));
    const run = (seed: number) => {
      const s = new Sampler(settings({ temperature: 1, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1 }), new Prng(seed));
      return Array.from({ length: 6000 }, () => s.next(logits, { history: [] }));
    };
    const a = run(42);
    expect(run(42)).toEqual(a);
    expect(run(43)).not.toEqual(a);
    const freq = [0, 1, 2].map((t) => a.filter((x) => x === t).length / a.length);
    freq.forEach((f, i) => expect(Math.abs(f - probs[i]!)).toBeLessThan(0.03));
  });

  it('top alternatives are the raw softmax top-N', () => {
    const logits = Float32Array.from(fromProbs([0.1, 0.6, 0.3]));
    const { top, chosenP } = topAlternatives(logits, 2, 0);
    expect(top.map((t) => t.id)).toEqual([1, 2]);
    expect(top[0]!.p).toBeCloseTo(0.6, 6);
    expect(chosenP).toBeCloseTo(0.1, 6);
    expect([...probabilities(cands(fromProbs([0.25, 0.75])))].map((p) => +p.toFixed(6))).toEqual([0.25, 0.75]);
  });

  it('the normaliser matches a sum of Math.exp to 1e-8 relative, over narrow and wide logits', () => {
    const rng = new Prng(11);
    for (const scale of [0.01, 1, 3, 30]) {
      const logits = rng.floats(50257, scale);
      let max = -Infinity;
      for (const l of logits) max = Math.max(max, l);
      let exact = 0;
      for (const l of logits) exact += Math.exp(l - max);
      expect(Math.abs(sumExp(logits, max) / exact - 1)).toBeLessThan(1e-8);
    }
    // Exact at whole steps of the table, and nothing from logits more than 40 below the maximum.
    expect(sumExp(Float32Array.from([0, -1, -2, -41, -Infinity]), 0)).toBeCloseTo(1 + Math.exp(-1) + Math.exp(-2), 14);
  });
});
