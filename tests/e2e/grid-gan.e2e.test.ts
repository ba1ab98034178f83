// The X/Y grid on a board whose model is the starter GAN: it offers only the settings a GAN reads
// (no steps, CFG, scheduler, size or strength) and starts as seed × variation strength, whose rows
// come out different (a board has no variation seed, so the grid picks one and says which). A
// diffusion model on the same board keeps seed × CFG and its full list of axes.
// Expects out/renderer to be built. Screenshot: test-results/screenshots/grid-gan-editor-light.png.
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { newImageBoard, startStudio, type Studio } from '../support/e2e-setup';

const optionsOf = (p: Page, testId: string) => p.getByTestId(testId).locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

describe('grid defaults follow the board model', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    studio = await startStudio('grid-gan');
    page = await studio.openApp('light', { width: 1280, height: 800 });
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('a GAN board offers only what the GAN reads and starts as seed × variation strength, rows differing', { timeout: 150_000 }, async () => {
    await newImageBoard(page, 'Garment grid');
    await page.getByTestId('image-prompt').fill('a sneaker');
    await expect.poll(() => page.getByTestId('image-model-kind').textContent(), WAIT).toBe('GAN');

    await page.getByTestId('grid-open').click();
    await page.getByTestId('grid-editor').waitFor(WAIT);
    expect(await page.getByTestId('grid-x-field').inputValue()).toBe('seed');
    expect(await page.getByTestId('grid-y-field').inputValue()).toBe('variationStrength');
    expect(await page.getByTestId('grid-y-values').inputValue()).toBe('0, 0.25, 0.5');
    expect(await optionsOf(page, 'grid-x-field')).toEqual(['seed', 'model', 'prompt', 'variationStrength']);
    expect(await optionsOf(page, 'grid-y-field')).toEqual(['', 'seed', 'model', 'prompt', 'variationStrength']);
    expect(await page.getByTestId('grid-variation-seed').textContent()).toMatch(/^Variation strength blends each seed toward variation seed \d+\.$/);
    await page.locator('[data-testid="grid-count"][data-count="9"]').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'grid-gan-editor-light.png') });

    await page.getByTestId('grid-start').click();
    await page.locator('[data-testid="grid-progress"][data-done="9"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('grid-row-label').allTextContents()).toEqual(['variation 0', 'variation 0.25', 'variation 0.5']);
    await expect.poll(() => page.getByTestId('grid-cell-img').count(), WAIT).toBe(9);
    // Down each column the same seed blends further toward the variation seed: three different images.
    for (let x = 0; x < 3; x++) {
      const column = [0, 1, 2].map((y) => page.locator(`[data-testid="grid-cell"][data-x="${x}"][data-y="${y}"] [data-testid="grid-cell-img"]`).getAttribute('src'));
      expect(new Set(await Promise.all(column)).size).toBe(3);
    }
  });

  it('a diffusion model keeps seed × CFG and every image axis', { timeout: 60_000 }, async () => {
    await page.getByTestId('grid-close').click();
    await page.getByTestId('image-model').selectOption('tiny-sd');
    await page.getByTestId('grid-open').click();
    await page.getByTestId('grid-new').click();
    await page.getByTestId('grid-editor').waitFor(WAIT);
    expect(await page.getByTestId('grid-y-field').inputValue()).toBe('cfg');
    expect(await page.getByTestId('grid-y-values').inputValue()).toBe('1, 4');
    expect(await optionsOf(page, 'grid-x-field')).toEqual(['seed', 'model', 'prompt', 'steps', 'cfg', 'scheduler', 'strength', 'width', 'height', 'variationStrength']);
    expect(await page.getByTestId('grid-variation-seed').count()).toBe(0);
  });
});
