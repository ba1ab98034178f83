// A diffusion pipeline is four models, and an accelerator can fail the first run of one of them
// while the others run there: the recipe records each model's device and its own reason, not the
// UNet's for all. And "try failed devices again" is asked per model: the other models keep
// skipping the devices that failed for them. ATELIER_PROVIDER_FAULT's third word narrows the
// injected "cuda" failure to one part (the other cuda sessions run, on the CPU standing in).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, ImageRecipe, RuntimeState } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import { useProviderFault } from '../support/provider-fault';
import { useTestCore } from '../support/test-core';

const h = useTestCore({
  models: (dir) => {
    writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2);
    writeTinySdFolder(join(dir, 'tiny-sd'), TINY_SD);
  },
});
const { faultFile, cudaOpened } = useProviderFault(h.dir);

let board: DocumentInfo;
let doc: DocumentInfo;

async function sd(): Promise<ImageRecipe> {
  const settings = { prompt: 'a red dress', steps: 2, cfg: 5, width: 64, height: 64, seed: 42, scheduler: 'euler' };
  const end = await h.runJob('generate.image', { documentId: board.id, model: 'tiny-sd', provider: 'cuda', batch: 1, settings });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  const [id] = (end.result as { iterationIds: string[] }).iterationIds;
  return h.core.store.history.get(id!).recipe as ImageRecipe;
}

async function text(): Promise<string> {
  const end = await h.runJob('generate.text', { documentId: doc.id, prompt: 'The old house', model: 'tiny-gpt2', provider: 'cuda', settings: { maxNewTokens: 2, seed: 7 } });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  return (end.result as GenerateTextJobSummary).rows[0]!.recipe.device.used;
}

/** How many cuda sessions `run` opened. */
async function opens(run: () => Promise<unknown>): Promise<number> {
  const at = cudaOpened();
  await run();
  return cudaOpened() - at;
}

const FIRST_RUN = /^cuda failed on its first run \(.*kernel failed: an illegal memory access was encountered \(injected by ATELIER_PROVIDER_FAULT\)\)$/;
const onCuda = { requested: 'cuda', used: 'cuda', fallbackReason: null };

beforeAll(async () => {
  [board, doc] = await h.documents('Parts', { kind: 'image', title: 'Dresses' }, { kind: 'text', title: 'D', text: 'The old house' });
});

describe('a pipeline part that fails its first run on the accelerator', () => {
  it('the recipe records each model on its own device: the text encoder on CPU with its reason, the others on CUDA', async () => {
    writeFileSync(faultFile, 'cuda first-run text_encoder\n');
    const first = await sd();
    // The UNet (the pipeline's device) ran where asked.
    expect(first.device).toEqual(onCuda);
    expect(first.parts?.unet).toEqual(onCuda);
    expect(first.parts?.vae_decoder).toEqual(onCuda);
    expect(first.parts?.vae_encoder).toEqual(onCuda);
    expect(first.parts?.text_encoder).toMatchObject({ requested: 'cuda', used: 'cpu' });
    expect(first.parts?.text_encoder?.fallbackReason).toMatch(FIRST_RUN);
    expect(Object.keys(first.parts ?? {}).sort()).toEqual(['text_encoder', 'unet', 'vae_decoder', 'vae_encoder']);

    // The same loaded pipeline next time: nothing opened again, and the same record.
    expect(await opens(sd)).toBe(0);
    const again = await sd();
    expect(again.parts).toEqual(first.parts);
    expect(again.device).toEqual(onCuda);
  });

  it('"try again" for one model clears only that model\'s failed devices', async () => {
    writeFileSync(faultFile, 'cuda first-run\n');
    // Now every cuda session fails: the text model's first run falls back and is remembered.
    expect(await opens(text)).toBe(1);
    expect(await opens(text)).toBe(0);
    // The pipeline already remembers cuda failed for it (its text encoder, above).
    expect(await opens(sd)).toBe(0);

    await h.call<RuntimeState>('settings.retryDevices', { modelId: 'tiny-gpt2' });
    expect(await opens(sd)).toBe(0);
    expect(await opens(text)).toBe(1);
    expect(await opens(text)).toBe(0);

    await h.call<RuntimeState>('settings.retryDevices', { modelId: 'tiny-sd' });
    expect(await opens(text)).toBe(0);
    const unetAndOthers = await opens(sd);
    expect(unetAndOthers).toBeGreaterThanOrEqual(1);
    expect(await opens(sd)).toBe(0);

    // Without a model: every model's.
    await h.call<RuntimeState>('settings.retryDevices', {});
    expect(await opens(text)).toBe(1);
    expect(await opens(sd)).toBeGreaterThanOrEqual(1);
  });

  it('an unknown model is NOT_FOUND', async () => {
    await expect(h.call('settings.retryDevices', { modelId: 'no-such-model' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
