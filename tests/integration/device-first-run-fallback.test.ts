// An accelerator whose session opens but whose first run fails (driver and kernel errors surface
// then) must not keep failing every later generation: the failure is recorded, the session dropped,
// the generation rerun on CPU and finished, the recipe says what was asked, what ran and why, and
// later loads of that model skip the accelerator until the worker restarts or the user asks to
// retry. There is no GPU here, so ATELIER_PROVIDER_FAULT makes "cuda" a real CPU session whose
// runs fail, and logs each time a cuda session is opened.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, ImageRecipe, RuntimeState, TextRecipe } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { useProviderFault } from '../support/provider-fault';
import { useTestCore } from '../support/test-core';
import { loadedModels } from '../support/worker-loaded';

const h = useTestCore({
  models: (dir) => {
    writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2);
    writeTinySdFolder(join(dir, 'tiny-sd'), TINY_SD);
  },
});
const { faultFile, cudaOpened } = useProviderFault(h.dir);

let board: DocumentInfo;
let doc: DocumentInfo;

async function text(provider: string): Promise<{ text: string; recipe: TextRecipe }> {
  const end = await h.runJob('generate.text', { documentId: doc.id, prompt: 'The old house', model: 'tiny-gpt2', provider, settings: { maxNewTokens: 4, seed: 7 } });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  const row = (end.result as GenerateTextJobSummary).rows[0]!;
  return { text: row.text, recipe: row.recipe };
}

async function image(model: string, provider: string, settings: object): Promise<ImageRecipe> {
  const end = await h.runJob('generate.image', { documentId: board.id, model, provider, batch: 1, settings });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  const [id] = (end.result as { iterationIds: string[] }).iterationIds;
  return h.core.store.history.get(id!).recipe as ImageRecipe;
}

const gan = (provider: string) => image('starter-gan', provider, { prompt: 'a sneaker', seed: 4 });
const sd = (provider: string) => image('tiny-sd', provider, { prompt: 'a red dress', steps: 2, cfg: 5, width: 64, height: 64, seed: 42, scheduler: 'euler' });

const loaded = (want: string[]) => loadedModels(h, want);

const FIRST_RUN = /^cuda failed on its first run \(.*kernel failed: an illegal memory access was encountered \(injected by ATELIER_PROVIDER_FAULT\)\)$/;

beforeAll(async () => {
  writeFileSync(faultFile, 'cuda first-run\n');
  [board, doc] = await h.documents('Fallback', { kind: 'image', title: 'Sneakers' }, { kind: 'text', title: 'D', text: 'The old house' });
});

describe('a CUDA session that fails its first run', () => {
  it('text: the generation is rerun on CPU and recorded; later generations do not try CUDA again until asked to retry', async () => {
    const first = await text('cuda');
    expect(cudaOpened()).toBe(1);
    expect(first.recipe.device.requested).toBe('cuda');
    expect(first.recipe.device.used).toBe('cpu');
    expect(first.recipe.device.fallbackReason).toMatch(FIRST_RUN);
    // Nothing asked for is lost: the same tokens a CPU run gives.
    const cpu = await text('cpu');
    expect(cpu.recipe.device).toEqual({ requested: 'cpu', used: 'cpu', fallbackReason: null });
    expect(first.text).toBe(cpu.text);
    expect(first.text.length).toBeGreaterThan(0);
    // The model is filed under CPU: the CPU run above used that copy, not a second one.
    expect(await loaded(['tiny-gpt2@cpu'])).toEqual(['tiny-gpt2@cpu']);

    const again = await text('cuda');
    expect(cudaOpened()).toBe(1);
    expect(again.recipe.device).toEqual(first.recipe.device);
    expect(again.text).toBe(first.text);

    await h.call<RuntimeState>('settings.retryDevices', {});
    const retried = await text('cuda');
    expect(cudaOpened()).toBe(2);
    expect(retried.recipe.device).toEqual(first.recipe.device);
    expect(retried.text).toBe(first.text);
    expect(await loaded(['tiny-gpt2@cpu'])).toEqual(['tiny-gpt2@cpu']);
  });

  it('image: a GAN run (generator and its ×4 upscaler) moves to the CPU copies already loaded, and the next run skips CUDA', async () => {
    const cpu = await gan('cpu');
    expect(cpu.device).toEqual({ requested: 'cpu', used: 'cpu', fallbackReason: null });
    const opened = cudaOpened();

    const cuda = await gan('cuda');
    // Both models opened on "cuda", failed there, and ran on CPU.
    expect(cudaOpened()).toBe(opened + 2);
    expect(cuda.device.requested).toBe('cuda');
    expect(cuda.device.used).toBe('cpu');
    expect(cuda.device.fallbackReason).toMatch(FIRST_RUN);
    expect(cuda.upscaler?.device.requested).toBe('cuda');
    expect(cuda.upscaler?.device.used).toBe('cpu');
    expect(cuda.upscaler?.device.fallbackReason).toMatch(FIRST_RUN);
    expect(cuda.seed).toBe(cpu.seed);
    // The failed copies, now duplicates of the CPU ones, are unloaded once the job ends.
    const want = ['esrgan-x4@cpu', 'starter-gan@cpu', 'tiny-gpt2@cpu'];
    expect(await loaded(want)).toEqual(want);

    const again = await gan('cuda');
    expect(cudaOpened()).toBe(opened + 2);
    expect(again.device).toEqual(cuda.device);
    expect(again.upscaler?.device).toEqual(cuda.upscaler?.device);
    expect(await loaded(want)).toEqual(want);
  });

  it('image: a diffusion pipeline whose parts fail their first run finishes on CPU; the next run loads nothing on CUDA', async () => {
    const opened = cudaOpened();
    const cuda = await sd('cuda');
    // Text encoder, unet and VAE decoder each opened on "cuda" and moved to CPU.
    expect(cudaOpened()).toBeGreaterThanOrEqual(opened + 3);
    expect(cuda.device.requested).toBe('cuda');
    expect(cuda.device.used).toBe('cpu');
    expect(cuda.device.fallbackReason).toMatch(FIRST_RUN);
    const tried = cudaOpened();
    const again = await sd('cuda');
    expect(cudaOpened()).toBe(tried);
    expect(again.device).toEqual(cuda.device);
    expect(await loaded(['esrgan-x4@cpu', 'starter-gan@cpu', 'tiny-gpt2@cpu', 'tiny-sd@cpu'])).toContain('tiny-sd@cpu');
  });

  it('a restart (a new worker) tries CUDA again', async () => {
    await h.reopen();
    const opened = cudaOpened();
    const after = await text('cuda');
    expect(cudaOpened()).toBe(opened + 1);
    expect(after.recipe.device.fallbackReason).toMatch(FIRST_RUN);
  });
});
