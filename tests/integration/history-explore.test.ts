// Version marks, the trash, export and compare through the handlers (contract validation
// included): star/tag/note, emptying the trash (rows, lineage, heads, shared and unshared
// artifact files), Markdown/JSON export, text and image comparison.
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, EmptyTrashResult, HistoryExport, HistoryGraph, ImageComparison, Iteration, SearchResponse, TextComparison } from '../../shared/contract';
import { useTestCore } from '../support/test-core';

const h = useTestCore({ options: { runJobs: false } });
const { call, fails } = h;
let doc: DocumentInfo;
let board: DocumentInfo;

const png = (fill: number, w = 16, h = 16) => sharp({ create: { width: w, height: h, channels: 3, background: { r: fill, g: fill, b: fill } } }).png().toBuffer();

beforeAll(async () => {
  [doc, board] = await h.documents('Sea stories', { kind: 'text', title: 'Keeper', text: 'The keeper woke.' }, { kind: 'image', title: 'Board' });
});

const commit = (text: string, parentIds: string[]) => call<Iteration>('history.commitText', { documentId: doc.id, parentIds, text });
const addImage = async (bytes: Buffer, parentIds: string[] = [], recipe: unknown = null) => {
  const artifactId = h.core.store.artifacts.putFile(bytes, 'image/png');
  return h.core.store.history.add({ documentId: board.id, parentIds, source: 'model', artifactId, recipe: recipe ?? undefined });
};

describe('history.annotate', () => {
  it('stars, tags and notes a version; search sees it; bad marks are BAD_INPUT', async () => {
    const head = (await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId!;
    const it = await call<Iteration>('history.annotate', { id: head, starred: true, tags: [' Keeper ', 'keeper', 'Opening Line'], note: 'Strong first line' });
    expect(it).toMatchObject({ starred: true, tags: ['keeper', 'opening line'], note: 'Strong first line' });
    expect((it as { text?: unknown }).text).toBeUndefined();
    const found = await call<SearchResponse>('search.query', { q: 'strong is:starred tag:"opening line"' });
    expect(found.results.map((r) => r.iterationId)).toEqual([head]);
    expect(found.results[0]!.snippet).toMatchObject({ field: 'notes' });
    expect((await call<Iteration>('history.annotate', { id: head, starred: false })).tags).toEqual(['keeper', 'opening line']);
    expect(await fails('history.annotate', { id: head, tags: ['a,b'] })).toMatchObject({ code: 'BAD_INPUT' });
    expect(await fails('history.annotate', { id: head, tags: Array.from({ length: 40 }, (_, i) => `t${i}`) })).toMatchObject({ code: 'BAD_INPUT' });
    expect(await fails('history.annotate', { id: 'nope', starred: true })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails('search.query', { q: 'cfg >' })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/needs a value/) });
  });
});

describe('history.emptyTrash', () => {
  it('deletes trashed versions for good, keeps lineage and moves a deleted head', async () => {
    const root = (await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId!;
    const a = await commit('The keeper woke. The lamp was out.', [root]);
    const b = await commit('The keeper woke. The lamp was out. A ship!', [a.id]);
    const c = await commit('The keeper woke. The lamp was out. A ship! It sank.', [b.id]);
    const d = await commit('The keeper woke. The lamp was out. A ship! It sank. Dawn.', [c.id]);
    await call('history.annotate', { id: b.id, tags: ['gone'] });
    await call('history.trash', { id: b.id });
    await call('history.trash', { id: c.id });
    await call('history.trash', { id: d.id }); // the head
    expect(await call('history.trashSummary', { documentId: doc.id })).toMatchObject({ iterations: 3, bytes: 0, iterationIds: [b.id, c.id, d.id], inTrashedDocuments: 0 });
    expect((await call<SearchResponse>('search.query', { q: 'is:trashed' })).total).toBe(3);
    await call('history.restore', { id: d.id });

    const result = await call<EmptyTrashResult>('history.emptyTrash', { documentId: doc.id });
    expect(result).toMatchObject({ iterations: 2, artifacts: 2, files: 0, documentIds: [doc.id] });
    const graph = await call<HistoryGraph>('history.graph', { documentId: doc.id });
    expect(graph.iterations.map((i) => i.id)).toEqual([root, a.id, d.id]);
    // d's parent chain (c → b → a) collapses to a.
    expect(graph.iterations.find((i) => i.id === d.id)!.parentIds).toEqual([a.id]);
    expect(await fails('history.get', { id: b.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await call<SearchResponse>('search.query', { q: 'sank' })).results.map((r) => r.iterationId)).toEqual([d.id]);
    expect((await call<SearchResponse>('search.query', { q: 'tag:gone' })).total).toBe(0);

    // Deleting the head moves it to the nearest kept ancestor.
    await call('history.trash', { id: d.id });
    await call('history.emptyTrash', {});
    expect((await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId).toBe(a.id);
    expect(await call('history.trashSummary', {})).toEqual({ iterations: 0, bytes: 0, iterationIds: [], documents: [], inTrashedDocuments: 0 });
  });

  it('removes an artifact file only when no kept version uses it', async () => {
    const bytes = await png(10);
    const one = await addImage(bytes);
    const two = await addImage(bytes, [one.id]);
    const only = await addImage(await png(200), [two.id]);
    const file = h.core.store.artifacts.pathOf(one.artifactId);
    const onlyFile = h.core.store.artifacts.pathOf(only.artifactId);
    await call('history.trash', { id: one.id });
    await call('history.trash', { id: only.id });
    const summary = await call<{ iterations: number; bytes: number }>('history.trashSummary', { documentId: board.id });
    expect(summary.iterations).toBe(2);
    expect(summary.bytes).toBe(h.core.store.db.prepare('SELECT size FROM artifacts WHERE id = ?').pluck().get(only.artifactId));
    const result = await call<EmptyTrashResult>('history.emptyTrash', { documentId: board.id });
    expect(result).toMatchObject({ iterations: 2, artifacts: 1, files: 1, bytes: summary.bytes });
    expect(existsSync(file)).toBe(true); // `two` still uses it
    expect(existsSync(onlyFile)).toBe(false);
    expect((await call<HistoryGraph>('history.graph', { documentId: board.id })).iterations.map((i) => [i.id, i.parentIds])).toEqual([[two.id, []]]);
    await call('history.trash', { id: two.id });
    await call('history.emptyTrash', {});
    expect(existsSync(file)).toBe(false);
  });
});

describe('history.export', () => {
  it('writes Markdown with YAML front matter per version and the whole DAG as JSON', async () => {
    const head = (await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId!;
    const recipe = { kind: 'text', model: { id: 'tiny-gpt2', sha256: null, name: 'tiny' }, seed: 5, settings: { temperature: 0.8, stop: ['\n', '"'] } };
    const gen = h.core.store.history.addGeneratedText({ documentId: doc.id, parentIds: [head], text: 'The keeper woke. ```code``` "quoted"', status: 'ok', recipe, tokens: { start: 16, tokens: [] } });
    const md = await call<HistoryExport>('history.export', { documentId: doc.id, format: 'md' });
    expect(md).toMatchObject({ format: 'md', mime: 'text/markdown', fileName: 'Keeper.history.md' });
    expect(md.text).toContain('# Keeper');
    const blocks = md.text.split(/^## Version \d+$/m).slice(1);
    expect(blocks).toHaveLength(3);
    const last = blocks[2]!;
    expect(last).toContain(`---\nid: "${gen.id}"\nparents: ["${head}"]`);
    expect(last).toContain('recipe:\n  kind: "text"\n  model:\n    id: "tiny-gpt2"\n    sha256: null');
    expect(last).toContain('  settings:\n    temperature: 0.8\n    stop: ["\\n", "\\""]');
    expect(last).toContain('````text\nThe keeper woke. ```code``` "quoted"\n````');
    const json = JSON.parse((await call<HistoryExport>('history.export', { documentId: doc.id, format: 'json' })).text);
    expect(json.format).toBe('atelier-history/1');
    expect(json.iterations.map((i: { id: string }) => i.id)).toEqual([...blocks.keys()].map((k) => json.iterations[k].id));
    expect(json.iterations.at(-1)).toMatchObject({ id: gen.id, recipe, text: 'The keeper woke. ```code``` "quoted"', parentIds: [head] });
    expect(json.edges).toContainEqual({ parentId: head, childId: gen.id });
  });
});

describe('compare', () => {
  it('diffs texts against the first and lists the recipe settings that differ', async () => {
    const head = (await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId!;
    const mk = (text: string, temperature: number) =>
      h.core.store.history.addGeneratedText({ documentId: doc.id, parentIds: [head], text, status: 'ok', recipe: { kind: 'text', seed: 1, settings: { temperature, topP: 0.9 } }, tokens: { start: 0, tokens: [] } }).id;
    const a = mk('The keeper woke. The sea was calm tonight.', 0.7);
    const b = mk('The keeper woke. The sea was wild tonight.', 1.2);
    const c = mk('The keeper woke. The sea was calm.', 0.7);
    const cmp = await call<TextComparison>('compare.texts', { ids: [a, b, c] });
    expect(cmp.baseId).toBe(a);
    expect(cmp.diffs.map((d) => d.id)).toEqual([b, c]);
    expect(cmp.diffs[0]!.diff.segments.filter((s) => s.type !== 'same').map((s) => [s.type, s.text])).toEqual([
      ['removed', 'calm'],
      ['added', 'wild'],
    ]);
    expect(cmp.recipes).toEqual([{ path: 'settings.temperature', label: 'temperature', values: [0.7, 1.2, 0.7] }]);
    expect(await call('compare.recipes', { ids: [a, c] })).toEqual([]);
    expect(await fails('compare.texts', { ids: [a] })).toMatchObject({ code: 'BAD_INPUT' });
  });

  it('returns a heat map and scores for two image versions', async () => {
    const x = await addImage(await png(0, 8, 8));
    const y = await addImage(await png(255, 8, 8));
    const cmp = await call<ImageComparison>('compare.images', { a: x.id, b: y.id });
    expect(cmp).toMatchObject({ width: 8, height: 8, score: 1, psnr: 0, changedFraction: 1, identical: false, resized: false });
    expect(cmp.heatmapDataUrl).toMatch(/^data:image\/png;base64,/);
    const { data } = await sharp(Buffer.from(cmp.heatmapDataUrl.split(',')[1]!, 'base64')).raw().toBuffer({ resolveWithObject: true });
    expect(data.every((v) => v === 255)).toBe(true);
    const head = (await call<DocumentInfo>('documents.get', { id: doc.id })).headIterationId!;
    expect(await fails('compare.images', { a: x.id, b: head })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/not an image/) });
  });
});
