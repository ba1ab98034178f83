// X/Y grids through the real core on tiny CPU models: plan (count, labels, errors), start (jobs
// grouped by model), cells filling as jobs finish (grids.changed), reopening after a restart,
// export (PNG with labels, Markdown), and cells being normal versions.
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Grid, GridExport, GridPlan, GridSummary, ImageRecipe, Iteration } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { useTestCore } from '../support/test-core';

const h = useTestCore({
  models: (dir) => {
    writeDecoderFolder(join(dir, 'tiny-a'), TINY_GPT2);
    writeDecoderFolder(join(dir, 'tiny-b'), { ...TINY_GPT2, seed: 77 });
    writeTinySdFolder(join(dir, 'tiny-sd'), TINY_SD);
  },
});
const { call, fails } = h;
let doc: DocumentInfo;
let board: DocumentInfo;

/** Resolves with the grid once every cell has finished, counting grids.changed events. */
function filled(id: string): Promise<{ grid: Grid; events: number }> {
  return new Promise((resolve) => {
    let events = 0;
    const check = () => {
      const grid = h.core.store.grids.get(id);
      if (grid.counts.pending === 0) {
        off();
        resolve({ grid, events });
      }
    };
    const off = h.core.bus.subscribe((event, d) => {
      if (event === 'grids.changed' && (d as { id: string }).id === id) {
        events++;
        check();
      }
    });
    check();
  });
}

beforeAll(async () => {
  [doc, board] = await h.documents('Sweeps', { kind: 'text', title: 'Doc', text: 'Once upon a time' }, { kind: 'image', title: 'Board' });
});

const textSpec = (x: object, y: object | null, over: object = {}) => ({
  kind: 'text',
  base: { documentId: doc.id, prompt: 'Once upon a time', model: 'tiny-a', provider: 'cpu', settings: { maxNewTokens: 4, seed: 3, topK: 0, minP: 0 } },
  x,
  y,
  ...over,
});

describe('grids', () => {
  let textGrid: Grid;

  it('plans a 3×2 text grid and fills its six cells as the jobs finish', async () => {
    const spec = textSpec({ field: 'temperature', values: '0.5-1.5 (+0.5)' }, { field: 'topP', values: '0.9, 1' });
    const plan = await call<GridPlan>('grids.plan', spec);
    expect(plan).toMatchObject({ kind: 'text', count: 6, models: ['tiny-a'] });
    expect(plan.axes.x.labels).toEqual(['temp 0.5', 'temp 1', 'temp 1.5']);
    expect(plan.axes.y!.labels).toEqual(['top-p 0.9', 'top-p 1']);
    expect(h.core.store.jobs.queued()).toHaveLength(0); // planning starts nothing

    const started = await call<Grid>('grids.start', spec);
    expect(started).toMatchObject({ name: 'temperature × topP', documentId: doc.id, counts: { total: 6 } });
    expect(started.cells.every((c) => c.jobId !== null)).toBe(true);
    const { grid, events } = await filled(started.id);
    expect(grid.counts).toEqual({ total: 6, done: 6, stopped: 0, failed: 0, pending: 0 });
    expect(events).toBeGreaterThanOrEqual(6);
    for (const c of grid.cells) {
      const it = await call<Iteration>('history.get', { id: c.iterationId });
      expect(it.recipe).toMatchObject({ seed: 3, settings: { temperature: [0.5, 1, 1.5][c.x], topP: [0.9, 1][c.y], maxNewTokens: 4 } });
    }
    textGrid = grid;
  });

  it('exports a text grid as a Markdown table', async () => {
    const md = await call<GridExport>('grids.export', { id: textGrid.id, format: 'md' });
    expect(md).toMatchObject({ format: 'md', mime: 'text/markdown', fileName: 'temperature × topP.md'.replace(/[^A-Za-z0-9._ -]+/g, '_'), dataUrl: null });
    const rows = md.text!.split('\n').filter((l) => l.startsWith('|'));
    expect(rows[0]).toBe('| topP \\\\ temperature | temp 0.5 | temp 1 | temp 1.5 |');
    expect(rows).toHaveLength(4);
    expect(rows[2]!.startsWith('| top-p 0.9 |')).toBe(true);
    expect(await fails('grids.export', { id: textGrid.id, format: 'png' })).toMatchObject({ code: 'BAD_INPUT' });
  });

  it('queues cells grouped by model, so each model loads once', async () => {
    const grid = await call<Grid>('grids.start', textSpec({ field: 'model', values: 'tiny-a, tiny-b' }, { field: 'seed', values: '1-3' }));
    const jobs = grid.cells.map((c) => ({ cell: c, job: h.core.store.jobs.get(c.jobId!) }));
    const runOrder = [...jobs].sort((a, b) => a.job.position - b.job.position).map((j) => (j.job.payload as { request: { model: string } }).request.model);
    expect(runOrder).toEqual(['tiny-a', 'tiny-a', 'tiny-a', 'tiny-b', 'tiny-b', 'tiny-b']);
    const done = (await filled(grid.id)).grid;
    expect(done.counts.done).toBe(6);
    const it = await call<Iteration>('history.get', { id: done.cells.find((c) => c.x === 1 && c.y === 2)!.iterationId });
    expect(it.recipe).toMatchObject({ model: { id: 'tiny-b' }, seed: 3 });
  });

  it('runs an image grid and exports one labelled PNG', async () => {
    const spec = {
      kind: 'image',
      name: 'CFG by scheduler',
      base: { documentId: board.id, model: 'tiny-sd', provider: 'cpu', settings: { prompt: 'a red dress', steps: 2, width: 64, height: 64, seed: 9 } },
      x: { field: 'cfg', values: '3, 7' },
      y: { field: 'scheduler', values: 'euler, ddim' },
    };
    const grid = (await filled((await call<Grid>('grids.start', spec)).id)).grid;
    expect(grid.counts.done).toBe(4);
    const png = await call<GridExport>('grids.export', { id: grid.id, format: 'png', cellSize: 96 });
    expect(png).toMatchObject({ format: 'png', mime: 'image/png', fileName: 'CFG by scheduler.png', text: null });
    const bytes = Buffer.from(png.dataUrl!.split(',')[1]!, 'base64');
    const meta = await sharp(bytes).metadata();
    expect(meta.width).toBeGreaterThan(2 * 96);
    expect(meta.height).toBeGreaterThan(2 * 96);
    // The label band above the cells has dark text pixels on white.
    const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let dark = 0;
    for (let y = 0; y < 40; y++) for (let x = 0; x < info.width; x++) if (data[(y * info.width + x) * 3]! < 100) dark++;
    expect(dark).toBeGreaterThan(50);
    const md = await call<GridExport>('grids.export', { id: grid.id, format: 'md' });
    expect(md.text).toContain('| scheduler \\\\ cfg | cfg 3 | cfg 7 |');
  });

  it("queues cells on the provider plan: the model's own choice applies and a failed start falls back", async () => {
    await call('models.setProvider', { id: 'tiny-sd', provider: 'cuda' });
    const spec = {
      kind: 'image',
      base: { documentId: board.id, model: 'tiny-sd', provider: 'auto', settings: { prompt: 'a red dress', steps: 1, width: 64, height: 64, seed: 9 } },
      x: { field: 'seed', values: '1, 2' },
      y: null,
    };
    const grid = (await filled((await call<Grid>('grids.start', spec)).id)).grid;
    await call('models.setProvider', { id: 'tiny-sd', provider: 'auto' });
    expect(grid.counts.done).toBe(2);
    for (const cell of grid.cells) {
      const recipe = h.core.store.history.get(cell.iterationId!).recipe as ImageRecipe;
      expect(recipe.device).toMatchObject({ requested: 'cuda', used: 'cpu' });
      expect(recipe.device.fallbackReason).toMatch(/^cuda failed to start/);
    }
  });

  it('cancels the cells still to run', async () => {
    const grid = await call<Grid>('grids.start', textSpec({ field: 'seed', values: '1-6' }, null, { base: { documentId: doc.id, prompt: 'Once', model: 'tiny-a', provider: 'cpu', settings: { maxNewTokens: 120, seed: 1, topK: 0, minP: 0 } } }));
    const cancelled = await call<Grid>('grids.cancel', { id: grid.id });
    expect(cancelled.counts.pending).toBeLessThanOrEqual(1); // the running cell stops on its own
    const end = (await filled(grid.id)).grid;
    expect(end.counts.pending).toBe(0);
    expect(end.counts.stopped).toBeGreaterThanOrEqual(5);
    expect(end.counts.done + end.counts.stopped).toBe(6);
    expect(end.cells.filter((c) => c.status === 'cancelled' && c.iterationId === null).length).toBeGreaterThanOrEqual(5);
  });

  it('answers bad specs with clear errors before queuing anything', async () => {
    const queued = h.core.store.jobs.list(1000).length;
    expect(await fails('grids.plan', textSpec({ field: 'temperature', values: '1-' }, null))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^Temperature axis: '1-' is not a number or a range/) });
    expect(await fails('grids.start', textSpec({ field: 'model', values: 'tiny-a, nope' }, null))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails('grids.start', textSpec({ field: 'seed', values: '1,2' }, null, { base: { documentId: board.id, prompt: 'x', model: 'tiny-a' } }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/text grid needs a text document/),
    });
    expect(await fails('grids.start', textSpec({ field: 'steps', values: '1,2' }, null))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/steps is not a text setting/) });
    expect(h.core.store.jobs.list(1000).length).toBe(queued);
    expect(h.core.store.grids.list(doc.id)).toHaveLength(3);
  });

  it('refuses an axis a GAN ignores, naming the setting, the model and the axes it reads, before queuing anything', async () => {
    const queued = h.core.store.jobs.list(1000).length;
    const grids = h.core.store.grids.list(board.id).length;
    const gan = (x: object, y: object | null, model = 'starter-gan') => ({
      kind: 'image',
      base: { documentId: board.id, model, provider: 'cpu', settings: { prompt: 'a sneaker', seed: 4 } },
      x,
      y,
    });
    const pick = 'pick seed, model, prompt search/replace or variation strength';
    expect(await fails('grids.plan', gan({ field: 'seed', values: '1,2' }, { field: 'cfg', values: '1, 4' }))).toEqual({
      code: 'BAD_INPUT',
      message: `starter-gan does not use CFG: ${pick}`,
    });
    expect(await fails('grids.start', gan({ field: 'steps', values: '1-3' }, null))).toMatchObject({ code: 'BAD_INPUT', message: `starter-gan does not use Steps: ${pick}` });
    // A sweep across a diffusion model and the GAN: the GAN's cells would all be alike.
    const mixed = gan({ field: 'model', values: 'tiny-sd, starter-gan' }, { field: 'scheduler', values: 'euler, ddim' }, 'tiny-sd');
    expect(await fails('grids.start', mixed)).toMatchObject({ code: 'BAD_INPUT', message: `starter-gan does not use Scheduler: ${pick}` });
    expect(h.core.store.jobs.list(1000).length).toBe(queued);
    expect(h.core.store.grids.list(board.id)).toHaveLength(grids);
    // What it reads is swept as before.
    const plan = await call<GridPlan>('grids.plan', gan({ field: 'seed', values: '1,2' }, { field: 'variationStrength', values: '0, 0.5' }));
    expect(plan).toMatchObject({ kind: 'image', count: 4, models: ['starter-gan'] });
  });

  it('keeps cells as normal versions and reopens grids after a restart', async () => {
    const cell = textGrid.cells[0]!.iterationId!;
    expect(await call<Iteration>('history.annotate', { id: cell, starred: true })).toMatchObject({ starred: true });
    expect((await call<DocumentInfo>('history.checkout', { documentId: doc.id, iterationId: cell })).headIterationId).toBe(cell);
    await h.reopen();
    const list = await call<GridSummary[]>('grids.list', { documentId: doc.id });
    expect(list.map((g) => [g.id, g.count])).toEqual([
      [expect.any(String), 6],
      [expect.any(String), 6],
      [textGrid.id, 6],
    ]);
    expect(list[2]!.done).toBe(6);
    expect(await call<Grid>('grids.get', { id: textGrid.id })).toEqual(textGrid);
    expect(await fails('grids.get', { id: 'nope' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
