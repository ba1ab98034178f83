// In-betweens through the host (images.interpolate): the starter GAN walks from one sneaker's
// latent to another's, each in-between a version of both images whose recipe (and PNG) says how to
// make it again; the tiny diffusion pipeline does the same with its start noise. Bad pairs are
// refused with BAD_INPUT before anything is queued.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, HistoryGraph, ImageRecipe, RestoredImageRecipe } from '../../shared/contract';
import { parseA1111 } from '../../shared/a1111';
import { readTextChunks } from '../../electron/engine/image/png-text';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { useTestCore } from '../support/test-core';

const h = useTestCore({ models: (dir) => writeTinySdFolder(join(dir, 'tiny-sd'), TINY_SD) });
const { call, fails: refusal } = h;
let board: DocumentInfo;

const run = async (method: string, params: unknown): Promise<string[]> => {
  const end = await h.runJob(method, params);
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  return (end.result as { iterationIds: string[] }).iterationIds;
};
const version = (id: string) => h.core.store.history.get(id);
const png = (id: string) => readFileSync(h.core.store.artifacts.pathOf(version(id).artifactId));
const grey = async (id: string) => new Uint8Array((await sharp(png(id)).greyscale().raw().toBuffer()).buffer);
const meanAbs = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + Math.abs(v - (b[i] as number)), 0) / a.length;

beforeAll(async () => {
  [board] = await h.documents('Lookbook', { kind: 'image', title: 'Sneakers' });
});

describe('images.interpolate with the starter GAN', () => {
  let a = '';
  let b = '';
  let between: string[] = [];

  it('makes N in-betweens walking from one image to the other, each a child of both', { timeout: 120_000 }, async () => {
    [a, b] = (await run('generate.image', { documentId: board.id, model: 'starter-gan', batch: 2, settings: { prompt: 'a sneaker', seed: 7 } })) as [string, string];
    between = await run('images.interpolate', { fromId: a, toId: b, count: 3 });
    expect(between).toHaveLength(3);
    const recipes = between.map((id) => version(id).recipe as ImageRecipe);
    expect(recipes.map((r) => r.settings.interpolateTo)).toEqual([0.25, 0.5, 0.75].map((t) => ({ seed: 8, variationSeed: null, variationStrength: 0, t })));
    expect(recipes.map((r) => [r.seed, r.width, r.height, r.model.id])).toEqual(Array(3).fill([7, 448, 448, 'starter-gan']));

    const graph = await call<HistoryGraph>('history.graph', { documentId: board.id });
    for (const id of between) {
      expect(graph.edges.filter((e) => e.childId === id).map((e) => e.parentId).sort()).toEqual([a, b].sort());
    }

    // The walk goes from A toward B: the first in-between is nearer A, the last nearer B.
    const [pa, pb, ...mid] = await Promise.all([a, b, ...between].map(grey));
    const toA = mid.map((m) => meanAbs(m, pa!));
    const toB = mid.map((m) => meanAbs(m, pb!));
    expect(toA[0]).toBeLessThan(toB[0]!);
    expect(toB[2]).toBeLessThan(toA[2]!);
    expect(new Set([a, b, ...between].map((id) => version(id).artifactId)).size).toBe(5);
  });

  it('carries the in-between in the PNG, and the same request makes the same bytes', { timeout: 120_000 }, async () => {
    const restored = await call<RestoredImageRecipe>('images.readRecipe', { imageBase64: png(between[1]!).toString('base64') });
    const recipe = version(between[1]!).recipe as ImageRecipe;
    expect(restored.source).toBe('atelier');
    expect(restored.settings).toEqual({ ...recipe.settings, seed: recipe.seed });
    expect(restored.settings.interpolateTo).toEqual({ seed: 8, variationSeed: null, variationStrength: 0, t: 0.5 });
    // Other tools read the A1111 text: it says the seed alone does not make this image.
    expect(parseA1111(readTextChunks(png(between[1]!)).parameters!)?.settings).toMatchObject({ Seed: '7', 'In-between': '0.5 of the way to seed 8' });

    const again = await run('images.interpolate', { fromId: a, toId: b, count: 3 });
    expect(again.map((id) => version(id).artifactId)).toEqual(between.map((id) => version(id).artifactId));
  });

  it('refuses pairs it cannot walk between, saying why', async () => {
    const [dress] = await run('generate.image', { documentId: board.id, model: 'starter-gan', batch: 1, settings: { prompt: 'a red dress', seed: 3 } });
    const enhanced = (await run('images.enhance', { iterationId: a, scale: 2 }))[0]!;
    const cases: [unknown, RegExp][] = [
      [{ fromId: a, toId: a }, /two different images/],
      [{ fromId: a, toId: dress }, /a sneaker and the second a dress/],
      [{ fromId: a, toId: between[0] }, /itself an in-between/],
      [{ fromId: enhanced, toId: b }, /first image is an enhanced copy \(×2\)/],
      [{ fromId: a, toId: b, count: 9 }, /at most 8/],
    ];
    for (const [params, message] of cases) {
      const err = await refusal('images.interpolate', params);
      expect(err.code).toBe('BAD_INPUT');
      expect(err.message + JSON.stringify(err.details ?? '')).toMatch(message);
    }
  });
});

describe('images.interpolate with a diffusion pipeline', () => {
  it('blends the start noise, so the in-between differs from both ends', { timeout: 120_000 }, async () => {
    const settings = { prompt: 'a red dress', steps: 3, cfg: 5, width: 64, height: 64, seed: 42 };
    const [a, b] = (await run('generate.image', { documentId: board.id, model: 'tiny-sd', batch: 2, settings })) as [string, string];
    const [mid] = await run('images.interpolate', { fromId: a, toId: b, count: 1 });
    expect((version(mid!).recipe as ImageRecipe).settings.interpolateTo).toEqual({ seed: 43, variationSeed: null, variationStrength: 0, t: 0.5 });
    const [pa, pb, pm] = await Promise.all([a, b, mid!].map(grey));
    expect(meanAbs(pm!, pa!)).toBeGreaterThan(0);
    expect(meanAbs(pm!, pb!)).toBeGreaterThan(0);

    const [wide] = await run('generate.image', { documentId: board.id, model: 'tiny-sd', batch: 1, settings: { ...settings, width: 128 } });
    const err = await refusal('images.interpolate', { fromId: a, toId: wide });
    expect([err.code, err.message]).toEqual(['BAD_INPUT', expect.stringMatching(/different sizes \(64×64, 128×64\)/)]);
  });
});
