// A model is held once per device it actually runs on. Asking for CUDA (which cannot start on this
// CPU-only machine) falls back to CPU; an Auto or CPU run afterwards, or before, uses that same
// loaded copy instead of a second one beside it (the Models page showed "Loaded now: 6 models",
// esrgan-x4 and starter-gan twice). Each recipe still says what was asked for and why it ran on CPU.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, ImageRecipe, TextRecipe } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { useTestCore } from '../support/test-core';
import { loadedModels } from '../support/worker-loaded';

const h = useTestCore({ models: (dir) => writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2) });
let board: DocumentInfo;
let doc: DocumentInfo;

async function gan(provider: string): Promise<ImageRecipe> {
  const end = await h.runJob('generate.image', { documentId: board.id, model: 'starter-gan', provider, batch: 1, settings: { prompt: 'a sneaker', seed: 4 } });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  const [id] = (end.result as { iterationIds: string[] }).iterationIds;
  return h.core.store.history.get(id!).recipe as ImageRecipe;
}

async function text(provider: string): Promise<TextRecipe> {
  const end = await h.runJob('generate.text', { documentId: doc.id, prompt: 'The old house', model: 'tiny-gpt2', provider, settings: { maxNewTokens: 3, seed: 1 } });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  return (end.result as GenerateTextJobSummary).rows[0]?.recipe as TextRecipe;
}

const loaded = (want: string[]) => loadedModels(h, want);

beforeAll(async () => {
  [board, doc] = await h.documents('Lookbook', { kind: 'image', title: 'Sneakers' }, { kind: 'text', title: 'D', text: 'The old house' });
});

describe('one loaded copy per device', () => {
  it('a GAN run that fell back from CUDA and Auto/CPU runs share one generator and one upscaler', async () => {
    const cuda = await gan('cuda');
    expect(cuda.device).toMatchObject({ requested: 'cuda', used: 'cpu' });
    expect(cuda.device.fallbackReason).toMatch(/^cuda failed to start \(.+\)$/);
    expect(cuda.upscaler?.device).toMatchObject({ requested: 'cuda', used: 'cpu' });
    expect(cuda.upscaler?.device.fallbackReason).toMatch(/^cuda failed to start \(.+\)$/);

    const auto = await gan('auto');
    expect(auto.device).toEqual({ requested: 'auto', used: 'cpu', fallbackReason: null });
    expect(auto.upscaler?.device).toEqual({ requested: 'auto', used: 'cpu', fallbackReason: null });
    const cpu = await gan('cpu');
    expect(cpu.device).toEqual({ requested: 'cpu', used: 'cpu', fallbackReason: null });
    // Asked again, CUDA is not retried against the loaded copy, and the recipe still says why.
    const again = await gan('cuda');
    expect(again.device).toEqual(cuda.device);
    expect(again.upscaler?.device).toEqual(cuda.upscaler?.device);

    expect(await loaded(['esrgan-x4@cpu', 'starter-gan@cpu'])).toEqual(['esrgan-x4@cpu', 'starter-gan@cpu']);
  });

  it('a text model loaded by Auto is the one a later CUDA request falls back to', async () => {
    const auto = await text('auto');
    expect(auto.device).toEqual({ requested: 'auto', used: 'cpu', fallbackReason: null });
    const cuda = await text('cuda');
    expect(cuda.device).toMatchObject({ requested: 'cuda', used: 'cpu' });
    expect(cuda.device.fallbackReason).toMatch(/^cuda failed to start \(.+\)$/);
    expect(cuda.seed).toBe(auto.seed);
    const want = ['esrgan-x4@cpu', 'starter-gan@cpu', 'tiny-gpt2@cpu'];
    expect(await loaded(want)).toEqual(want);
    const again = await text('cuda');
    expect(again.device).toEqual(cuda.device);
    expect(await loaded(want)).toEqual(want);
  });
});
