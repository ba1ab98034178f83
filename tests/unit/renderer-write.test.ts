// Pure helpers of the writing studio: the one-region diff, provenance spans through edits, the
// version tree layout, settings checks (memory too), a rewrite's request parts, and the Markdown
// export's front matter.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TextSettings, type HistoryGraph, type Iteration, type TextRecipe } from '../../shared/contract';
import { fileName, toMarkdown, toYaml, yamlScalar } from '../../renderer/features/write/exportDoc';
import { addSpans, applyChanges, runEnd, spanAt, tokenSpans, type Span } from '../../renderer/features/write/provenance';
import { Reinserted } from '../../renderer/features/write/reinserted';
import { QUICK_PICKS, SELECTION_MAX, rewriteParts } from '../../renderer/features/write/rewrite';
import {
  BUILT_IN_PRESETS,
  DEFAULT_SETTINGS,
  MEMORY_MAX,
  coerceSettings,
  formatStop,
  issuesFromDetails,
  loadSettings,
  matchingPreset,
  parseStopText,
  PRESET_NAME_MAX,
  presetNameProblem,
  settingsFromRecipe,
  toTextSettings,
  saveSettings,
  validate,
} from '../../renderer/features/write/settings';
import { changedRegion, generatedChange } from '../../renderer/features/write/textDiff';
import { headPath, layoutTree } from '../../renderer/features/history/treeLayout';
import { versionNode } from '../support/version-node';

const model = (from: number, to: number, i = 0): Span => ({ from, to, kind: 'model', ref: { it: 'g', i } });

describe('changedRegion / generatedChange', () => {
  it('finds the single changed region from the common prefix and suffix', () => {
    expect(changedRegion('abc', 'abc')).toBeNull();
    expect(changedRegion('abc', 'abXc')).toEqual({ fromA: 2, toA: 2, fromB: 2, toB: 3 });
    expect(changedRegion('hello world', 'hello there world')).toEqual({ fromA: 6, toA: 6, fromB: 6, toB: 12 });
    expect(changedRegion('abcdef', 'abXYef')).toEqual({ fromA: 2, toA: 4, fromB: 2, toB: 4 });
  });

  it('never splits a surrogate pair', () => {
    const c = changedRegion('a\u{1F600}b', 'a\u{1F601}b');
    expect(c).toEqual({ fromA: 1, toA: 3, fromB: 1, toB: 3 });
  });

  it('places a generation exactly, even where the prefix/suffix guess would slide', () => {
    // Parent "…inn", generation replaced "inn" after the cursor with " Upon…n": the suffix "n"
    // is shared by chance; the generated change must still end where the generated text ends.
    const parent = 'Once zzinn';
    const text = 'Once zz Upon ijn';
    expect(generatedChange(parent, text, 7, 9)).toEqual({ fromA: 7, toA: 10, fromB: 7, toB: 16 });
    // A continuation with text kept after the cursor.
    expect(generatedChange('ab|cd', 'ab|XYZcd', 3, 3)).toEqual({ fromA: 3, toA: 3, fromB: 3, toB: 6 });
  });
});

describe('provenance spans', () => {
  // "The cat" + model tokens " sat" [7,11) " down" [11,16)
  const spans = [model(7, 11, 0), model(11, 16, 1)];

  it('keeps text typed next to model text as the writer’s', () => {
    const out = applyChanges(spans, [{ fromA: 16, toA: 16, fromB: 16, toB: 17 }], true);
    expect(out).toEqual(spans);
    const before = applyChanges(spans, [{ fromA: 7, toA: 7, fromB: 7, toB: 9 }], true);
    expect(before).toEqual([model(9, 13, 0), model(13, 18, 1)]);
  });

  it('marks a token typed into, and text typed between two tokens, as edited', () => {
    const inside = applyChanges(spans, [{ fromA: 9, toA: 9, fromB: 9, toB: 10 }], true);
    expect(inside).toEqual([{ from: 7, to: 12, kind: 'edited' }, model(12, 17, 1)]);
    const between = applyChanges(spans, [{ fromA: 11, toA: 11, fromB: 11, toB: 13 }], true);
    expect(between).toEqual([model(7, 11, 0), { from: 11, to: 13, kind: 'edited' }, model(13, 18, 1)]);
  });

  it('cuts a deleted tail off instead of stretching over what replaced it', () => {
    // Programmatic: replace from 9 to the end (a regenerate after the cursor).
    const out = applyChanges(spans, [{ fromA: 9, toA: 16, fromB: 9, toB: 20 }], false);
    expect(out).toEqual([model(7, 9, 0)]);
    // The writer overtypes across both tokens: the remains and the new text are edited.
    const typed = applyChanges(spans, [{ fromA: 9, toA: 13, fromB: 9, toB: 10 }], true);
    expect(typed).toEqual([{ from: 7, to: 13, kind: 'edited' }]);
  });

  it('joins consecutive keystrokes into one edited span', () => {
    let out = applyChanges(spans, [{ fromA: 11, toA: 11, fromB: 11, toB: 12 }], true);
    out = applyChanges(out, [{ fromA: 12, toA: 12, fromB: 12, toB: 13 }], true);
    expect(out.filter((s) => s.kind === 'edited')).toEqual([{ from: 11, to: 13, kind: 'edited' }]);
  });

  it('lets added spans win over overlapping ones, and finds spans and runs', () => {
    const out = addSpans([{ from: 0, to: 10, kind: 'edited' }, model(12, 14)], [model(5, 8, 3)]);
    expect(out).toEqual([model(5, 8, 3), model(12, 14)]);
    expect(spanAt(spans, 11)).toEqual(spans[1]);
    expect(spanAt(spans, 11, -1)).toEqual(spans[0]);
    expect(spanAt(spans, 16)).toBeNull();
    expect(runEnd(spans, spans[0] as Span)).toBe(16);
  });

  it('lays tokens over the version text and stops where they no longer match', () => {
    const text = 'Hi there you';
    const data = { start: 2, tokens: ['', ' there', ' you'].map((t, id) => ({ id, text: t, p: 0.5, top: [] })) };
    expect(tokenSpans(text, data, 'v')).toEqual([
      { from: 2, to: 8, kind: 'model', ref: { it: 'v', i: 1 } },
      { from: 8, to: 12, kind: 'model', ref: { it: 'v', i: 2 } },
    ]);
    expect(tokenSpans('Hi there', data, 'v')).toHaveLength(1);
  });
});

describe('tints through an undo and a redo saved in between', () => {
  const before = 'Hello. The sea.';
  const model: Span[] = [
    { from: 6, to: 10, kind: 'model', ref: { it: 'g', i: 0 } },
    { from: 10, to: 15, kind: 'model', ref: { it: 'g', i: 1 } },
  ];

  it('gives text put back where it was deleted its spans again, refs and all', () => {
    const walk = new Reinserted();
    // The undo: the generated ' The sea.' goes.
    const undo = { fromA: 6, toA: 15, fromB: 6, toB: 6 };
    const afterUndo = walk.step(before, model, 'Hello.', undo, applyChanges(model, [undo], true));
    expect(afterUndo).toEqual([]);
    // The redo: the same text, in the same place.
    const redo = { fromA: 6, toA: 6, fromB: 6, toB: 15 };
    expect(walk.step('Hello.', afterUndo, before, redo, applyChanges(afterUndo, [redo], true))).toEqual(model);
  });

  it('leaves text the writer typed, or put elsewhere, as the writer’s', () => {
    const walk = new Reinserted();
    const undo = { fromA: 6, toA: 15, fromB: 6, toB: 6 };
    walk.step(before, model, 'Hello.', undo, []);
    // Other words in the same place.
    expect(walk.step('Hello.', [], 'Hello. The sky.', { fromA: 6, toA: 6, fromB: 6, toB: 15 }, [])).toEqual([]);
    // The same words somewhere else (pasted at the start).
    expect(walk.step('Hello.', [], ' The sea.Hello.', { fromA: 0, toA: 0, fromB: 0, toB: 9 }, [])).toEqual([]);
  });
});

describe('version tree layout', () => {
  const it_ = (id: string, parent: string | null, createdAt: number, source: Iteration['source'] = 'user') => versionNode(id, parent, createdAt, { source });
  const graph: HistoryGraph = {
    iterations: [it_('a', null, 1), it_('b', 'a', 2, 'model'), it_('c', 'a', 3, 'model'), it_('d', 'c', 4), it_('e', 'b', 5)],
    edges: [],
  };

  it('runs the path to the head straight down and indents side branches before it', () => {
    const rows = layoutTree(graph, 'd');
    expect(rows.map((r) => [r.iteration.id, r.depth, r.onPath])).toEqual([
      ['a', 0, true],
      ['b', 1, false],
      ['e', 1, false],
      ['c', 0, true],
      ['d', 0, true],
    ]);
    expect(rows.find((r) => r.isHead)?.iteration.id).toBe('d');
    expect(rows[0]?.descendants).toBe(4);
    expect([...headPath(graph, 'd')]).toEqual(['d', 'c', 'a']);
  });

  it('handles a long chain without recursion', () => {
    const iterations = Array.from({ length: 20_000 }, (_, i) => it_(`n${i}`, i ? `n${i - 1}` : null, i));
    const rows = layoutTree({ iterations, edges: [] }, 'n19999');
    expect(rows).toHaveLength(20_000);
    expect(rows.every((r) => r.depth === 0 && r.onPath)).toBe(true);
  });
});

describe('settings', () => {
  it('checks values with the shared schema and words the problems plainly', () => {
    expect(validate(DEFAULT_SETTINGS)).toEqual({});
    const bad = { ...DEFAULT_SETTINGS, alternatives: 9, sampling: { ...DEFAULT_SETTINGS.sampling, temperature: 9, topK: 1.5 } };
    expect(validate(bad)).toEqual({
      alternatives: 'Choose 1 to 8 alternatives',
      temperature: 'Must be at most 5',
      topK: 'Must be a whole number',
    });
  });

  it('maps the host’s BAD_INPUT issues to fields', () => {
    const details = { issues: [{ path: ['settings', 'topP'], message: 'Too small: expected number to be >0' }, { path: ['model'], message: 'not a valid model id' }] };
    expect(issuesFromDetails(details)).toEqual({ topP: 'Must be more than 0', model: 'Not a valid model id' });
    expect(issuesFromDetails(null)).toEqual({});
  });

  it('reads a document’s settings back from a recipe: memory, model, device asked for, samplers, a locked seed, stop strings', () => {
    const recipe = {
      kind: 'text',
      model: { id: 'tiny-gpt2', sha256: null, name: 'tiny-gpt2' },
      settings: { ...TextSettings.parse({}), temperature: 0.3, seed: 9, stop: ['\n\n', 'THE END'] },
      seed: 9,
      promptChars: 10,
      promptTokens: 3,
      device: { requested: 'cpu', used: 'cpu', fallbackReason: null },
      alternative: 0,
      engine: 'atelier-onnx-text/1',
      memory: 'A ghost story.',
      rewrite: null,
    } satisfies TextRecipe;
    const base = { ...DEFAULT_SETTINGS, alternatives: 5 };
    const back = settingsFromRecipe(recipe, base);
    expect(back).toMatchObject({ model: 'tiny-gpt2', provider: 'cpu', alternatives: 5, seedLocked: true, seedValue: 9, memory: 'A ghost story.' });
    expect(parseStopText(back.stopText)).toEqual(['\n\n', 'THE END']);
    expect(back.sampling.temperature).toBe(0.3);
    expect(toTextSettings(back)).toEqual(recipe.settings);
    // A random seed stays random; the last locked value is kept for when it is locked again.
    const random = settingsFromRecipe({ ...recipe, settings: { ...recipe.settings, seed: null } }, base);
    expect(random).toMatchObject({ seedLocked: false, seedValue: DEFAULT_SETTINGS.seedValue });
  });

  it('says how many stop strings are allowed, not just a number', () => {
    const many = { ...DEFAULT_SETTINGS, stopText: Array.from({ length: 17 }, (_, i) => `s${i}`).join('\n') };
    expect(validate(many)).toEqual({ stop: 'Use at most 16 stop strings' });
    expect(validate({ ...DEFAULT_SETTINGS, stopText: 'x'.repeat(201) })).toEqual({ stop: 'Must have at most 200 characters' });
  });

  it('refuses a preset name that is empty, too long, built in, or settings another preset already has', () => {
    const custom = { ...DEFAULT_SETTINGS.sampling, temperature: 0.55 };
    expect(presetNameProblem('  Calm  ', custom, [])).toBeNull();
    expect(presetNameProblem('   ', custom, [])).toBe('The name must not be empty.');
    expect(presetNameProblem('x'.repeat(PRESET_NAME_MAX), custom, [])).toBeNull();
    expect(presetNameProblem('x'.repeat(PRESET_NAME_MAX + 1), custom, [])).toBe(`Keep the name to ${PRESET_NAME_MAX} characters (now ${PRESET_NAME_MAX + 1}).`);
    expect(presetNameProblem('Precise', custom, [])).toBe("'Precise' is a built-in preset; choose another name.");
    // Balanced's values under another name could never show as chosen, nor be deleted.
    expect(presetNameProblem('Mine', DEFAULT_SETTINGS.sampling, [])).toBe("These settings are the preset 'Balanced' already; change a value first.");
    const calm = { name: 'Calm', builtIn: false, values: { ...BUILT_IN_PRESETS[1]!.values, temperature: 0.55 } };
    expect(presetNameProblem('Calm 2', custom, [calm])).toBe("These settings are the preset 'Calm' already; change a value first.");
    // Saving again under the same name replaces it.
    expect(presetNameProblem('Calm', custom, [calm])).toBeNull();
  });

  it('reads stop strings one per line with escapes, and back', () => {
    expect(parseStopText('\\n\\n\nTHE END\n\n')).toEqual(['\n\n', 'THE END']);
    expect(parseStopText(formatStop(['a\\b', '\t']))).toEqual(['a\\b', '\t']);
  });

  it('recognises presets and reads stored settings leniently', () => {
    expect(matchingPreset(BUILT_IN_PRESETS, DEFAULT_SETTINGS.sampling)?.name).toBe('Balanced');
    const stored = coerceSettings({ model: 'tiny', alternatives: 'x', sampling: { temperature: 0.3, topK: 'no' }, provider: 'warp' });
    expect(stored.model).toBe('tiny');
    expect(stored.alternatives).toBe(DEFAULT_SETTINGS.alternatives);
    expect(stored.sampling.temperature).toBe(0.3);
    expect(stored.sampling.topK).toBe(DEFAULT_SETTINGS.sampling.topK);
    expect(stored.provider).toBe('auto');
    expect(stored.memory).toBe('');
    expect(coerceSettings({ memory: 'A ghost story.' }).memory).toBe('A ghost story.');
    expect(coerceSettings({ memory: 42 }).memory).toBe('');
  });
});

describe('memory', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is checked against the contract’s limit', () => {
    expect(MEMORY_MAX).toBe(100_000);
    expect(validate({ ...DEFAULT_SETTINGS, memory: 'x'.repeat(MEMORY_MAX) })).toEqual({});
    expect(validate({ ...DEFAULT_SETTINGS, memory: 'x'.repeat(MEMORY_MAX + 1) })).toEqual({
      memory: 'Keep it to 100,000 characters (now 100,001)',
    });
  });

  it('stays with its document: a new document takes the last settings without it', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    });
    saveSettings('doc-a', { ...DEFAULT_SETTINGS, model: 'tiny', memory: 'Told by the house.' });
    expect(loadSettings('doc-a').memory).toBe('Told by the house.');
    const fresh = loadSettings('doc-b');
    expect(fresh.model).toBe('tiny');
    expect(fresh.memory).toBe('');
  });
});

describe('rewriteParts', () => {
  const doc = 'Before. the old house After.';

  it('splits the text around the selection and trims the instruction', () => {
    expect(rewriteParts(doc, 8, 21, '  Make it grim ')).toEqual({
      prompt: 'Before. ',
      suffix: ' After.',
      rewrite: { selection: 'the old house', instruction: 'Make it grim' },
    });
    expect(QUICK_PICKS).toContain('Shorten');
  });

  it('says what is missing instead of sending a request the host would refuse', () => {
    expect(rewriteParts(doc, 7, 8, 'Shorten')).toEqual({ problem: 'Select the text to rewrite first.' });
    expect(rewriteParts(doc, 8, 21, '   ')).toEqual({ problem: 'Say how to rewrite it, or pick one of the suggestions.' });
    const long = 'y'.repeat(SELECTION_MAX + 1);
    expect(rewriteParts(long, 0, long.length, 'Shorten')).toHaveProperty('problem', expect.stringMatching(/at most 200,000 characters/));
  });
});

describe('Markdown export', () => {
  it('writes YAML scalars that read back as what they were', () => {
    expect(yamlScalar('tiny-gpt2')).toBe('tiny-gpt2');
    expect(yamlScalar('true')).toBe('"true"');
    expect(yamlScalar('123')).toBe('"123"');
    expect(yamlScalar('a: b # c')).toBe('"a: b # c"');
    expect(yamlScalar('- list')).toBe('"- list"');
    expect(yamlScalar('line\nbreak')).toBe('"line\\nbreak"');
    expect(yamlScalar(null)).toBe('null');
    expect(toYaml({ a: { b: [1, 2], c: [] }, d: undefined, e: 'x' })).toBe('a:\n  b:\n    - 1\n    - 2\n  c: []\ne: x');
  });

  it('puts the recipe of the newest generated version in the front matter', () => {
    const generated: Iteration = {
      id: 'gen1',
      documentId: 'doc1',
      kind: 'text',
      source: 'model',
      status: 'ok',
      artifactId: 'x',
      createdAt: Date.UTC(2025, 0, 2),
      deletedAt: null,
      parentIds: ['v0'],
      recipe: {
        kind: 'text',
        model: { id: 'tiny-gpt2', sha256: 'abc123', name: 'tiny' },
        settings: { temperature: 0.8, stop: ['\n\n'] },
        seed: 42,
        promptChars: 3,
        promptTokens: 1,
        device: { requested: 'auto', used: 'cpu', fallbackReason: null },
        alternative: 0,
        engine: 'atelier-onnx-text/1',
      },
    };
    const md = toMarkdown({ title: 'My story: part 1', documentId: 'doc1', text: 'Hello', version: generated, generated, appVersion: '0.1.0' });
    expect(md).toMatch(/^---\ntitle: "My story: part 1"\ndocument: doc1\nversion: gen1\nsource: model\n/);
    expect(md).toContain('\nrecipe:\n  version: gen1\n  status: ok\n');
    expect(md).toContain('\n  model:\n    id: tiny-gpt2\n    name: tiny\n    sha256: abc123\n  seed: 42\n  device: cpu\n');
    expect(md).toContain('\n  settings:\n    temperature: 0.8\n    stop:\n      - "\\n\\n"\n');
    expect(md.endsWith('---\n\nHello\n')).toBe(true);
    expect(fileName('Chapter 1: Ünïcode!', 'md')).toBe('Chapter-1-Unicode.md');
    expect(fileName('!!!', 'txt')).toBe('document.txt');
  });
});
