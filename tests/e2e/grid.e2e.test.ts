// X/Y grids end to end: the real host (`atelier serve`) with the starter text model and the tiny
// Stable-Diffusion-shaped fixture pipeline, driven in Chromium. A 3×2 text grid (seed × temperature)
// is planned (cell count shown before starting, a bad range refused inline naming its axis), run,
// fills in cell by cell, is starred, exported as Markdown, and reopens after a reload; a 2×2 image
// grid exports as one PNG. Expects out/renderer to be built.
// Screenshots land in test-results/screenshots/grid-*.png, light and dark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, newImageBoard, newTextDocument, startStudio, type Studio } from '../support/e2e-setup';

const TITLE = 'Grid study';
const OPENING = 'The lighthouse keeper opened the door and';

describe('X/Y grids against the real host', () => {
  let studio: Studio;
  let page: Page;
  const openApp = (colorScheme: 'light' | 'dark') => studio.openApp(colorScheme, { width: 1280, height: 800 });

  async function openDocument(p: Page): Promise<void> {
    await p.getByTestId('project-item').filter({ hasText: 'Welcome' }).click();
    await p.getByTestId('document-item').filter({ hasText: TITLE }).click();
    await p.locator('.cm-content').waitFor(WAIT);
    await p.locator('[data-testid="save-state"]').waitFor(WAIT);
  }

  const cells = (p: Page) => p.getByTestId('grid-cell');
  const cell = (p: Page, x: number, y: number) => p.locator(`[data-testid="grid-cell"][data-x="${x}"][data-y="${y}"]`);

  beforeAll(async () => {
    studio = await startStudio('grid');
    page = await openApp('light');
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('plans a 3×2 grid: the cell count before starting, a bad range refused inline', { timeout: 90_000 }, async () => {
    await newTextDocument(page, TITLE);
    // The 3×2 text grid runs on the starter model, as a user's first grid would.
    await page.getByTestId('write-model').selectOption('starter-text');
    await page.getByTestId('write-max-tokens').fill('8');
    await page.locator('.cm-content').click();
    await page.keyboard.type(OPENING);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);

    await page.getByTestId('grid-open').click();
    await page.getByTestId('grid-dialog').waitFor(WAIT);
    await page.getByTestId('grid-list-empty').waitFor(WAIT);
    await page.getByTestId('grid-editor').waitFor(WAIT);

    await page.getByTestId('grid-x-field').selectOption('seed');
    await page.getByTestId('grid-x-values').fill('1,2,3');
    await page.getByTestId('grid-y-field').selectOption('temperature');
    await page.getByTestId('grid-y-values').fill('0.5, 1.0');
    await page.locator('[data-testid="grid-count"][data-count="6"]').waitFor(WAIT);
    expect(await page.getByTestId('grid-count').textContent()).toMatch(/3 × 2 = 6 cells/);
    expect(await page.getByTestId('grid-start').textContent()).toBe('Start 6 cells');
    await page.screenshot({ path: join(SHOTS, 'grid-editor-light.png') });

    // A range with a step of 0 is refused by the host; the message names the axis, and nothing starts.
    await page.getByTestId('grid-y-values').fill('0.5-1.0 (+0)');
    await page.getByTestId('grid-plan-error').waitFor(WAIT);
    expect(await page.getByTestId('grid-plan-error').textContent()).toMatch(/^Temperature axis: .*step of 0/);
    expect(await page.getByTestId('grid-start').isDisabled()).toBe(true);
    // An empty axis is caught before asking the host, and named the same way.
    await page.getByTestId('grid-x-values').fill('');
    await expect.poll(() => page.getByTestId('grid-plan-error').textContent(), WAIT).toBe('Seed axis: give at least one value');
    await page.getByTestId('grid-x-values').fill('1,2,3');
    await page.screenshot({ path: join(SHOTS, 'grid-editor-error-light.png') });

    // A range with a step: 0.5-1.0 (+0.5) is the same two values.
    await page.getByTestId('grid-y-values').fill('0.5-1.0 (+0.5)');
    await page.locator('[data-testid="grid-count"][data-count="6"]').waitFor(WAIT);
    await page.getByTestId('grid-plan-error').waitFor({ state: 'detached', ...WAIT });
  });

  it('runs the grid: six labelled cells fill in as their jobs finish', { timeout: 120_000 }, async () => {
    await page.getByTestId('grid-start').click();
    // The view shows "Loading the grid…" (data-state loading) until the grid's record arrives.
    await page.locator('[data-testid="grid-view"][data-grid-id]').waitFor(WAIT);
    expect(await page.getByTestId('grid-col-label').allTextContents()).toEqual(['seed 1', 'seed 2', 'seed 3']);
    expect(await page.getByTestId('grid-row-label').allTextContents()).toEqual(['temp 0.5', 'temp 1']);
    // The corner names each axis on its own line, the arrow with its name.
    expect(await page.getByTestId('grid-axis-name').allTextContents()).toEqual(['Temperature↓', 'Seed→']);
    expect(await cells(page).count()).toBe(6);
    await page.locator('[data-testid="grid-progress"][data-done="6"]').waitFor({ timeout: 90_000 });
    await page.locator('[data-testid="grid-view"][data-state="finished"]').waitFor(WAIT);
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 3; x++) {
        const c = cell(page, x, y);
        expect(await c.getAttribute('data-status')).toBe('done');
        expect(await c.getAttribute('data-iteration-id')).toBeTruthy();
        await c.locator('[data-testid="grid-cell-text"][data-loaded="true"]').waitFor(WAIT);
        const shown = (await c.getByTestId('grid-cell-text').textContent()) ?? '';
        expect(shown.length).toBeGreaterThan(0);
        // The space or line break joining a continuation to the prompt is not shown as an indent.
        expect(shown).toBe(shown.trimStart());
      }
    }
    // Cells are named by their values for assistive technology.
    expect(await cell(page, 1, 1).getAttribute('aria-label')).toBe('seed 2, temp 1');
    expect(await page.getByTestId('grid-list-item').count()).toBe(1);

    // Star one cell: the version is annotated on the host.
    await cell(page, 0, 0).getByTestId('grid-cell-star').click();
    await page.locator('[data-testid="grid-cell"][data-x="0"][data-y="0"][data-starred="true"]').waitFor(WAIT);
    expect(await cell(page, 0, 0).getByTestId('grid-cell-star').getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'grid-view-light.png') });
  });

  it('exports the text grid as a Markdown table', { timeout: 30_000 }, async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grid-export-md').click()]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const md = readFileSync(await download.path(), 'utf8');
    expect(md).toMatch(/^# /);
    expect(md).toContain('seed 1');
    expect(md).toContain('temp 0.5');
    expect(md).toMatch(/\|/);
  });

  it('reopens the saved grid after a reload, and a cell opens its version in the document', { timeout: 90_000 }, async () => {
    await page.reload();
    await openDocument(page);
    await page.getByTestId('grid-open').click();
    await page.getByTestId('grid-list-item').first().waitFor(WAIT);
    expect(await page.getByTestId('grid-list-item').count()).toBe(1);
    await page.getByTestId('grid-list-item').first().click();
    await page.locator('[data-testid="grid-progress"][data-done="6"]').waitFor(WAIT);
    expect(await cells(page).count()).toBe(6);
    await page.locator('[data-testid="grid-cell"][data-x="0"][data-y="0"][data-starred="true"]').waitFor(WAIT);
    const id = await cell(page, 2, 1).getAttribute('data-iteration-id');
    expect(id).toBeTruthy();

    await cell(page, 2, 1).getByTestId('grid-cell-open').click();
    await page.getByTestId('grid-dialog').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('version-preview').waitFor(WAIT);
    expect(await page.locator('.cm-content').textContent()).toContain(OPENING);

    // Branch from another cell: its version becomes the one the editor continues from.
    await page.getByTestId('version-back').click();
    await page.getByTestId('version-preview').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('grid-open').click();
    await page.locator('[data-testid="grid-progress"][data-done="6"]').waitFor(WAIT);
    await cell(page, 1, 0).locator('[data-testid="grid-cell-text"][data-loaded="true"]').waitFor(WAIT);
    const generated = (await cell(page, 1, 0).getByTestId('grid-cell-text').textContent()) ?? '';
    expect(generated.length).toBeGreaterThan(0);
    await cell(page, 1, 0).getByTestId('grid-cell-branch').click();
    await page.getByTestId('grid-dialog').waitFor({ state: 'detached', ...WAIT });
    const squash = (t: string | null) => (t ?? '').replace(/\s+/g, '');
    await expect.poll(async () => squash(await page.locator('.cm-content').textContent()), WAIT).toBe(squash(OPENING + generated));
    expect(await page.getByTestId('version-preview').count()).toBe(0);
  });

  it('runs a 2×2 image grid on a board: thumbnails fill in, and it exports as one PNG', { timeout: 120_000 }, async () => {
    await page.getByTestId('document-back').click();
    await newImageBoard(page, 'Grid board');
    await page.getByTestId('image-model').selectOption('tiny-sd');
    await page.getByTestId('image-prompt').fill('a lighthouse on a cliff');
    await page.getByTestId('image-steps').fill('2');
    await page.getByTestId('image-width').fill('64');
    await page.getByTestId('image-height').fill('64');

    await page.getByTestId('grid-open').click();
    await page.getByTestId('grid-editor').waitFor(WAIT);
    await page.getByTestId('grid-x-field').selectOption('seed');
    await page.getByTestId('grid-x-values').fill('1-2');
    await page.getByTestId('grid-y-field').selectOption('cfg');
    await page.getByTestId('grid-y-values').fill('1, 4');
    await page.locator('[data-testid="grid-count"][data-count="4"]').waitFor(WAIT);
    await page.getByTestId('grid-start').click();
    await page.locator('[data-testid="grid-progress"][data-done="4"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('grid-col-label').allTextContents()).toEqual(['seed 1', 'seed 2']);
    expect(await page.getByTestId('grid-row-label').allTextContents()).toEqual(['cfg 1', 'cfg 4']);
    await expect.poll(() => page.getByTestId('grid-cell-img').count(), WAIT).toBe(4);
    await page.screenshot({ path: join(SHOTS, 'grid-image-light.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grid-export-png').click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = readFileSync(await download.path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');

    // Branch from a cell: its image becomes the board's start image (img2img).
    const first = await cell(page, 0, 0).getAttribute('data-iteration-id');
    await cell(page, 0, 0).getByTestId('grid-cell-branch').click();
    await page.getByTestId('grid-dialog').waitFor({ state: 'detached', ...WAIT });
    await page.locator(`[data-testid="image-init"][data-iteration-id="${first}"]`).waitFor(WAIT);

    // A cell opens its image on the board's canvas.
    await page.getByTestId('grid-open').click();
    await page.locator('[data-testid="grid-progress"][data-done="4"]').waitFor(WAIT);
    const id = await cell(page, 1, 1).getAttribute('data-iteration-id');
    await cell(page, 1, 1).getByTestId('grid-cell-open').click();
    await page.getByTestId('grid-dialog').waitFor({ state: 'detached', ...WAIT });
    await page.locator(`[data-testid="image-canvas-view"][data-iteration-id="${id}"]`).waitFor(WAIT);
  });

  it('keeps screenshots in dark', { timeout: 60_000 }, async () => {
    const dark = await openApp('dark');
    await openDocument(dark);
    await closeDrawer(dark);
    await dark.getByTestId('grid-open').click();
    await dark.locator('[data-testid="grid-progress"][data-done="6"]').waitFor(WAIT);
    await dark.screenshot({ path: join(SHOTS, 'grid-view-dark.png') });
    await dark.getByTestId('grid-new').click();
    await dark.getByTestId('grid-x-values').fill('1-4 (+0)');
    await dark.getByTestId('grid-plan-error').waitFor(WAIT);
    await dark.screenshot({ path: join(SHOTS, 'grid-editor-dark.png') });
    await dark.context().close();
  });
});
