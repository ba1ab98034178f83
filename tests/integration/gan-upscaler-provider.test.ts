// The starter GAN's built-in ×4 upscaler (ESRGAN, run twice) follows the provider plan like every
// other job — the job's choice, else the upscaler's per-model choice, else the global one — and
// the recipe records what it ran on under `upscaler.device` (this CPU-only machine cannot start
// CUDA, so asking for it falls back to CPU with the reason).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, ImageRecipe, Job } from '../../shared/contract';
import { createCore, type Core } from '../../electron/host/core';
import { tempDir } from '../support/tmp';

const t = tempDir();
let core: Core;
let board: DocumentInfo;

const call = async <T>(method: string, params: unknown): Promise<T> => {
  const r = await core.call(method, params);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.result as T;
};
const finished = (id: string) =>
  new Promise<Job>((resolve) => {
    const off = core.bus.subscribe((event, data) => {
      const job = data as Job;
      if (event === 'jobs.changed' && job.id === id && ['done', 'failed', 'cancelled'].includes(job.status)) {
        off();
        resolve(job);
      }
    });
  });

async function gan(provider: string): Promise<ImageRecipe> {
  const job = await call<Job>('generate.image', { documentId: board.id, model: 'starter-gan', provider, batch: 1, settings: { prompt: 'a sneaker', seed: 4 } });
  const end = await finished(job.id);
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  const [id] = (end.result as { iterationIds: string[] }).iterationIds;
  return core.store.history.get(id!).recipe as ImageRecipe;
}

beforeAll(async () => {
  core = createCore({ dataDir: join(t.dir, 'data'), transport: 'cli', modelDirs: [] });
  const project = await call<{ id: string }>('projects.create', { name: 'Lookbook' });
  board = await call<DocumentInfo>('documents.create', { projectId: project.id, kind: 'image', title: 'Sneakers' });
});
afterAll(async () => {
  await core.close();
  t.cleanup();
});

describe("the GAN's upscaler", () => {
  it("runs on the upscaler's own choice, else the global one, and a request's choice wins", async () => {
    await call('models.setProvider', { id: 'esrgan-x4', provider: 'cuda' });
    const viaModel = await gan('auto');
    expect(viaModel.upscaler).toMatchObject({ id: 'esrgan-x4', passes: 2, device: { requested: 'cuda', used: 'cpu' } });
    expect(viaModel.upscaler?.device.fallbackReason).toMatch(/^cuda failed to start \(.+\)$/);
    // The generator itself keeps its own plan (Auto here), and the image is still an original, not an Enhance.
    expect(viaModel.device.requested).toBe('auto');
    expect(viaModel.upscale).toBeUndefined();
    expect([viaModel.width, viaModel.height]).toEqual([448, 448]);

    await call('models.setProvider', { id: 'esrgan-x4', provider: 'auto' });
    await call('settings.set', { provider: 'cpu' });
    const viaGlobal = await gan('auto');
    expect(viaGlobal.upscaler?.device).toEqual({ requested: 'cpu', used: 'cpu', fallbackReason: null });

    await call('settings.set', { provider: 'auto' });
    const viaRequest = await gan('cuda');
    expect(viaRequest.upscaler?.device).toMatchObject({ requested: 'cuda', used: 'cpu' });
    expect(viaRequest.device).toMatchObject({ requested: 'cuda', used: 'cpu' });
  });
});
