// The rest of the model library end to end, in Chromium against the real host (`atelier serve`):
// a catalogue entry downloaded with one click from the local Hub stand-in serving that entry's
// repository layout (only the filtered files fetched); the global provider set to WebGPU, which
// does not start on this CPU-only machine, so a job falls back to CPU with the reason shown on the
// model and in the status panel; a per-model choice and the memory budget persisted across
// reloads, with the loaded model listed; and the downloaded model deleted for good from the trash
// after a confirm that names the bytes freed.
// Expects out/renderer to be built. Screenshots land in test-results/screenshots/models-*.png.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../shared/catalogue';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { SHOTS, WAIT } from '../support/chromium';
import { openModels, startStudio, type Studio } from '../support/e2e-setup';
import { callHost, generateTextOnHost } from '../support/host-api';
import { startHubMimic, type HubMimic, type MimicFile } from '../support/hub-mimic';
import { decoderRepoFiles } from '../support/hub-repo';

const ENTRY = CATALOGUE.find((e) => e.id === 'smollm2-135m-instruct-q4')!;
const MODEL_ID = 'smollm2-135m-instruct-int4';

describe('catalogue, providers, memory and delete for good', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'atelier-e2e-models-runtime-'));
  const folder = join(tmp, 'tiny');
  let hub: HubMimic;
  let studio: Studio;
  let dataDir = '';
  let page: Page;

  const row = (p: Page, id: string) => p.locator(`[data-testid="model-item"][data-model-id="${id}"]`);

  async function openModelsPage(): Promise<Page> {
    const p = await studio.openApp('light', { width: 1280, height: 1000 });
    await openModels(p);
    return p;
  }

  beforeAll(async () => {
    writeDecoderFolder(folder, TINY_GPT2);
    // The catalogue entry's repository as the Hub lays it out: the LM files, the int4 decoder the
    // entry asks for, and other precisions its filter must leave alone.
    const { 'onnx/model.onnx': int4, ...lm } = decoderRepoFiles(folder, '---\nlicense: apache-2.0\n---\n# SmolLM2 (stand-in)\n');
    const files: Record<string, MimicFile> = {
      ...lm,
      'onnx/model_q4.onnx': int4 as MimicFile,
      'onnx/model.onnx': { content: new TextEncoder().encode('fp32 weights the filter leaves alone'), lfs: true },
      'onnx/model_fp16.onnx': { content: new TextEncoder().encode('fp16 weights the filter leaves alone'), lfs: true },
    };
    hub = await startHubMimic({ [ENTRY.repo]: { commit: 'feed'.padEnd(40, '0'), files } });
    process.env.ATELIER_HUB_ENDPOINT = hub.url;
    process.env.HF_TOKEN = '';
    studio = await startStudio('models-runtime', { models: null });
    dataDir = studio.dataDir;
    page = await openModelsPage();
  });

  afterAll(async () => {
    await studio?.close();
    await hub?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('downloads a catalogue entry with one click, fetching only its filtered files', { timeout: 180_000 }, async () => {
    await page.getByTestId('open-catalogue').click();
    const item = page.locator(`[data-testid="catalogue-item"][data-entry="${ENTRY.id}"]`);
    await item.waitFor(WAIT);
    expect(await page.getByTestId('catalogue-item').count()).toBe(CATALOGUE.length);
    expect(await item.getByTestId('catalogue-licence').textContent()).toBe('Licence: apache-2.0');
    expect(await item.getByTestId('catalogue-size').textContent()).toBe('≈ 195.5 MiB');
    await page.screenshot({ path: join(SHOTS, 'models-catalogue-light.png') });

    await item.getByTestId('catalogue-download').click();
    await page.locator(`[data-testid="download-item"][data-repo="${ENTRY.repo}"][data-status="done"]`).waitFor({ timeout: 120_000 });
    await row(page, MODEL_ID).waitFor(WAIT);
    await page.locator(`[data-testid="catalogue-item"][data-entry="${ENTRY.id}"][data-installed="true"]`).waitFor(WAIT);
    expect(await item.getByTestId('catalogue-installed').textContent()).toBe(`In the library as ${MODEL_ID}`);
    // Only what the entry's filter names came over the wire.
    expect([...hub.sent.keys()].sort()).toEqual(
      ['README.md', 'config.json', 'generation_config.json', 'onnx/model_q4.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json'].sort(),
    );
    expect(existsSync(join(dataDir, 'models', MODEL_ID, 'onnx/model_q4.onnx'))).toBe(true);
    expect(await row(page, MODEL_ID).getByTestId('model-facts').textContent()).toContain('q4');
    await page.getByTestId('open-catalogue').click();
  });

  it('runs on the provider chosen globally, falls back to CPU with the reason shown, and lists what is loaded', { timeout: 120_000 }, async () => {
    // CPU is offered; WebGPU is part of this onnxruntime build but finds no adapter here.
    await page.locator('[data-testid="models-provider"][data-provider="cpu"][data-available="true"]').waitFor(WAIT);
    expect(await page.locator('[data-testid="models-provider"][data-provider="webgpu"]').getAttribute('data-available')).toBe('false');
    expect(await row(page, MODEL_ID).getByTestId('model-runs-on').getAttribute('data-providers')).toBe('cpu');

    // The picker does not offer it; a choice made where it ran (here: set over the API) is kept,
    // shown, and said to fall back.
    expect(await page.getByTestId('settings-provider').locator('option[value="webgpu"]').isDisabled()).toBe(true);
    await callHost(studio.host, 'settings.set', { provider: 'webgpu' });
    await page.reload();
    await page.getByTestId('open-models').click();
    await expect.poll(() => page.getByTestId('settings-provider').inputValue(), WAIT).toBe('webgpu');
    expect(await page.getByTestId('settings-provider-why').locator('summary').textContent()).toMatch(/^WebGPU does not run here: jobs fall back to CPU\. Not available: /);

    const end = await generateTextOnHost(studio.host, { title: 'Provider check', model: MODEL_ID, maxNewTokens: 3, timeoutMs: 90_000 });
    expect(end.status, JSON.stringify(end.error)).toBe('done');
    const model = row(page, MODEL_ID);
    await expect.poll(() => model.getByTestId('model-device').textContent(), WAIT).toBe('Last ran on CPU (asked for WebGPU)');
    expect(await model.getByTestId('model-fallback').textContent()).toMatch(/^Fell back: webgpu failed to start \(.+\)$/);
    await page.locator(`[data-testid="settings-loaded-item"][data-label="${MODEL_ID}"][data-provider="cpu"]`).waitFor(WAIT);
    expect(Number(await page.getByTestId('settings-cache').getAttribute('data-entries'))).toBeGreaterThan(0);
    await page.getByTestId('models-devices').screenshot({ path: join(SHOTS, 'models-devices-light.png') });

    // The model's own choice, and the budget, persist.
    await model.getByTestId('model-provider-choice').selectOption('cpu');
    await page.getByTestId('settings-budget').fill('1.5');
    await page.getByTestId('settings-budget-save').click();
    await expect.poll(() => page.getByTestId('settings-budget-save').isDisabled(), WAIT).toBe(true);
    await page.reload();
    await page.getByTestId('open-models').click();
    await expect.poll(() => row(page, MODEL_ID).getByTestId('model-provider-choice').inputValue(), WAIT).toBe('cpu');
    await expect.poll(() => page.getByTestId('settings-budget').inputValue(), WAIT).toBe('1.5');

    // The status panel names the device the last text job used, and why it fell back.
    await page.getByTestId('project-item').filter({ hasText: 'Welcome' }).click();
    await page.getByTestId('document-item').filter({ hasText: 'Provider check' }).click();
    await page.getByTestId('tab-status').click();
    const last = page.locator('[data-testid="status-last-device"][data-kind="text"]');
    await last.waitFor(WAIT);
    expect(await last.getAttribute('data-used')).toBe('cpu');
    expect(await last.getAttribute('data-requested')).toBe('webgpu');
    expect(await last.textContent()).toMatch(/Fell back: webgpu failed to start/);
  });

  it('deletes the downloaded model for good from the trash, naming the bytes it frees', { timeout: 90_000 }, async () => {
    page = await openModelsPage();
    const dir = join(dataDir, 'models', MODEL_ID);
    expect(existsSync(dir)).toBe(true);
    await row(page, MODEL_ID).getByTestId('model-remove').click();
    await page.getByTestId('confirm-ok').click();
    await row(page, MODEL_ID).waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('models-tab-trash').click();
    await row(page, MODEL_ID).getByTestId('model-delete-forever').click();
    const summary = page.getByTestId('delete-summary');
    await summary.waitFor(WAIT);
    expect(await summary.getAttribute('data-removes-files')).toBe('true');
    expect(Number(await summary.getAttribute('data-bytes'))).toBeGreaterThan(0);
    expect(await page.getByTestId('confirm-dialog').textContent()).toMatch(/Delete “SmolLM2 135M Instruct \(int4\)” for good\?.*Removes 7 files/);
    await page.screenshot({ path: join(SHOTS, 'models-confirm-delete-light.png') });
    await page.getByTestId('confirm-ok').click();
    await row(page, MODEL_ID).waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('toast').filter({ hasText: 'freed' }).waitFor(WAIT);
    expect(existsSync(dir)).toBe(false);
    await page.getByTestId('models-empty-trash').waitFor(WAIT);
  });
});
