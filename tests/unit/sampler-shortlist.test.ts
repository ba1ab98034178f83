// The top-k shortlist against the full-vocabulary chain: the same candidates after top-k (ids,
// logits, order) and the same seeded tokens, over many seeds, logits and settings.
import { describe, expect, it } from 'vitest';
import { TextSettings, type TextSettingsInput } from '../../shared/contract/generate';
import { Prng } from '../../electron/engine/prng';
import { fromLogits, type Candidates } from '../../electron/engine/text/samplers/candidates';
import { Sampler, buildStages, shortlistPlan } from '../../electron/engine/text/samplers/chain';
import { shortlist } from '../../electron/engine/text/samplers/shortlist';

type Shape = 'gaussian' | 'peaked' | 'ties' | 'near-ties' | 'masked';

/** Logits of one step: plain noise, a few peaks, many equal values, adjacent float32 values, or almost all -Infinity. */
function stepLogits(rng: Prng, vocab: number, shape: Shape): Float32Array {
  const l = rng.floats(vocab, 2);
  if (shape === 'peaked') for (let i = 0; i < 8; i++) l[Math.floor(rng.next() * vocab)] = 5 + 5 * rng.next();
  if (shape === 'ties') for (let i = 0; i < vocab; i++) l[i] = Math.round((l[i] as number) * 2) / 2;
  // Neighbouring float32 values near 5 (spacing 2^-21): a division by the temperature can merge them.
  if (shape === 'near-ties') for (let i = 0; i < vocab; i++) if (rng.next() < 0.02) l[i] = 5 + Math.floor(rng.next() * 24) * 2 ** -21;
  if (shape === 'masked') for (let i = 0; i < vocab; i++) if (rng.next() < 0.995) l[i] = -Infinity;
  return l;
}

const SETTINGS: TextSettingsInput[] = [
  {}, // the app's defaults
  { temperature: 0.3 },
  { temperature: 2.5 },
  { temperature: 1, topK: 5, topP: 1, minP: 0 },
  { temperature: 2.5, topK: 200, repetitionPenalty: 1.3, presencePenalty: -2, frequencyPenalty: 0.5, penaltyWindow: 8 },
  { noRepeatNgram: 2, repetitionPenalty: 0.5, typicalP: 0.9 },
  { temperature: 0.05, samplerOrder: ['temperature', 'penalties', 'top-k', 'min-p', 'top-p'] },
  { samplerOrder: ['top-k', 'temperature', 'penalties', 'top-p'] },
];

/** The full chain up to and including top-k (what the shortlist must reproduce). */
function fullTopK(settings: TextSettings, logits: Float32Array, history: number[]): Candidates {
  const order = [...new Set(settings.samplerOrder)];
  const stages = buildStages(settings).slice(0, order.indexOf('top-k') + 1);
  const c = fromLogits(logits);
  for (const stage of stages) stage(c, { history });
  return c;
}

const listed = (c: Candidates) => ({ ids: [...c.ids.subarray(0, c.size)], logits: [...c.logits.subarray(0, c.size)], sorted: c.sorted });

describe('top-k shortlist', () => {
  it('leaves the same candidates as the full chain, and draws the same token for every seed', () => {
    const vocab = 5000;
    let shortcuts = 0;
    let draws = 0;
    SETTINGS.forEach((input, si) => {
      const settings = TextSettings.parse(input);
      const plan = shortlistPlan(settings, buildStages(settings));
      for (let seed = 1; seed <= 40; seed++) {
        const rng = new Prng(seed * 7919 + si);
        const shape = (['gaussian', 'peaked', 'ties', 'near-ties', 'masked'] as const)[seed % 5]!;
        const fast = new Sampler(settings, new Prng(seed));
        const full = new Sampler(settings, new Prng(seed), false);
        const history = Array.from({ length: 30 }, () => Math.floor(rng.next() * vocab));
        for (let step = 0; step < 6; step++) {
          const logits = stepLogits(rng, vocab, shape);
          // Some peaks on tokens the context holds, so the penalties reorder the top.
          for (let i = 0; i < 3; i++) logits[history[Math.floor(rng.next() * history.length)]!] = 6 + rng.next();
          if (plan) {
            const short = shortlist(plan, logits, { history });
            if (short) {
              shortcuts++;
              expect(listed(short)).toEqual(listed(fullTopK(settings, logits, history)));
            }
          }
          const id = fast.next(logits, { history });
          expect(id).toBe(full.next(logits, { history }));
          history.push(id);
          draws++;
        }
      }
    });
    expect(draws).toBe(SETTINGS.length * 40 * 6);
    // Every step took the shortcut except most on masked logits (fewer finite values than k plus
    // the context: the bound is -Infinity), which fell back to the full chain.
    expect(shortcuts).toBeGreaterThanOrEqual(SETTINGS.length * 32 * 6);
    expect(shortcuts).toBeLessThan(draws - 200);
  });

  it('keeps tokens that the division by the temperature ties with the k-th', () => {
    // 5 + 2·2^-21 and 5 + 3·2^-21 are neighbouring float32 values; divided by 2.5 they round to one.
    const logits = new Float32Array(100);
    logits[10] = 5 + 2 * 2 ** -21;
    logits[20] = logits[30] = 5 + 3 * 2 ** -21;
    const s = TextSettings.parse({ temperature: 2.5, topK: 2, topP: 1, minP: 0, repetitionPenalty: 1 });
    const short = shortlist(shortlistPlan(s, buildStages(s))!, logits, { history: [] })!;
    // All three tie after the division, so the lower ids win: 10 and 20, not the raw top two.
    expect(listed(short)).toEqual(listed(fullTopK(s, logits, [])));
    expect(listed(short).ids).toEqual([10, 20]);
  });

  it('is used only where it can match the full chain', () => {
    const plan = (input: TextSettingsInput) => {
      const s = TextSettings.parse(input);
      return shortlistPlan(s, buildStages(s));
    };
    expect(plan({})).toMatchObject({ k: 40, temperature: 0.8 });
    expect(plan({ topK: 0 })).toBeNull();
    expect(plan({ samplerOrder: ['top-p', 'top-k'] })).toBeNull();
    expect(plan({ samplerOrder: ['temperature', 'typical-p', 'top-k'] })).toBeNull();
    expect(plan({ samplerOrder: ['top-k', 'temperature'] })).toMatchObject({ before: [], temperature: 1 });
    const s = TextSettings.parse({});
    const p = plan({})!;
    const history = [1, 2, 3];
    // NaN logits, or a k-th value that overflows float32 once divided: the full chain decides.
    const nan = new Float32Array(100).fill(1);
    nan[50] = NaN;
    expect(shortlist(p, nan, { history })).toBeNull();
    const huge = new Float32Array(100).fill(3e38);
    expect(shortlist(p, huge, { history })).toBeNull();
    // Vocabulary no larger than k plus the context: nothing to skip.
    expect(shortlist(p, new Float32Array(43), { history })).toBeNull();
    expect(new Sampler(s, new Prng(3)).next(nan, { history })).toBe(new Sampler(s, new Prng(3), false).next(nan, { history }));
  });
});
