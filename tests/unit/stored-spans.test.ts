// The editor's spans in their stored form and back: token runs of one version join into one stored
// span and are cut into the same tokens again; a run whose tokens no longer match the text stays
// model text without token data from the first token that does not match.
import { describe, expect, it } from 'vitest';
import type { IterationTokens } from '../../shared/contract';
import { StoredSpans } from '../../shared/contract';
import type { Span } from '../../renderer/features/write/provenance';
import { fromStored, toStored } from '../../renderer/features/write/storedSpans';

const tok = (text: string) => ({ id: 1, text, p: 0.5, top: [] });
const data: Record<string, IterationTokens> = {
  g1: { start: 6, tokens: [tok(' and'), tok(' the'), tok(''), tok(' sea')] },
};
const tokensOf = async (id: string) => data[id] ?? null;

describe('stored spans', () => {
  const text = 'Once, and the seaX';
  const spans: Span[] = [
    { from: 0, to: 4, kind: 'edited' },
    { from: 5, to: 9, kind: 'model', ref: { it: 'g1', i: 0 } },
    { from: 9, to: 13, kind: 'model', ref: { it: 'g1', i: 1 } },
    { from: 13, to: 17, kind: 'model', ref: { it: 'g1', i: 3 } },
    { from: 17, to: 18, kind: 'model' },
  ];

  it('joins touching tokens with the next index into one run, and cuts it into the same tokens again', async () => {
    const stored = toStored(spans);
    expect(stored).toEqual([
      { from: 0, to: 4, kind: 'edited' },
      { from: 5, to: 13, kind: 'model', it: 'g1', first: 0, last: 1 },
      // Index 2 is an empty token (no span of its own): a run of its own starts after it.
      { from: 13, to: 17, kind: 'model', it: 'g1', first: 3, last: 3 },
      { from: 17, to: 18, kind: 'model' },
    ]);
    expect(StoredSpans.safeParse(stored).success).toBe(true);
    expect(await fromStored(stored, text, tokensOf)).toEqual(spans);
  });

  it('keeps the tint but drops token data where the tokens no longer match the text', async () => {
    const other = 'Once, and thy seaX';
    expect(await fromStored(toStored(spans), other, tokensOf)).toEqual([
      { from: 0, to: 4, kind: 'edited' },
      { from: 5, to: 9, kind: 'model', ref: { it: 'g1', i: 0 } },
      { from: 9, to: 13, kind: 'model' },
      { from: 13, to: 17, kind: 'model', ref: { it: 'g1', i: 3 } },
      { from: 17, to: 18, kind: 'model' },
    ]);
    expect(await fromStored([{ from: 5, to: 13, kind: 'model', it: 'gone', first: 0, last: 1 }], text, tokensOf)).toEqual([{ from: 5, to: 13, kind: 'model' }]);
  });
});
