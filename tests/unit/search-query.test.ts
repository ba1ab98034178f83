// The search language: words, phrases, prefixes, numeric recipe filters with operators, labels,
// flags, dates, negation — and clear BAD_INPUT errors for bad syntax.
import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../shared/errors';
import { ftsExpression, parseSearchQuery } from '../../shared/search/query';
import { buildSnippet } from '../../shared/search/snippet';

const terms = (q: string) => parseSearchQuery(q).terms;
const badInput = (q: string): string => {
  try {
    parseSearchQuery(q);
  } catch (err) {
    expect(err).toBeInstanceOf(AtelierError);
    expect((err as AtelierError).code).toBe('BAD_INPUT');
    return (err as Error).message;
  }
  throw new Error(`'${q}' parsed without an error`);
};

describe('parseSearchQuery', () => {
  it('reads words, phrases, prefixes and excluded words', () => {
    expect(terms('red "silk dress" sil* -blurry')).toEqual([
      { type: 'text', text: 'red', phrase: false, prefix: false, column: null, negate: false },
      { type: 'text', text: 'silk dress', phrase: true, prefix: false, column: null, negate: false },
      { type: 'text', text: 'sil', phrase: false, prefix: true, column: null, negate: false },
      { type: 'text', text: 'blurry', phrase: false, prefix: false, column: null, negate: true },
    ]);
    expect(ftsExpression(terms('red "silk dress" sil* prompt:cat'))).toBe('"red" AND "silk dress" AND "sil"* AND {prompt} : "cat"');
    expect(ftsExpression([{ type: 'text', text: 'a"b', phrase: true, prefix: false, column: null, negate: false }])).toBe('"a""b"');
  });

  it('reads numeric filters with or without spaces, in any case and alias', () => {
    for (const q of ['cfg > 9', 'cfg>9', 'cfg >9', 'cfg> 9', 'CFG > 9', 'guidance > 9']) {
      expect(terms(q)).toEqual([{ type: 'number', field: 'cfg', key: 'cfg', op: '>', value: 9, negate: false }]);
    }
    expect(terms('temperature >= 1.1 seed = 42 steps<=20 top_p < .9 temp != 0.7 seed:7')).toEqual([
      { type: 'number', field: 'temperature', key: 'temperature', op: '>=', value: 1.1, negate: false },
      { type: 'number', field: 'seed', key: 'seed', op: '=', value: 42, negate: false },
      { type: 'number', field: 'steps', key: 'steps', op: '<=', value: 20, negate: false },
      { type: 'number', field: 'topP', key: 'topp', op: '<', value: 0.9, negate: false },
      { type: 'number', field: 'temperature', key: 'temperature', op: '!=', value: 0.7, negate: false },
      { type: 'number', field: 'seed', key: 'seed', op: '=', value: 7, negate: false },
    ]);
    expect(terms('-cfg>9')[0]).toMatchObject({ type: 'number', negate: true });
  });

  it('reads labels, tags, kinds, flags and dates', () => {
    expect(terms('model:Tiny-SD scheduler:euler-a tag:"my pick" kind:image is:starred -tag:draft starred:no')).toEqual([
      { type: 'label', field: 'model', value: 'tiny-sd', negate: false },
      { type: 'label', field: 'scheduler', value: 'euler-a', negate: false },
      { type: 'tag', value: 'my pick', negate: false },
      { type: 'kind', value: 'image', negate: false },
      { type: 'flag', flag: 'starred', negate: false },
      { type: 'tag', value: 'draft', negate: true },
      { type: 'flag', flag: 'starred', negate: true },
    ]);
    const day = new Date(2025, 0, 31).getTime();
    expect(terms('date >= 2025-01-31')).toEqual([{ type: 'date', from: day, to: null, negate: false }]);
    expect(terms('date = 2025-01-31')).toEqual([{ type: 'date', from: day, to: day + 86_400_000, negate: false }]);
    expect(terms('after:2025-01-31 before:2025-01-31')).toEqual([
      { type: 'date', from: day, to: null, negate: false },
      { type: 'date', from: null, to: day, negate: false },
    ]);
  });

  it('ignores punctuation-only words and keeps times and numbers as words', () => {
    expect(terms('rock & roll')).toEqual([
      { type: 'text', text: 'rock', phrase: false, prefix: false, column: null, negate: false },
      { type: 'text', text: 'roll', phrase: false, prefix: false, column: null, negate: false },
    ]);
    expect(terms('— 10:30 42')).toEqual([
      { type: 'text', text: '10:30', phrase: false, prefix: false, column: null, negate: false },
      { type: 'text', text: '42', phrase: false, prefix: false, column: null, negate: false },
    ]);
    expect(terms('')).toEqual([]);
  });

  it('answers bad syntax with BAD_INPUT and a hint', () => {
    expect(badInput('cfg >')).toMatch(/needs a value after '>'/);
    expect(badInput('cfg > abc')).toMatch(/cfg needs a number/);
    expect(badInput('cgf > 9')).toMatch(/Unknown field 'cgf'.*Did you mean 'cfg'/);
    expect(badInput('> 9')).toMatch(/needs a field before it/);
    expect(badInput('"red dress')).toMatch(/Unclosed quote/);
    expect(badInput('model > tiny')).toMatch(/model can only be matched with ':' or '='/);
    expect(badInput('kind:video')).toMatch(/kind is text or image/);
    expect(badInput('is:great')).toMatch(/is: takes starred or trashed/);
    expect(badInput('date >= 2025-13-01')).toMatch(/YYYY-MM-DD/);
    expect(badInput('date > yesterday')).toMatch(/YYYY-MM-DD/);
    expect(badInput('prompt = cat')).toMatch(/prompt:word/);
    // Punctuation alone is no search (it listed every version): BAD_INPUT with where it is.
    expect(badInput('* --')).toBe("Nothing to search for: '*' at character 1 has no letters or digits. Search for words, or clear the box to list every version.");
    expect(badInput('  (((')).toBe("Nothing to search for: '(((' at character 3 has no letters or digits. Search for words, or clear the box to list every version.");
    expect(badInput('"((("')).toMatch(/^Nothing to search for: '"\(\(\("' at character 1/);
    let details: unknown;
    try {
      parseSearchQuery(' (((');
    } catch (err) {
      details = (err as AtelierError).details;
    }
    expect(details).toEqual({ at: 1 });
    expect(badInput(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toMatch(/at most 32 terms/);
  });
});

describe('buildSnippet', () => {
  it('cuts around the first match and marks every matched word', () => {
    const long = `${'Lorem ipsum dolor sit amet. '.repeat(10)}The red dress glowed; a red sky.${' More text.'.repeat(20)}`;
    const s = buildSnippet({ prompt: '', output: long, notes: '', tags: '' }, terms('red'));
    expect(s.field).toBe('output');
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.highlights).toHaveLength(2);
    for (const [a, b] of s.highlights) expect(s.text.slice(a, b).toLowerCase()).toBe('red');
  });
  it('prefers the note, honours a column and falls back to the first line', () => {
    expect(buildSnippet({ prompt: 'a cat', output: 'cat', notes: 'my cat', tags: '' }, terms('cat')).field).toBe('notes');
    expect(buildSnippet({ prompt: 'a cat', output: 'cat', notes: 'my cat', tags: '' }, terms('prompt:cat')).field).toBe('prompt');
    expect(buildSnippet({ prompt: '', output: 'First line\nsecond', notes: '', tags: '' }, terms('cfg > 9'))).toEqual({ field: null, text: 'First line', highlights: [] });
    const prefix = buildSnippet({ prompt: 'silken threads', output: '', notes: '', tags: '' }, terms('sil*'));
    expect(prefix.text.slice(...prefix.highlights[0]!)).toBe('silken');
  });
});
