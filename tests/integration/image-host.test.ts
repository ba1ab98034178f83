// Images through the host: generate.image → worker → PNGs stored as board versions with both
// recipe chunks; enhance ×4 as a child version; thumbnails; recipe restore; clear errors.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, HistoryGraph, ImageRecipe, Job } from '../../shared/contract';
import { parseA1111 } from '../../shared/a1111';
import { readTextChunks } from '../../electron/engine/image/png-text';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { useTestCore } from '../support/test-core';

const h = useTestCore({ models: (dir) => writeTinySdFolder(join(dir, 'tiny-sd'), TINY_SD) });
const { call, finished } = h;
let board: DocumentInfo;

beforeAll(async () => {
  [board] = await h.documents('Lookbook', { kind: 'image', title: 'Board' });
});

const request = (over: object = {}) => ({
  documentId: board.id,
  model: 'tiny-sd',
  batch: 2,
  settings: { prompt: 'a red dress', negativePrompt: 'blurry', steps: 3, cfg: 5, width: 64, height: 64, seed: 42, scheduler: 'euler-a' },
  ...over,
});

describe('generate.image', () => {
  let ids: string[] = [];

  it('saves each image of the batch as a PNG version carrying its recipe', async () => {
    const previews: number[] = [];
    const off = h.core.bus.subscribe((e, d) => e === 'generate.preview' && previews.push((d as { step: number }).step));
    const job = await call<Job>('generate.image', request());
    const end = await finished(job.id);
    off();
    expect(end.status).toBe('done');
    ids = (end.result as { iterationIds: string[] }).iterationIds;
    expect(ids).toHaveLength(2);
    expect(previews.length).toBeGreaterThanOrEqual(2); // throttled, but always the last step of each image
    expect(previews.filter((s) => s === 3)).toHaveLength(2);
    const graph = await call<HistoryGraph>('history.graph', { documentId: board.id });
    expect(graph.iterations.map((i) => i.id)).toEqual(ids);
    for (const [i, id] of ids.entries()) {
      const it = graph.iterations[i]!;
      const recipe = it.recipe as ImageRecipe;
      expect(recipe).toMatchObject({ kind: 'image', seed: 42 + i, batchIndex: i, width: 64, height: 64, model: { id: 'tiny-sd', kind: 'diffusion' } });
      const png = readFileSync(h.core.store.artifacts.pathOf(it.artifactId));
      const chunks = readTextChunks(png);
      expect(JSON.parse(chunks['atelier-recipe']!)).toEqual(recipe);
      const a1111 = parseA1111(chunks.parameters!);
      expect(a1111).toMatchObject({
        prompt: 'a red dress',
        negativePrompt: 'blurry',
        settings: { Steps: '3', Sampler: 'Euler a', 'CFG scale': '5', Seed: String(42 + i), Size: '64x64', 'Model hash': recipe.model.sha256!.slice(0, 10) },
      });
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height]).toEqual([64, 64]);
      expect(id).toBe(it.id);
    }
  });

  it('serves thumbnails and restores the recipe from a dropped PNG', async () => {
    const thumb = await call<{ dataUrl: string; width: number; height: number }>('images.get', { id: ids[0], maxSide: 32 });
    expect([thumb.width, thumb.height]).toEqual([32, 32]);
    expect(thumb.dataUrl).toMatch(/^data:image\/png;base64,/);
    const full = await call<{ dataUrl: string }>('images.get', { id: ids[0] });
    const restored = await call<{ source: string; settings: { seed: number; prompt: string } }>('images.readRecipe', {
      imageBase64: full.dataUrl.slice('data:image/png;base64,'.length),
    });
    expect(restored).toMatchObject({ source: 'atelier', settings: { seed: 42, prompt: 'a red dress', steps: 3, scheduler: 'euler-a' } });
    await expect(call('images.readRecipe', { imageBase64: Buffer.from('not a png').toString('base64') })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('varies an image (img2img) and enhances one ×4 as child versions', async () => {
    const vary = await call<Job>('generate.image', request({ batch: 1, initIterationId: ids[0], settings: { ...request().settings, strength: 0.5 } }));
    const varied = await finished(vary.id);
    expect(varied.status).toBe('done');
    const enhance = await call<Job>('images.enhance', { iterationId: ids[1], scale: 4 });
    const enhanced = await finished(enhance.id);
    expect(enhanced.status).toBe('done');
    const graph = await call<HistoryGraph>('history.graph', { documentId: board.id });
    const byId = new Map(graph.iterations.map((i) => [i.id, i]));
    const v = byId.get((varied.result as { iterationIds: string[] }).iterationIds[0]!)!;
    expect(v.parentIds).toEqual([ids[0]]);
    expect((v.recipe as ImageRecipe).initIterationId).toBe(ids[0]);
    const e = byId.get((enhanced.result as { iterationIds: string[] }).iterationIds[0]!)!;
    expect(e.parentIds).toEqual([ids[1]]);
    expect(e.recipe).toMatchObject({ width: 256, height: 256, upscale: { from: ids[1], scale: 4 }, settings: { prompt: 'a red dress' } });
    // The upscaler that ran is recorded with its file's real sha256, and the size it started from.
    const esrganSha = createHash('sha256').update(readFileSync(join(__dirname, '../../resources/models/esrgan-x4/model.onnx'))).digest('hex');
    const up = (e.recipe as ImageRecipe).upscale!;
    expect(up.model).toEqual({ id: 'esrgan-x4', sha256: esrganSha });
    expect(up.source).toEqual({ width: 64, height: 64 });
    const meta = await sharp(readFileSync(h.core.store.artifacts.pathOf(e.artifactId))).metadata();
    expect([meta.width, meta.height]).toEqual([256, 256]);
  });

  it('answers bad settings with BAD_INPUT before queueing', async () => {
    const bad = (settings: object) => h.core.call('generate.image', request({ settings: { ...request().settings, ...settings } }));
    expect(await bad({ width: 100 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('multiple of 8') } });
    expect(await bad({ steps: 0 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await bad({ steps: 10_000 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await bad({ cfg: Number.NaN })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await h.core.call('generate.image', request({ documentId: 'nope' }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('seed variations in a batch', () => {
  it('keeps the main seed and steps the variation seed, under the chosen parent', async () => {
    const first = await call<Job>('generate.image', request({ batch: 1 }));
    const parent = ((await finished(first.id)).result as { iterationIds: string[] }).iterationIds[0]!;
    const job = await call<Job>('generate.image', request({ batch: 3, parentId: parent, settings: { ...request().settings, variationSeed: 100, variationStrength: 0.3 } }));
    const end = await finished(job.id);
    const ids = (end.result as { iterationIds: string[] }).iterationIds;
    const graph = await call<HistoryGraph>('history.graph', { documentId: board.id });
    const its = ids.map((id) => graph.iterations.find((i) => i.id === id)!);
    expect(its.map((i) => (i.recipe as ImageRecipe).seed)).toEqual([42, 42, 42]);
    expect(its.map((i) => (i.recipe as ImageRecipe).settings.variationSeed)).toEqual([100, 101, 102]);
    for (const i of its) expect(i.parentIds).toEqual([parent]);
  });
});
