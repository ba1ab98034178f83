// Compare helpers on known inputs: word diffs with the shared prefix and suffix collapsed, the
// recipe settings that differ, one-line recipe summaries.
import { describe, expect, it } from 'vitest';
import { recipeDifferences } from '../../shared/compare/recipe-diff';
import { summarizeRecipe } from '../../shared/compare/recipe-summary';
import { compareTexts, diffSide, diffTexts } from '../../shared/compare/text-diff';

describe('diffTexts', () => {
  it('marks changed words and keeps whitespace exact', () => {
    const d = diffTexts('The cat sat on the mat.', 'The dog sat on the red mat.', { context: 100 });
    expect(d.segments).toEqual([
      { type: 'same', text: 'The ' },
      { type: 'removed', text: 'cat' },
      { type: 'added', text: 'dog' },
      { type: 'same', text: ' sat on the' },
      { type: 'added', text: ' red' },
      { type: 'same', text: ' mat.' },
    ]);
    expect(d.stats).toEqual({ same: 6, added: 2, removed: 1 });
    expect(d.identical).toBe(false);
    expect(diffSide(d, 'a')).toBe('The cat sat on the mat.');
    expect(diffSide(d, 'b')).toBe('The dog sat on the red mat.');
  });

  it('collapses a long shared prompt and suffix, keeping a little context at word boundaries', () => {
    const prompt = 'Once upon a time there was an old lighthouse keeper who lived alone by the sea and ';
    const end = ' And that was the end of the story of the keeper and the sea.';
    const a = `${prompt}he sang every night.${end}`;
    const b = `${prompt}she sang every morning.${end}`;
    const d = diffTexts(a, b, { context: 20 });
    expect(d.prefix.chars).toBeGreaterThan(50);
    expect(d.prefix.text + d.segments[0]!.text).toBe(prompt);
    expect(d.segments[0]!.type).toBe('same');
    expect(d.segments[0]!.text.length).toBeLessThanOrEqual(24);
    expect(d.segments[0]!.text.startsWith(' ') || /^[a-z]/.test(d.segments[0]!.text)).toBe(true);
    expect(d.segments.filter((s) => s.type === 'removed').map((s) => s.text)).toEqual(['he', 'night']);
    expect(d.segments.filter((s) => s.type === 'added').map((s) => s.text)).toEqual(['she', 'morning']);
    expect(d.suffix.text.endsWith('the sea.')).toBe(true);
    expect(d.suffix.chars).toBeGreaterThan(30);
    expect(d.segments.at(-1)).toMatchObject({ type: 'same' });
    expect(diffSide(d, 'a')).toBe(a);
    expect(diffSide(d, 'b')).toBe(b);
  });

  it('never splits a word into the collapsed prefix', () => {
    const d = diffTexts('prefix words then cathedral', 'prefix words then catapult', { context: 0 });
    expect(d.segments.find((s) => s.type === 'removed')?.text).toBe('cathedral');
    expect(d.segments.find((s) => s.type === 'added')?.text).toBe('catapult');
  });

  it('handles identical, empty and unicode texts', () => {
    expect(diffTexts('same text', 'same text')).toMatchObject({ identical: true, segments: [{ type: 'same' }] });
    const e = diffTexts('', 'new words');
    expect(e.segments).toEqual([{ type: 'added', text: 'new words' }]);
    const u = diffTexts('Café crème 🌊 vague', 'Café crème 🌊 houle');
    expect(diffSide(u, 'a')).toBe('Café crème 🌊 vague');
    expect(diffSide(u, 'b')).toBe('Café crème 🌊 houle');
    expect(u.segments.filter((s) => s.type !== 'same').map((s) => s.text)).toEqual(['vague', 'houle']);
  });

  it('compares up to four texts against the first', () => {
    const diffs = compareTexts(['a b c', 'a x c', 'a b c d']);
    expect(diffs).toHaveLength(2);
    expect(diffSide(diffs[1]!, 'b')).toBe('a b c d');
  });
});

describe('recipeDifferences', () => {
  const base = { kind: 'image', model: { id: 'tiny-sd', sha256: 'aa' }, seed: 42, batchIndex: 0, settings: { cfg: 7, steps: 20, scheduler: 'euler', prompt: 'a cat' } };
  it('lists only the settings that differ, in a stable order', () => {
    const other = { ...base, seed: 43, batchIndex: 1, settings: { ...base.settings, cfg: 9.5 } };
    expect(recipeDifferences([base, other])).toEqual([
      { path: 'seed', label: 'seed', values: [42, 43] },
      { path: 'settings.cfg', label: 'cfg', values: [7, 9.5] },
    ]);
    expect(recipeDifferences([base, structuredClone(base)])).toEqual([]);
  });
  it('shows a missing setting as undefined and compares arrays by value', () => {
    const a = { settings: { stop: ['\n'], temperature: 1 } };
    const b = { settings: { stop: ['\n'] } };
    expect(recipeDifferences([a, b, null])).toEqual([
      { path: 'settings.stop', label: 'stop', values: [['\n'], ['\n'], undefined] },
      { path: 'settings.temperature', label: 'temperature', values: [1, undefined, undefined] },
    ]);
  });
});

describe('recipeDifferences on image recipes', () => {
  it('gives every row its own label: the output size apart from the size asked for, the seed used apart from the locked one', () => {
    const image = (seed: number, size: number, extra: Record<string, unknown>) => ({
      kind: 'image',
      model: { id: 'tiny-sd' },
      seed,
      width: size,
      height: size,
      settings: { prompt: 'a cat', seed: null, width: size, height: size, variationSeed: null, variationStrength: 0, strength: 0.6, ...extra },
    });
    const diffs = recipeDifferences([image(1, 64, {}), image(2, 1024, { seed: 2, variationSeed: 9, variationStrength: 0.25, strength: 0.45 })]);
    expect(diffs.map((d) => [d.path, d.label])).toEqual([
      ['seed', 'seed'],
      ['width', 'output width'],
      ['height', 'output height'],
      ['settings.seed', 'locked seed'],
      ['settings.width', 'width'],
      ['settings.height', 'height'],
      ['settings.variationSeed', 'variation seed'],
      ['settings.variationStrength', 'variation amount'],
      ['settings.strength', 'img2img strength'],
    ]);
  });
});

describe('recipeDifferences between an image and its enhanced copy', () => {
  it('shows the source size, the output size and the upscaler with its sha256', () => {
    const source = { kind: 'image', model: { id: 'starter-gan', sha256: 'aa' }, seed: 7, width: 448, height: 448, settings: { prompt: 'a coat', width: 512, height: 512 } };
    const enhanced = {
      ...source,
      width: 1792,
      height: 1792,
      upscale: { from: 'v1', scale: 4, source: { width: 448, height: 448 }, model: { id: 'esrgan-x4', sha256: 'bb' } },
    };
    expect(recipeDifferences([source, enhanced]).map((d) => [d.label, ...d.values])).toEqual([
      ['output width', 448, 1792],
      ['output height', 448, 1792],
      ['enhanced from', undefined, 'v1'],
      ['enhanced ×', undefined, 4],
      ['enhanced from width', undefined, 448],
      ['enhanced from height', undefined, 448],
      ['upscaler', undefined, 'esrgan-x4'],
      ['upscaler file (sha256)', undefined, 'bb'],
    ]);
  });
});

describe('summarizeRecipe', () => {
  it('summarizes image, text and missing recipes', () => {
    expect(summarizeRecipe({ kind: 'image', model: { id: 'tiny-sd' }, seed: 42, width: 64, height: 64, settings: { steps: 3, cfg: 5, scheduler: 'euler-a' }, device: { used: 'cpu' } }).line).toBe(
      'tiny-sd · 3 steps · cfg 5 · euler-a · seed 42 · 64×64',
    );
    expect(summarizeRecipe({ kind: 'text', model: { id: 'gpt' }, seed: 5, settings: { temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, maxNewTokens: 64, beams: 1 } }).line).toBe(
      'gpt · temp 0.8 · top-k 40 · top-p 0.95 · min-p 0.05 · 64 tokens · seed 5',
    );
    expect(summarizeRecipe(null)).toMatchObject({ kind: null, model: null, line: 'written' });
  });
});
