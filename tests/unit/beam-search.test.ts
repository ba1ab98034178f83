// Beam search on a hand-computed case: a toy 4-token model whose next-token distribution depends
// only on the last token, small enough to enumerate every path by hand.
import { describe, expect, it } from 'vitest';
import { TextSettings } from '../../shared/contract/generate';
import { beamSearch } from '../../electron/engine/text/beam-search';
import type { KvCache } from '../../electron/engine/text/kv-cache';
import type { TextModel } from '../../electron/engine/text/text-model';

// Tokens: 0 = EOS, 1 = "a", 2 = "b", 3 = "c". P(next | last):
const P: Record<number, number[]> = {
  9: [0.0, 0.5, 0.4, 0.1], // after the prompt token
  1: [0.1, 0.05, 0.05, 0.8],
  2: [0.0, 0.9, 0.05, 0.05],
  3: [0.7, 0.1, 0.1, 0.1],
};

/** A stand-in with the few members beam search uses: forward, io, tokenizer. */
function toyModel(): TextModel {
  const rows = (last: number[]) => Float32Array.from(last.flatMap((t) => P[t]!.map((p) => (p > 0 ? Math.log(p) : -1e9))));
  const cache = (n: number, len: number): KvCache =>
    ({ length: len, batch: n, selectRows: (r: number[]) => cache(r.length, len), rewindTo: () => cache(n, len), expand: () => cache(n, len) }) as unknown as KvCache;
  const names = ['<eos>', 'a', 'b', 'c', '', '', '', '', '', 'P'];
  return {
    io: { maxPositions: 100 },
    tokenizer: {
      eosIds: [0],
      decode: (ids: number[]) => ids.map((i) => names[i]).join(''),
      textAfter: (_c: number[], id: number) => names[id],
    },
    forward: async (input: number[][], c: KvCache) => ({ logits: rows(input.map((r) => r.at(-1)!)), cache: cache(input.length, c.length + 1) }),
  } as unknown as TextModel;
}

const settings = (over: object) => TextSettings.parse({ repetitionPenalty: 1, maxNewTokens: 3, ...over });

describe('beam search', () => {
  it('finds the most likely sequence where greedy does not', async () => {
    // Greedy: a (0.5) → c (0.8) → EOS (0.7) = 0.28.  Via b: b (0.4) → a (0.9) → c (0.8) = 0.288.
    // With 2 beams and no length penalty, the best 3-token hypothesis is b a c.
    const one = await beamSearch(toyModel(), [9], { settings: settings({ beams: 1, lengthPenalty: 0 }), returnCount: 1 });
    expect(one.rows[0]!.text).toBe('ac');
    expect(one.rows[0]!.stopReason).toBe('eos');
    const two = await beamSearch(toyModel(), [9], { settings: settings({ beams: 2, lengthPenalty: 0 }), returnCount: 2 });
    expect(two.rows.map((r) => r.text)).toEqual(['bac', 'ac']);
    const logp = (r: { tokens: { p: number }[] }) => r.tokens.reduce((s, x) => s + Math.log(x.p), 0);
    expect(Math.exp(logp(two.rows[0]!))).toBeCloseTo(0.288, 6);
  });

  it('applies the length penalty: score / length^α favours longer hypotheses as α grows', async () => {
    // "ac"+EOS: log 0.28 over 2 tokens; "bac": log 0.288 over 3 tokens.
    const short = await beamSearch(toyModel(), [9], { settings: settings({ beams: 2, lengthPenalty: -3 }), returnCount: 2 });
    expect(short.rows[0]!.text).toBe('ac');
    const long = await beamSearch(toyModel(), [9], { settings: settings({ beams: 2, lengthPenalty: 2 }), returnCount: 2 });
    expect(long.rows[0]!.text).toBe('bac');
  });
});
