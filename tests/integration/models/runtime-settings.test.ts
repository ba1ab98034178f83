// The provider choice and the memory budget through the real core and job worker: settings and a
// model's override persist across restarts; a job runs on the choice that applies (request →
// model → global) and, asking for a provider this CPU-only machine cannot start, falls back to CPU
// with the reason in the recipe; the status lists the device of the last job of each kind; the
// worker reports what it keeps loaded and writes the optimised-graph cache.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, LibraryModel, RuntimeState, SystemStatus, TextRecipe } from '../../../shared/contract';
import { defaultBudgetBytes } from '../../../electron/engine/runtime/warm-pool';
import { TINY_GPT2, writeDecoderFolder } from '../../fixtures/tiny-decoders';
import { useTestCore } from '../../support/test-core';

const h = useTestCore({
  models: (dir) => writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2),
  options: { transport: 'browser-host' },
});
const { call: ok } = h;
const { dataDir: data, modelsDir } = h;
let doc: DocumentInfo;

async function generate(provider: string): Promise<TextRecipe> {
  const end = await h.runJob('generate.text', { documentId: doc.id, prompt: 'The old house', model: 'tiny-gpt2', provider, settings: { maxNewTokens: 3, seed: 1 } });
  expect(end.status, JSON.stringify(end.error)).toBe('done');
  return (end.result as GenerateTextJobSummary).rows[0]?.recipe as TextRecipe;
}

beforeAll(async () => {
  [doc] = await h.documents('P', { kind: 'text', title: 'D', text: 'The old house' });
});

describe('runtime settings', () => {
  it('starts at Auto with the default budget; changes persist across a restart; bad values are refused', async () => {
    const first = await ok<RuntimeState>('settings.get', {});
    expect(first.settings).toEqual({ provider: 'auto', memoryBudgetBytes: defaultBudgetBytes() });
    expect(first.cache.dir).toBe(join(data, 'cache', 'ort'));

    await ok<RuntimeState>('settings.set', { provider: 'webgpu', memoryBudgetBytes: 512 * 2 ** 20 });
    const bad = await h.core.call('settings.set', { memoryBudgetBytes: 1000 });
    expect(bad.ok === false && bad.error.code).toBe('BAD_INPUT');
    const badProvider = await h.core.call('settings.set', { provider: 'tpu' });
    expect(badProvider.ok === false && badProvider.error.code).toBe('BAD_INPUT');

    const setModel = await ok<LibraryModel>('models.setProvider', { id: 'tiny-gpt2', provider: 'cuda' });
    expect(setModel.provider).toBe('cuda');
    const unknown = await h.core.call('models.setProvider', { id: 'nope', provider: 'cpu' });
    expect(unknown.ok === false && unknown.error.code).toBe('NOT_FOUND');

    await h.reopen();
    expect((await ok<RuntimeState>('settings.get', {})).settings).toEqual({ provider: 'webgpu', memoryBudgetBytes: 512 * 2 ** 20 });
    const listed = (await ok<LibraryModel[]>('models.list', {})).find((m) => m.id === 'tiny-gpt2');
    expect(listed?.provider).toBe('cuda');
    // This machine offers only what starts here; the tiny GPT-2 uses standard ops only.
    const status = await ok<SystemStatus>('system.status', {});
    const offered = status.executionProviders.filter((p) => p.available).map((p) => p.name);
    expect(offered).toContain('cpu');
    expect(listed?.providers.map((p) => p.provider).sort()).toEqual([...offered].sort());
    expect(listed?.providers.every((p) => p.ok)).toBe(true);
  });

  it('a job runs on the choice that applies and falls back to CPU with the reason in its recipe', async () => {
    // The model's override (cuda) applies over the global choice (webgpu).
    const viaModel = await generate('auto');
    expect(viaModel.device.requested).toBe('cuda');
    expect(viaModel.device.used).toBe('cpu');
    expect(viaModel.device.fallbackReason).toMatch(/^cuda failed to start \(.+\)$/);

    // Back to Auto for the model: the global choice applies.
    await ok<LibraryModel>('models.setProvider', { id: 'tiny-gpt2', provider: 'auto' });
    const viaGlobal = await generate('auto');
    expect(viaGlobal.device.requested).toBe('webgpu');
    expect(viaGlobal.device.used).toBe('cpu');
    expect(viaGlobal.device.fallbackReason).toMatch(/^webgpu failed to start \(.+\)$/);

    // A request naming a provider wins.
    const cpu = await generate('cpu');
    expect(cpu.device).toEqual({ requested: 'cpu', used: 'cpu', fallbackReason: null });

    const status = await ok<SystemStatus>('system.status', {});
    expect(status.lastDevices).toEqual([expect.objectContaining({ kind: 'text', modelId: 'tiny-gpt2', requested: 'cpu', used: 'cpu', fallbackReason: null })]);
  });

  it('the worker reports what it keeps loaded, and the optimised-graph cache has entries', async () => {
    await ok<RuntimeState>('settings.set', { provider: 'auto' });
    await generate('auto');
    let state = await ok<RuntimeState>('settings.get', {});
    for (let i = 0; i < 50 && !state.loaded.some((m) => m.provider === 'cpu'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await ok<RuntimeState>('settings.get', {});
    }
    const onnx = statSync(join(modelsDir, 'tiny-gpt2', 'onnx', 'model.onnx')).size;
    expect(state.loaded).toContainEqual(expect.objectContaining({ label: 'tiny-gpt2', kind: 'text', provider: 'cpu', bytes: onnx }));
    expect(state.loadedBytes).toBe(state.loaded.reduce((n, m) => n + m.bytes, 0));
    expect(state.cache.entries).toBeGreaterThan(0);
    expect(state.cache.bytes).toBeGreaterThan(0);
  });
});
