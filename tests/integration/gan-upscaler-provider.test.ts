// The starter GAN's built-in ×4 upscaler (ESRGAN, run twice) follows the provider plan like every
// other job — the job's choice, else the upscaler's per-model choice, else the global one — and
// the recipe records what it ran on under `upscaler.device` (this CPU-only machine cannot start
// CUDA, so asking for it falls back to CPU with the reason).
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, ImageRecipe } from '../../shared/contract';
import { useTestCore } from '../support/test-core';

const h = useTestCore();
const { call } = h;
let board: DocumentInfo;

async function gan(provider: string): Promise<ImageRecipe> {
  const end = await h.runJob('generate.image', { documentId: board.id, model: 'starter-gan', provider, batch: 1, settings: { prompt: 'a sneaker', seed: 4 } });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  const [id] = (end.result as { iterationIds: string[] }).iterationIds;
  return h.core.store.history.get(id!).recipe as ImageRecipe;
}

beforeAll(async () => {
  [board] = await h.documents('Lookbook', { kind: 'image', title: 'Sneakers' });
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
