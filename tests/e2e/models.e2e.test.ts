// The model library end to end: the real host (`atelier serve`) on a temporary data folder, driven
// in Chromium by the test ids listed at the top of renderer/features/models/ModelsView.tsx.
// A fixture model folder (tiny GPT-2, tests/fixtures/tiny-decoders.ts) is imported and checked in
// its separate process; a broken copy (no tokenizer.json) is refused with the reason; a download
// runs against the local Hub stand-in (tests/support/hub-mimic.ts, pointed at with
// ATELIER_HUB_ENDPOINT, as the integration tests do), is paused, resumed with an HTTP Range request
// and completes into the library; an imported model goes to the trash and comes back.
// Expects out/renderer to be built (npm test builds first). Screenshots land in
// test-results/screenshots/models-*.png, light and dark.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { SHOTS, WAIT } from '../support/chromium';
import { openModels, startStudio, type Studio } from '../support/e2e-setup';
import { generateTextOnHost } from '../support/host-api';
import { startHubMimic, type HubMimic } from '../support/hub-mimic';
import { decoderRepoFiles } from '../support/hub-repo';

const REPO = 'atelier-test/tiny-gpt2';

describe('model library against the real host', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'atelier-e2e-models-'));
  const good = join(tmp, 'folders', 'tiny-gpt2-onnx');
  const broken = join(tmp, 'folders', 'half-copied-model');
  let totalBytes = 0;
  let hub: HubMimic;
  let studio: Studio;
  let dataDir = '';
  let page: Page;

  const model = (p: Page, id: string) => p.locator(`[data-testid="model-item"][data-model-id="${id}"]`);

  async function openModelsPage(colorScheme: 'light' | 'dark'): Promise<Page> {
    const p = await studio.openApp(colorScheme, { width: 1280, height: 900 });
    await openModels(p);
    return p;
  }

  beforeAll(async () => {
    writeDecoderFolder(good, TINY_GPT2);
    cpSync(good, broken, { recursive: true });
    rmSync(join(broken, 'tokenizer.json'));

    const files = decoderRepoFiles(good, '---\nlicense: mit\n---\n# tiny gpt2\n');
    totalBytes = Object.values(files).reduce((n, f) => n + f.content.length, 0);
    hub = await startHubMimic({ [REPO]: { commit: 'c0ffee'.padEnd(40, '0'), files } });
    // The host (and the job worker it forks) read the Hub's address from the environment.
    process.env.ATELIER_HUB_ENDPOINT = hub.url;
    process.env.HF_TOKEN = '';
    studio = await startStudio('models', { models: null });
    dataDir = studio.dataDir;
    page = await openModelsPage('light');
  });

  afterAll(async () => {
    await studio?.close();
    await hub?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lists the starter models with their facts; starters cannot be removed', { timeout: 60_000 }, async () => {
    const starters = page.locator('[data-testid="model-item"][data-starter="true"]');
    expect(await starters.count()).toBeGreaterThan(0);
    expect(await starters.getByTestId('model-remove').count()).toBe(0);
    expect(await starters.first().getByTestId('model-starter').textContent()).toBe('Starter');
    expect(await starters.first().getByTestId('model-size').textContent()).toMatch(/\d (KiB|MiB|GiB)$/);
    // The devices this machine offers; CPU always.
    await page.locator('[data-testid="models-provider"][data-provider="cpu"][data-available="true"]').waitFor(WAIT);
    expect(await page.getByTestId('models-device-choice').textContent()).toMatch(/Auto/);
    await page.locator('[data-testid="models-button-device"]:not([data-loading])').waitFor(WAIT);
    expect(await page.getByTestId('models-button-device').textContent()).toMatch(/CPU|CUDA|DirectML|CoreML/);
    await page.screenshot({ path: join(SHOTS, 'models-library-light.png') });
  });

  it('refuses a broken folder with the reason, then imports the whole folder, checked and listed with size and fit', { timeout: 120_000 }, async () => {
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-path').fill(broken);
    await page.getByTestId('import-submit').click();
    const refusal = page.getByTestId('import-error');
    await refusal.waitFor(WAIT);
    expect(await page.getByTestId('import-error-message').textContent()).toMatch(/^tokenizer\.json is missing — a text model needs its tokenizer/);
    expect(await refusal.textContent()).toMatch(/Nothing was added to the library/);
    expect(await model(page, 'half-copied-model').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'models-import-error-light.png') });

    // A relative path is refused by the host, also inline.
    await page.getByTestId('import-path').fill('models/tiny');
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-error-message').filter({ hasText: /absolute/ }).waitFor(WAIT);

    await page.getByTestId('import-path').fill(good);
    await page.getByTestId('import-name').fill('Tiny GPT-2 local');
    await page.getByTestId('import-mode-copy').check();
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-result').waitFor(WAIT);
    expect(await page.getByTestId('import-error').count()).toBe(0);
    expect(await page.getByTestId('import-result').textContent()).toMatch(/Imported “Tiny GPT-2 local”.*tiny-gpt-2-local/);

    const row = model(page, 'tiny-gpt-2-local');
    await row.waitFor(WAIT);
    expect(await row.getAttribute('data-kind')).toBe('text');
    expect(await row.getAttribute('data-starter')).toBe('false');
    expect(['ok', 'warnings']).toContain(await row.getAttribute('data-status'));
    expect(await row.getByTestId('model-size').textContent()).toMatch(/^\d+(\.\d)? MiB$/);
    expect(await row.getByTestId('model-fit').getAttribute('data-fit')).toBe('fits');
    expect(await row.getByTestId('model-fit').textContent()).toBe('Fits in memory');
    expect(await row.getByTestId('model-facts').textContent()).toMatch(/gpt2/);
    expect(await row.getByTestId('model-device').textContent()).toBe('Not run yet');
    await page.screenshot({ path: join(SHOTS, 'models-imported-light.png') });

    // Verify re-hashes and re-checks; Details shows what the check read and the memory estimate.
    await row.getByTestId('model-verify').click();
    await row.locator('[data-testid="model-verify-result"][data-ok="true"]').waitFor(WAIT);
    await row.getByTestId('model-details-toggle').click();
    await row.getByTestId('model-memory').waitFor(WAIT);
    expect(await row.getByTestId('model-memory').textContent()).toMatch(/^Fits in memory: needs about .* free of /);
    expect(await row.getByTestId('model-dir').textContent()).toContain(join(dataDir, 'models'));
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'models-details-light.png') });
    await row.getByTestId('model-details-toggle').click();
  });

  it('shows the device the last job with a model ran on', { timeout: 90_000 }, async () => {
    // A short generation with the imported model, made the way a script would (WebSocket API).
    const end = await generateTextOnHost(studio.host, { title: 'Device check', model: 'tiny-gpt-2-local', maxNewTokens: 4, timeoutMs: 60_000 });
    expect(end.status, JSON.stringify(end.error)).toBe('done');
    const chip = model(page, 'tiny-gpt-2-local').getByTestId('model-device');
    await expect.poll(() => chip.textContent(), WAIT).toMatch(/^Last ran on (CPU|CUDA|DirectML|CoreML|WebGPU)/);
  });

  it('downloads from the Hub stand-in with live progress, pauses, resumes from where it stopped and completes', { timeout: 180_000 }, async () => {
    // Slow enough to watch and pause: 16 KiB every 40 ms.
    hub.faults = { chunkBytes: 16 * 1024, chunkDelayMs: 40 };
    await page.getByTestId('open-download').click();
    await page.getByTestId('download-repo').fill(REPO);
    await page.getByTestId('download-submit').click();

    const item = page.locator(`[data-testid="download-item"][data-repo="${REPO}"]`);
    await item.locator('[data-testid="download-progress"]').waitFor(WAIT);
    await expect
      .poll(async () => Number((await item.getByRole('progressbar').getAttribute('aria-valuenow')) ?? 0), { timeout: 60_000, interval: 100 })
      .toBeGreaterThan(5);
    // Bytes per second and the time left, from the job's progress.
    await expect.poll(async () => (await item.getByTestId('download-progress').textContent()) ?? '', { timeout: 30_000 }).toMatch(/\d+% · .* of .* · .*\/s · .* left/);
    await page.screenshot({ path: join(SHOTS, 'models-download-running-light.png') });

    await item.getByTestId('download-pause').click();
    await page.locator(`[data-testid="download-item"][data-repo="${REPO}"][data-status="cancelled"]`).waitFor(WAIT);
    expect(await item.getByTestId('download-paused').textContent()).toMatch(/^Paused at .* of .*The downloaded part is kept/);
    // Stopped part-way: some bytes went out, not all of them.
    const sent = () => [...hub.sent.values()].reduce((a, b) => a + b, 0);
    const sentBefore = sent();
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(totalBytes);
    await page.screenshot({ path: join(SHOTS, 'models-download-paused-light.png') });

    hub.faults = { chunkBytes: 64 * 1024, chunkDelayMs: 5 };
    hub.requests.length = 0;
    await item.getByTestId('download-resume').click();
    await page.locator(`[data-testid="download-item"][data-repo="${REPO}"][data-status="done"]`).waitFor({ timeout: 90_000 });
    // Resumed with a Range request, and not much more than the file was sent in all.
    expect(hub.requests.some((r) => r.range !== null && /^bytes=[1-9]\d*-$/.test(r.range))).toBe(true);
    expect(sent()).toBeLessThanOrEqual(totalBytes + 64 * 1024);
    expect(await item.getByTestId('download-done').textContent()).toMatch(/Added to the library as tiny-gpt2 · .* in 7 files, each verified/);

    const row = model(page, 'tiny-gpt2');
    await row.waitFor(WAIT);
    expect(await row.getByTestId('model-licence').textContent()).toBe('Licence: mit');
    expect(await row.getByTestId('model-fit').getAttribute('data-fit')).toBe('fits');
    await item.getByTestId('download-show-model').click();
    // Show scrolls the new model into view (and marks it for a moment: 4 s, so it is looked for
    // first; waiting for the scroll on a slow machine could outlast the mark).
    await page.locator('[data-testid="model-item"][data-model-id="tiny-gpt2"].model-row-new').waitFor({ state: 'attached', ...WAIT });
    const inView = () => row.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight + 1);
    await expect.poll(inView, WAIT).toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'models-download-done-light.png') });
  });

  it('moves an imported model to the trash (named in the dialog) and restores it', { timeout: 60_000 }, async () => {
    const row = model(page, 'tiny-gpt-2-local');
    await row.getByTestId('model-remove').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor(WAIT);
    expect(await dialog.textContent()).toMatch(/Move “Tiny GPT-2 local” to the trash\?.*Its files stay on disk/);
    // The device check above made one version with it; the confirm counts it (models.usage).
    expect(await dialog.getByTestId('model-usage').textContent()).toBe('1 version in 1 document was made with it; it keeps its recipe.');
    await page.screenshot({ path: join(SHOTS, 'models-confirm-remove-light.png') });
    await page.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('toast').filter({ hasText: 'Tiny GPT-2 local' }).waitFor(WAIT);

    // The tabs work from the keyboard like any tab list.
    await page.getByTestId('models-tab-library').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('models-tab-trash').getAttribute('aria-selected')).toBe('true');
    const trashed = model(page, 'tiny-gpt-2-local');
    await trashed.waitFor(WAIT);
    expect(await trashed.getByTestId('model-verify').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'models-trash-light.png') });
    await trashed.getByTestId('model-restore').click();
    await page.getByTestId('models-empty-trash').waitFor(WAIT);
    await page.getByTestId('models-tab-library').click();
    await model(page, 'tiny-gpt-2-local').waitFor(WAIT);
  });

  it('keeps screenshots of the library in dark', { timeout: 90_000 }, async () => {
    const p = await openModelsPage('dark');
    await model(p, 'tiny-gpt2').waitFor(WAIT);
    await p.getByTestId('download-item').first().waitFor(WAIT);
    await p.screenshot({ path: join(SHOTS, 'models-library-dark.png') });

    const row = model(p, 'tiny-gpt-2-local');
    await row.getByTestId('model-details-toggle').click();
    await row.getByTestId('model-memory').waitFor(WAIT);
    await row.scrollIntoViewIfNeeded();
    await p.screenshot({ path: join(SHOTS, 'models-details-dark.png') });
    await row.getByTestId('model-details-toggle').click();

    await p.getByTestId('open-import').click();
    await p.getByTestId('import-path').fill(broken);
    await p.getByTestId('import-submit').click();
    await p.getByTestId('import-error').waitFor(WAIT);
    await p.getByTestId('models-view').evaluate(() => document.getElementById('workspace')?.scrollTo(0, 0));
    await p.screenshot({ path: join(SHOTS, 'models-import-error-dark.png') });

    await p.getByTestId('open-download').click();
    await p.getByTestId('download-repo').fill('not a repo');
    await p.getByTestId('download-submit').click();
    await p.getByTestId('download-error').waitFor(WAIT);
    expect(await p.getByTestId('download-error').textContent()).toMatch(/The repository must be a Hub repository id like owner\/name/);
    await p.screenshot({ path: join(SHOTS, 'models-download-form-dark.png') });

    // A repository the Hub does not have: the job fails, with the Hub's answer and a Retry.
    await p.getByTestId('download-repo').fill('atelier-test/missing');
    await p.getByTestId('download-submit').click();
    const failed = p.locator('[data-testid="download-item"][data-repo="atelier-test/missing"][data-status="failed"]');
    await failed.waitFor(WAIT);
    expect(await failed.getByTestId('download-error-message').textContent()).toMatch(/not found \(404\)/);
    expect(await failed.getByTestId('download-retry').count()).toBe(1);
    await p.screenshot({ path: join(SHOTS, 'models-download-failed-dark.png') });
    await p.context().close();
  });
});
