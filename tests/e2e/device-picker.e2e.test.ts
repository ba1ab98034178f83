// One device picker everywhere (ui/DevicePicker.tsx): the writing settings and the image prompt
// panel list Auto first and then every execution provider; those this machine cannot run are
// disabled, with the reason on the option and in the note the select is described by; an
// available choice persists across a reload. And the Models view's per-model "Try CUDA again for this model": a
// model whose CUDA session failed its first run (ATELIER_PROVIDER_FAULT: there is no GPU here) skips
// CUDA until it is pressed. Screenshots: test-results/screenshots/device-picker-*.png.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS, type DocumentInfo, type GenerateTextJobSummary, type Job, type Project, type SystemStatus } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, newImageBoard, newTextDocument, openDocument, openModels, startStudio, type Studio } from '../support/e2e-setup';
import { callHost, connectApi } from '../support/host-api';

describe('the device picker', () => {
  let studio: Studio;
  let page: Page;
  /** Providers this onnxruntime build has that do not start here (CUDA is not installed on this machine). */
  let off: { name: string; reason: string }[] = [];
  const faultDir = mkdtempSync(join(tmpdir(), 'atelier-e2e-fault-'));
  const faultFile = join(faultDir, 'provider-fault');
  const before = process.env.ATELIER_PROVIDER_FAULT;

  beforeAll(async () => {
    // The host (and its job worker) inherit it: a "cuda" session opens on the CPU and its runs fail.
    writeFileSync(faultFile, 'cuda first-run\n');
    process.env.ATELIER_PROVIDER_FAULT = faultFile;
    studio = await startStudio('device-picker');
    page = await studio.openApp('light');
    const status = await callHost<SystemStatus>(studio.host, 'system.status');
    off = status.executionProviders.filter((p) => !p.available && (PROVIDERS as readonly string[]).includes(p.name)).map((p) => ({ name: p.name, reason: p.reason ?? '' }));
  });

  afterAll(async () => {
    await studio?.close();
    if (before === undefined) delete process.env.ATELIER_PROVIDER_FAULT;
    else process.env.ATELIER_PROVIDER_FAULT = before;
    rmSync(faultDir, { recursive: true, force: true });
  });

  const cudaOpened = () => {
    try {
      return readFileSync(`${faultFile}.opened`, 'utf8').split('\n').filter((l) => l === 'cuda').length;
    } catch {
      return 0;
    }
  };

  /** A tiny-gpt2 generation asked for CUDA, over the API; its recipe's device. */
  async function generateOnCuda(): Promise<GenerateTextJobSummary['rows'][number]['recipe']['device']> {
    const api = await connectApi(studio.host);
    try {
      const [first] = await api.call<Project[]>('projects.list');
      const doc = await api.call<DocumentInfo>('documents.create', { projectId: first?.id, kind: 'text', title: 'On CUDA' });
      const job = await api.call<Job>('generate.text', { documentId: doc.id, prompt: 'The old house', model: 'tiny-gpt2', provider: 'cuda', settings: { maxNewTokens: 3, seed: 1 } });
      const end = await api.sock.waitForEvent((e) => e.event === 'jobs.changed' && e.data.id === job.id && ['done', 'failed', 'cancelled'].includes(e.data.status as string), 60_000);
      const ended = end.data as Job;
      expect(ended.status, JSON.stringify(ended.error)).toBe('done');
      return (ended.result as GenerateTextJobSummary).rows[0]!.recipe.device;
    } finally {
      await api.close();
    }
  }

  /** Options as "value:label:enabled", in order. */
  const options = (select: Locator) =>
    select.locator('option').evaluateAll((els) => els.map((o) => `${(o as HTMLOptionElement).value}:${o.textContent}:${(o as HTMLOptionElement).disabled ? 'off' : 'on'}`));

  /** The same behaviour in any panel: Auto first, every provider listed, the unavailable ones disabled with their reason. */
  async function checkPicker(testId: string): Promise<void> {
    const select = page.getByTestId(testId);
    await select.waitFor(WAIT);
    // The machine's providers are known once system.status answered: CUDA is then disabled.
    await expect.poll(() => select.locator('option[value="cuda"]').evaluate((o) => (o as HTMLOptionElement).disabled), WAIT).toBe(true);
    const listed = await options(select);
    expect(listed.map((o) => o.split(':')[0])).toEqual([...PROVIDERS]);
    expect(listed[0]).toBe('auto:Auto:on');
    expect(listed[1]).toBe('cpu:CPU:on');
    expect(listed).toContain('cuda:CUDA — not available:off');
    // DirectML and CoreML are not in onnxruntime's Linux build: listed, disabled, and said why.
    expect(listed).toContain('dml:DirectML — not available:off');
    expect(listed).toContain('coreml:CoreML — not available:off');
    const cudaReason = off.find((p) => p.name === 'cuda')?.reason ?? '';
    expect(cudaReason).toMatch(/\S/);
    expect(await select.locator('option[value="cuda"]').getAttribute('title')).toBe(cudaReason);

    // The reasons are the select's description, and shown when the note is opened.
    const why = page.getByTestId(`${testId}-why`);
    const describedBy = await select.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await why.locator('ul').getAttribute('id')).toBe(describedBy);
    expect(await why.locator('summary').textContent()).toMatch(/^Not available: (.+, )?CUDA, /);
    await why.locator('summary').click();
    const reason = page.locator(`[data-testid="${testId}-reason"][data-provider="cuda"]`);
    await reason.waitFor({ state: 'visible', ...WAIT });
    expect(await reason.textContent()).toBe(`CUDA: ${cudaReason}`);
    expect(await page.locator(`[data-testid="${testId}-reason"][data-provider="dml"]`).textContent()).toBe('DirectML: DirectML is part of onnxruntime on Windows only');
    // A disabled option cannot be chosen.
    await expect(select.selectOption('cuda', { timeout: 2000 })).rejects.toThrow();
    expect(await select.inputValue()).toBe('auto');
  }

  it('writing settings: unavailable providers disabled with the reason; CPU persists across a reload', { timeout: 90_000 }, async () => {
    await newTextDocument(page, 'Device check');
    await page.getByTestId('side-tab-settings').click();
    await checkPicker('write-provider');
    await page.getByTestId('write-provider-why').screenshot({ path: join(SHOTS, 'device-picker-write-light.png') });
    await page.getByTestId('write-provider').selectOption('cpu');
    await page.reload();
    await page.getByTestId('project-item').first().waitFor(WAIT);
    await openDocument(page, 'Device check', 'text');
    await page.getByTestId('side-tab-settings').click();
    await expect.poll(() => page.getByTestId('write-provider').inputValue(), WAIT).toBe('cpu');
  });

  it('image prompt panel: the same picker; CPU persists across a reload', { timeout: 90_000 }, async () => {
    await newImageBoard(page, 'Device board');
    await closeDrawer(page);
    await checkPicker('image-provider');
    await page.getByTestId('image-panel').screenshot({ path: join(SHOTS, 'device-picker-image-light.png') });
    await page.getByTestId('image-provider').selectOption('cpu');
    await page.reload();
    await page.getByTestId('project-item').first().waitFor(WAIT);
    await openDocument(page, 'Device board', 'image');
    await expect.poll(() => page.getByTestId('image-provider').inputValue(), WAIT).toBe('cpu');
  });

  it('Models view: a CUDA first-run failure is shown on the model and skipped until its row\'s "Try CUDA again for this model"', { timeout: 120_000 }, async () => {
    const first = await generateOnCuda();
    expect(first).toMatchObject({ requested: 'cuda', used: 'cpu' });
    expect(first.fallbackReason).toMatch(/^cuda failed on its first run \(/);
    expect(cudaOpened()).toBe(1);
    await openModels(page);
    const model = page.locator('[data-testid="model-item"][data-model-id="tiny-gpt2"]');
    await expect.poll(() => model.getByTestId('model-fallback').textContent(), WAIT).toMatch(/^Fell back: cuda failed on its first run \(/);
    // The row's own picker is the same component (its reasons kept for screen readers, not shown per row).
    // The rows come with the model list; what this machine offers comes with system.status, which
    // the view asks for on its own: until it answers nothing is disabled. The devices panel shows it.
    await page.locator('[data-testid="models-provider"][data-provider="cuda"][data-available="false"]').waitFor(WAIT);
    expect(await model.getByTestId('model-provider-choice').locator('option[value="cuda"]').isDisabled()).toBe(true);

    await generateOnCuda();
    expect(cudaOpened()).toBe(1);
    const retry = model.getByTestId('model-retry-devices');
    expect(await retry.textContent()).toBe('Try CUDA again for this model');
    await retry.click();
    await model.getByTestId('model-retry-devices-done').waitFor(WAIT);
    await model.screenshot({ path: join(SHOTS, 'device-picker-retry-light.png') });
    const retried = await generateOnCuda();
    expect(cudaOpened()).toBe(2);
    expect(retried).toEqual(first);
  });
});
