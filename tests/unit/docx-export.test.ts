// The Word export (renderer/features/write/docx): the bytes are read back by an independent ZIP
// reader and a strict XML reader (tests/support/docx-read.ts), the text comes back exactly (tricky
// characters included), headings, bold and italic are paragraphs and runs with the right
// properties, and the recipe is in the custom properties and, whole, in a custom XML part.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Iteration } from '../../shared/contract';
import { exportFields, type ExportInput } from '../../renderer/features/write/exportDoc';
import { inlineRuns } from '../../renderer/features/write/docx/textBlocks';
import { recipeProperties, toDocx } from '../../renderer/features/write/docx/toDocx';
import { childrenNamed, findFirst, textOf } from '../support/strict-xml';
import { checkPackage, readDocx } from '../support/docx-read';
import { parseXml } from '../support/strict-xml';
import { PART } from '../../renderer/features/write/docx/packageParts';

const NOW = new Date(Date.UTC(2025, 2, 4, 5, 6, 7, 890));
const SHA = 'f'.repeat(60) + '0a1b';

const generated: Iteration = {
  id: 'gen1',
  documentId: 'doc1',
  kind: 'text',
  source: 'model',
  status: 'ok',
  artifactId: 'x',
  createdAt: Date.UTC(2025, 0, 2, 3, 4, 5),
  deletedAt: null,
  parentIds: ['v0'],
  recipe: {
    kind: 'text',
    model: { id: 'tiny-gpt2', sha256: SHA, name: 'tiny' },
    settings: { temperature: 0.8, topK: 40, stop: ['\n\n'], seed: null },
    seed: 4_000_000_000,
    promptChars: 3,
    promptTokens: 1,
    device: { requested: 'auto', used: 'cpu', fallbackReason: null },
    alternative: 0,
    engine: 'atelier-onnx-text/1',
  },
};

const input = (text: string, more: Partial<ExportInput> = {}): ExportInput => ({
  title: 'The old house',
  documentId: 'doc1',
  text,
  version: generated,
  generated,
  appVersion: '0.1.0',
  ...more,
});

const ITEM = '{0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9}';
const read = (text: string, more: Partial<ExportInput> = {}) => readDocx(toDocx(input(text, more), NOW, ITEM));
const run = (text: string, bold = false, italic = false) => ({ text, bold, italic });

describe('toDocx: the package', () => {
  it('holds the parts Word needs, content types first, each well-formed, typed and related', () => {
    const doc = read('Hello');
    expect(doc.names).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'word/document.xml',
      'word/_rels/document.xml.rels',
      'word/styles.xml',
      'docProps/core.xml',
      'docProps/app.xml',
      'docProps/custom.xml',
      'customXml/item1.xml',
      'customXml/_rels/item1.xml.rels',
      'customXml/itemProps1.xml',
    ]);
    const types = doc.parts.get('[Content_Types].xml')!;
    const overrides = Object.fromEntries(childrenNamed(types, 'Override').map((o) => [o.attrs.PartName, o.attrs.ContentType]));
    expect(overrides).toEqual({
      '/word/document.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      '/word/styles.xml': 'application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml',
      '/docProps/core.xml': 'application/vnd.openxmlformats-package.core-properties+xml',
      '/docProps/app.xml': 'application/vnd.openxmlformats-officedocument.extended-properties+xml',
      '/docProps/custom.xml': 'application/vnd.openxmlformats-officedocument.custom-properties+xml',
      '/customXml/itemProps1.xml': 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml',
    });
    expect(childrenNamed(types, 'Default').map((d) => d.attrs.Extension)).toEqual(['rels', 'xml']);
    // Every relationship points at a part that is there.
    const rels = (name: string, base: string) =>
      childrenNamed(doc.parts.get(name)!, 'Relationship').map((r) => [r.attrs.Type!.replace(/^.*\//, ''), base + r.attrs.Target]);
    expect(rels('_rels/.rels', '')).toEqual([
      ['officeDocument', 'word/document.xml'],
      ['core-properties', 'docProps/core.xml'],
      ['extended-properties', 'docProps/app.xml'],
      ['custom-properties', 'docProps/custom.xml'],
    ]);
    expect(rels('word/_rels/document.xml.rels', 'word/')).toEqual([
      ['styles', 'word/styles.xml'],
      ['customXml', 'word/../customXml/item1.xml'],
    ]);
    expect(rels('customXml/_rels/item1.xml.rels', 'customXml/')).toEqual([['customXmlProps', 'customXml/itemProps1.xml']]);
    // readDocx checked the whole package; here the same check over the relationships it found.
    const found = checkPackage(doc.names, doc.parts).map((r) => `${r.source || '(package)'} → ${r.target}`);
    expect(found).toEqual([
      '(package) → word/document.xml',
      '(package) → docProps/core.xml',
      '(package) → docProps/app.xml',
      '(package) → docProps/custom.xml',
      'word/document.xml → word/styles.xml',
      'word/document.xml → customXml/item1.xml',
      'customXml/item1.xml → customXml/itemProps1.xml',
    ]);
  });

  it('has a package check that catches a dangling target, an unreachable part, an Override without a part and an untyped part', () => {
    const doc = read('Hello');
    const without = (name: string) => doc.names.filter((n) => n !== name);
    const swap = (name: string, xml: string) => new Map([...doc.parts, [name, parseXml(xml)]]);
    const rels = (body: string) => `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
    const styles = '<Relationship Id="rId1" Type="t/styles" Target="styles.xml"/>';
    // The item's properties part gone: its relationship dangles and its Override names nothing.
    expect(() => checkPackage(without(PART.recipeItemProps), doc.parts)).toThrow(/customXml\/_rels\/item1\.xml\.rels: .*customXmlProps points at customXml\/itemProps1\.xml/);
    // The document no longer relates the item: the item and its properties cannot be reached.
    expect(() => checkPackage(doc.names, swap(PART.documentRels, rels(styles)))).toThrow('customXml/item1.xml is not reachable from _rels/.rels');
    // A relationships part for a part that is not there.
    expect(() => checkPackage([...doc.names, 'word/_rels/gone.xml.rels'], swap('word/_rels/gone.xml.rels', rels('')))).toThrow('describes word/gone.xml');
    // A part with neither an Override nor a Default for its extension.
    const types = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="x"/></Types>';
    expect(() => checkPackage(doc.names, swap('[Content_Types].xml', types))).toThrow('word/document.xml has no content type');
    const extra = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="x"/><Default Extension="xml" ContentType="y"/><Override PartName="/word/footer1.xml" ContentType="z"/></Types>';
    expect(() => checkPackage(doc.names, swap('[Content_Types].xml', extra))).toThrow('Override /word/footer1.xml names no part');
  });

  it('defines Normal, Title and Heading 1–3 under the names Word gives its built-ins', () => {
    const styles = read('x').parts.get('word/styles.xml')!;
    const byId = Object.fromEntries(childrenNamed(styles, 'w:style').map((s) => [s.attrs['w:styleId'], childrenNamed(s, 'w:name')[0]!.attrs['w:val']]));
    expect(byId).toEqual({ Normal: 'Normal', Title: 'Title', Heading1: 'heading 1', Heading2: 'heading 2', Heading3: 'heading 3' });
    const h2 = childrenNamed(styles, 'w:style').find((s) => s.attrs['w:styleId'] === 'Heading2')!;
    expect(findFirst(h2, 'w:outlineLvl')!.attrs['w:val']).toBe('1');
  });

  it('writes the title, creator Atelier and the dates into the core properties', () => {
    const doc = read('Hello', { title: 'Tom & Jerry <3' });
    expect(doc.title).toBe('Tom & Jerry <3');
    expect(doc.core).toEqual({
      'dc:title': 'Tom & Jerry <3',
      'dc:creator': 'Atelier',
      'cp:lastModifiedBy': 'Atelier',
      'dcterms:created': '2025-01-02T03:04:05Z',
      'dcterms:modified': '2025-03-04T05:06:07Z',
    });
    expect(textOf(doc.parts.get('docProps/app.xml')!)).toBe('Atelier 0.1.0');
    // Without a version the file was made now.
    expect(read('Hello', { version: null, generated: null }).core['dcterms:created']).toBe('2025-03-04T05:06:07Z');
  });
});

describe('toDocx: the text', () => {
  it('gives back tricky text exactly: markup characters, emoji, an unclosed **, tabs; CRLF as newlines, NUL dropped', () => {
    const text = 'a < b && c > d "q" \'s\' ]]> &amp;\r\n😀 emoji 中文\ttab\u0000nul\r\n\r\nnext **never closed and a lone * star\rlast ';
    const doc = read(text);
    expect(doc.markdown).toBe('a < b && c > d "q" \'s\' ]]> &amp;\n😀 emoji 中文\ttabnul\n\nnext **never closed and a lone * star\nlast ');
    expect(doc.paragraphs.slice(1).map((p) => p.style)).toEqual(['Normal', 'Normal']);
    // A tab is w:tab (Word shows a tab inside w:t as a space), a line break w:br.
    const first = childrenNamed(findFirst(doc.parts.get('word/document.xml')!, 'w:body')!, 'w:p')[1]!;
    const kinds = childrenNamed(first, 'w:r').flatMap((r) => r.children.map((c) => (typeof c === 'string' ? '#text' : c.name)));
    expect(kinds).toEqual(['w:t', 'w:br', 'w:t', 'w:tab', 'w:t']);
  });

  it('drops every character XML 1.0 forbids and keeps the rest, including the supplementary planes', () => {
    const doc = read('x\u0001\u0008\u000b\u000c\u001f\uDFFF\uD800\uFFFE\uFFFFy \u0085\u00a0\uE000\uFFFD\u{10FFFF}\u{1F600}');
    expect(doc.markdown).toBe('xy \u0085\u00a0\uE000\uFFFD\u{10FFFF}\u{1F600}');
  });

  it('keeps blank lines: a paragraph per blank line, extra newlines as breaks or empty paragraphs', () => {
    for (const text of ['', '\n', 'a\n', 'a\n\n', 'a\n\n\nb', 'a\n\n\n\nb', '\n\n\n', 'one\ntwo\nthree']) expect(read(text).markdown).toBe(text);
    expect(read('a\n\n\n\nb').paragraphs.slice(1).map((p) => p.runs.map((r) => r.text).join(''))).toEqual(['a', '', 'b']);
    expect(read('one\ntwo').paragraphs[1]!.runs).toEqual([run('one'), run('\n'), run('two')]);
  });

  it('makes #, ## and ### lines headings and **, * and *** runs bold, italic and both', () => {
    const text = '# Chapter *One*\n\nIt was a **dark** and *stormy* night, ***truly***.\n\n## Part\n\n### Scene 1\n\n#### not a heading\n\n#no space';
    const doc = read(text);
    expect(doc.paragraphs.slice(1)).toEqual([
      { style: 'Heading1', runs: [run('Chapter '), run('One', false, true)] },
      { style: 'Normal', runs: [run('It was a '), run('dark', true), run(' and '), run('stormy', false, true), run(' night, '), run('truly', true, true), run('.')] },
      { style: 'Heading2', runs: [run('Part')] },
      { style: 'Heading3', runs: [run('Scene 1')] },
      { style: 'Normal', runs: [run('#### not a heading')] },
      { style: 'Normal', runs: [run('#no space')] },
    ]);
    expect(doc.markdown).toBe(text);
    // The run properties are the ones Word reads: w:b/w:i (and their complex-script twins).
    const body = findFirst(doc.parts.get('word/document.xml')!, 'w:body')!;
    const both = childrenNamed(childrenNamed(body, 'w:p')[2]!, 'w:r')[5]!;
    expect(childrenNamed(both, 'w:rPr')[0]!.children.map((c) => (typeof c === 'string' ? c : c.name))).toEqual(['w:b', 'w:bCs', 'w:i', 'w:iCs']);
  });

  it('gives a heading inside a block its own paragraph, so the newline beside it becomes a paragraph break', () => {
    const doc = read('Intro line\n## Middle\nafter it');
    expect(doc.paragraphs.slice(1).map((p) => p.style)).toEqual(['Normal', 'Heading2', 'Normal']);
    expect(doc.markdown).toBe('Intro line\n\n## Middle\n\nafter it');
  });

  it('leaves markers that do not pair as text', () => {
    expect(inlineRuns('2 * 3 * 4')).toEqual([run('2 * 3 * 4')]);
    expect(inlineRuns('** spaced **')).toEqual([run('** spaced **')]);
    expect(inlineRuns('****')).toEqual([run('****')]);
    expect(inlineRuns('**bold * star**')).toEqual([run('bold * star', true)]);
    expect(inlineRuns('a*b*c')).toEqual([run('a'), run('b', false, true), run('c')]);
    expect(inlineRuns('')).toEqual([run('')]);
  });

  it('round-trips any text: exactly when no line is a heading, and with no character lost or moved when some are', () => {
    const alphabet = fc.constantFrom('a', 'b', ' ', '*', '**', '#', '# ', '\n', '\n\n', '\r\n', '\r', '\t', '<', '&', '>', '"', '\u0000', '\u0007', '😀', 'é', '\uD800', ']]>');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        const expected = text.replace(/\r\n?/g, '\n').replace(/[\u0000\u0007\uD800]/g, '');
        const back = read(text).markdown;
        if (!/^#{1,3} .*\S/m.test(expected)) expect(back).toBe(expected);
        else expect(back.replace(/\n/g, '')).toBe(expected.replace(/\n/g, ''));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a long text whole (2,000 paragraphs)', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i} with *some* **words** & more.`).join('\n\n');
    const doc = read(text);
    expect(doc.paragraphs.length).toBe(2001);
    expect(doc.markdown).toBe(text);
  });
});

describe('toDocx: the recipe', () => {
  it('keeps the whole recipe as JSON in a custom XML part in Atelier\'s namespace, with an item id and schema reference', () => {
    const doc = read('Hello');
    const fields = exportFields(input('Hello'), NOW);
    // Exactly the fields, every one (nulls included), as JSON.parse gives them back.
    expect(doc.recipe).toEqual(JSON.parse(JSON.stringify(fields)));
    expect((doc.recipe as { recipe: { settings: { seed: unknown } } }).recipe.settings.seed).toBeNull();
    expect(doc.customXml).toHaveLength(1);
    const [item] = doc.customXml;
    expect(item!.part).toBe('customXml/item1.xml');
    expect(item!.root.name).toBe('recipe');
    expect(item!.root.attrs).toEqual({ xmlns: 'urn:atelier:recipe:1', type: 'application/json' });
    expect(item!.itemId).toBe(ITEM);
    expect(item!.schemaRefs).toEqual(['urn:atelier:recipe:1']);
    // The recipe JSON is well over Word's 255 characters for a property; the item holds all of it.
    expect(JSON.stringify(fields).length).toBeGreaterThan(255);
  });

  it('keeps tricky field values exactly in the custom XML part (markup, NUL, emoji, lone surrogate)', () => {
    const documentId = 'a<b&c>"\'\u0000\u0007😀\uD800]]>';
    const doc = read('x', { documentId, title: 'T & <U>' });
    expect((doc.recipe as { document: string }).document).toBe(documentId);
    expect((doc.recipe as { title: string }).title).toBe('T & <U>');
  });

  it('gives each export its own braced GUID as the item id', () => {
    const ids = [0, 1].map(() => readDocx(toDocx(input('Hello'), NOW)).customXml[0]!.itemId);
    for (const id of ids) expect(id).toMatch(/^\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('keeps every front-matter field as a readable custom property, and AtelierRecipe says where the long JSON is', () => {
    const doc = read('Hello');
    const props = Object.fromEntries([...doc.custom].map(([k, v]) => [k, v.value]));
    expect(props).toMatchObject({
      AtelierDocument: 'doc1',
      AtelierVersion: 'gen1',
      AtelierSource: 'model',
      AtelierCreated: '2025-01-02T03:04:05.000Z',
      AtelierExported: '2025-03-04T05:06:07.890Z',
      AtelierGenerator: 'Atelier 0.1.0',
      AtelierRecipeVersion: 'gen1',
      AtelierRecipeStatus: 'ok',
      AtelierRecipeModelId: 'tiny-gpt2',
      AtelierRecipeModelName: 'tiny',
      AtelierRecipeModelSha256: SHA,
      AtelierRecipeSeed: '4000000000',
      AtelierRecipeDevice: 'cpu',
      AtelierRecipeEngine: 'atelier-onnx-text/1',
      AtelierRecipeAlternative: '0',
      AtelierRecipeSettingsTemperature: '0.8',
      AtelierRecipeSettingsTopK: '40',
      AtelierRecipeSettingsStop: '["\\n\\n"]',
    });
    // A null setting is left out of the readable ones (it is in the JSON).
    expect(props).not.toHaveProperty('AtelierRecipeSettingsSeed');
    // Every property fits Word's limit; AtelierRecipe names the part, the item and the namespace.
    for (const [name, value] of Object.entries(props)) expect([name, value.length <= 255]).toEqual([name, true]);
    expect(props.AtelierRecipe).toBe(
      `Full recipe (${JSON.stringify(exportFields(input('Hello'), NOW)).length} characters of JSON) in the custom XML part customXml/item1.xml: item ${ITEM}, namespace urn:atelier:recipe:1`,
    );
    // Text values, user-defined format id, ids from 2 up without gaps.
    const all = [...doc.custom.values()];
    expect(new Set(all.map((p) => p.type))).toEqual(new Set(['lpwstr']));
    expect(new Set(all.map((p) => p.fmtid))).toEqual(new Set(['{D5CDD505-2E9C-101B-9397-08002B2CF9AE}']));
    expect(all.map((p) => p.pid)).toEqual(all.map((_, i) => i + 2));
  });

  it('has no recipe fields when no model wrote the text, keeps a JSON that fits whole in AtelierRecipe, and escapes what the fields hold', () => {
    const props = recipeProperties(exportFields(input('x', { version: null, generated: null, title: 'T', documentId: 'a<b&c' }), NOW), ITEM);
    expect(props.map(([k]) => k)).toEqual(['AtelierDocument', 'AtelierExported', 'AtelierGenerator', 'AtelierRecipe']);
    const doc = read('x', { version: null, generated: null, documentId: 'a<b&c"\u0000' });
    expect(doc.custom.get('AtelierDocument')!.value).toBe('a<b&c"');
    expect(JSON.parse(doc.custom.get('AtelierRecipe')!.value).document).toBe('a<b&c"\u0000');
    expect(JSON.parse(doc.custom.get('AtelierRecipe')!.value)).toEqual(doc.recipe);
  });

  it('ends a readable property that would pass Word\'s 255 characters in "…", never mid-pair, with the whole value in the part', () => {
    const stop = ['😀'.repeat(200), 'x'.repeat(100)];
    const long = { ...generated, recipe: { ...(generated.recipe as object), settings: { temperature: 0.8, stop } } } as Iteration;
    const doc = read('x', { version: long, generated: long });
    const value = doc.custom.get('AtelierRecipeSettingsStop')!.value;
    expect(value.length).toBe(255);
    expect(value.endsWith('…')).toBe(true);
    // 1 + 1 ('["') then emoji pairs: an even cut would split the 127th pair, so it stops one short.
    expect(value).toBe(`["${'😀'.repeat(126)}…`);
    expect(JSON.stringify(stop).startsWith(value.slice(0, -1))).toBe(true);
    expect((doc.recipe as { recipe: { settings: { stop: string[] } } }).recipe.settings.stop).toEqual(stop);
    // Short ones are untouched.
    expect(doc.custom.get('AtelierRecipeModelSha256')!.value).toBe(SHA);
  });

  it('keeps the JSON in AtelierRecipe up to exactly 255 characters and points at the part from 256', () => {
    const base = exportFields(input('x', { version: null, generated: null, title: '' }), NOW);
    const length = (title: string) => JSON.stringify({ ...base, title }).length;
    const pad = 255 - length('');
    const at = (n: number) => recipeProperties({ ...base, title: 'x'.repeat(n) }, ITEM).at(-1)![1];
    expect(length('x'.repeat(pad))).toBe(255);
    expect(JSON.parse(at(pad)).title).toBe('x'.repeat(pad));
    expect(at(pad + 1)).toMatch(/^Full recipe \(256 characters of JSON\) in the custom XML part customXml\/item1\.xml: item /);
  });
});
