// The model library's rows in Chromium against the real host: laid out at the two widths users
// have (1280×800 and ~800 px), and what a row says when its folder is gone. Before the fixes each
// row's "Can run on CPU · Use [Auto]" line fell into the 32 px icon column ("Can / run / on / CPU"
// one word per line), and a model read in place whose folder had been moved still said "Checked ·
// Fits in memory" until Verify was pressed. Screenshots: test-results/screenshots/models-rows-*.png.
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { SHOTS, WAIT } from '../support/chromium';
import { openModels, startStudio, type Studio } from '../support/e2e-setup';

describe('model rows', () => {
  let studio: Studio;
  const folders = mkdtempSync(join(tmpdir(), 'atelier-e2e-models-rows-'));
  beforeAll(async () => {
    studio = await startStudio('models-rows', { models: null });
  });
  afterAll(async () => {
    await studio?.close();
    rmSync(folders, { recursive: true, force: true });
  });

  // The subtitle was squeezed to four lines of ~160 px beside the Import/Download/Catalogue buttons.
  it('keeps the page subtitle on one line at 1280 px', { timeout: 60_000 }, async () => {
    const page = await studio.openApp('light', { width: 1280, height: 800 });
    await openModels(page);
    const subtitle = page.getByTestId('models-view').locator('.page-subtitle');
    const box = await subtitle.boundingBox();
    expect(box!.height).toBeLessThan(30);
    await page.context().close();
  });

  for (const width of [1280, 800]) {
    it(`keep "Can run on" and the device picker beside the facts at ${width} px`, { timeout: 60_000 }, async () => {
      const page = await studio.openApp('light', { width, height: 800 });
      await openModels(page);
      const row = page.getByTestId('model-item').first();
      await row.scrollIntoViewIfNeeded();
      const facts = await row.getByTestId('model-facts').boundingBox();
      const runsOn = await row.locator('.model-runs-on').boundingBox();
      const picker = await row.getByTestId('model-provider-choice').boundingBox();
      expect(facts && runsOn && picker).toBeTruthy();
      // Same column as the facts, one line high, the picker on that line.
      expect(Math.abs(runsOn!.x - facts!.x)).toBeLessThan(2);
      expect(runsOn!.width).toBeGreaterThan(facts!.width * 0.9);
      expect(runsOn!.height).toBeLessThan(40);
      expect(picker!.y).toBeGreaterThanOrEqual(runsOn!.y - 1);
      expect(picker!.y + picker!.height).toBeLessThanOrEqual(runsOn!.y + runsOn!.height + 1);
      await page.screenshot({ path: join(SHOTS, `models-rows-${width}.png`) });
      await page.context().close();
    });
  }

  it('says a model read in place has lost its folder, instead of "Checked · Fits in memory"', { timeout: 90_000 }, async () => {
    const folder = join(folders, 'my-lm');
    writeDecoderFolder(folder, TINY_GPT2);
    const page = await studio.openApp('light', { width: 1280, height: 800 });
    await openModels(page);
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-path').fill(folder);
    await page.getByTestId('import-mode-reference').check();
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-result').waitFor(WAIT);
    const row = page.locator('[data-testid="model-item"][data-model-id="my-lm"]');
    expect(await row.getByTestId('model-status').getAttribute('data-status')).toBe('ok');
    expect(await row.getByTestId('model-missing').count()).toBe(0);

    renameSync(folder, join(folders, 'my-lm-moved'));
    await page.reload();
    await openModels(page);
    await row.scrollIntoViewIfNeeded();
    expect(await row.getByTestId('model-status').textContent()).toBe('Folder missing');
    expect(await row.getByTestId('model-fit').count()).toBe(0);
    expect(await row.getByTestId('model-missing').textContent()).toContain(`The folder ${folder} is gone (moved or deleted)`);
    await page.screenshot({ path: join(SHOTS, 'models-rows-missing-folder.png') });

    // Deleting it for good no longer promises that "your folder and its files stay as they are".
    await row.getByTestId('model-remove').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Move to trash' }).click();
    await page.getByTestId('models-tab-trash').click();
    await row.getByTestId('model-delete-forever').click();
    const summary = page.getByTestId('delete-summary');
    await summary.waitFor(WAIT);
    expect(await summary.textContent()).toContain(`Its folder ${folder} is gone already (moved or deleted): Atelier only forgets “my-lm”.`);
    await page.context().close();
  });
});
