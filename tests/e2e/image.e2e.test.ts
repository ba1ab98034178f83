// The image studio end to end: the real host (`atelier serve`) with the tiny random-weight
// Stable-Diffusion-shaped pipeline (tests/fixtures/tiny-sd.ts) as its model, driven in Chromium.
// Abstract noise images, real everything else: a batch with live step previews and progress, the
// canvas with zoom, Vary (image to image), Enhance ×4, a PNG dropped back in restoring its recipe,
// and every version still on the board after a reload.
// Expects out/renderer to be built (npm test builds first). Screenshots land in
// test-results/screenshots/image-*.png, light and dark.
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { dropPng } from '../support/e2e-drop';
import { closeDrawer, newImageBoard, openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { callHost } from '../support/host-api';
import { TINY_SD, writeTinySdFolder } from '../fixtures/tiny-sd';
import type { Job } from '../../shared/contract';

const BOARD = 'Lighthouse studies';
const PROMPT = 'a lighthouse on a cliff at dawn';

describe('image studio against the real host', () => {
  let studio: Studio;
  let page: Page;

  const tiles = (p: Page = page) => p.getByTestId('image-tile');
  const openBoard = (p: Page) => openDocument(p, BOARD, 'image');
  const focused = (p: Page = page) => p.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

  beforeAll(async () => {
    studio = await startStudio('image', {
      models: (dir) => writeTinySdFolder(join(dir, 'tiny-sd'), TINY_SD),
      viewport: { width: 1280, height: 800 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await studio.openApp('light');
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('generates a batch with live previews, opens one on the canvas, varies and enhances it', { timeout: 120_000 }, async () => {
    await newImageBoard(page, BOARD);
    // Images want the room: the queue drawer folds away (the choice is remembered).
    await closeDrawer(page);
    await page.getByTestId('image-empty').waitFor(WAIT);

    await page.getByTestId('image-model').selectOption('tiny-sd');
    expect(await page.getByTestId('image-model-kind').textContent()).toBe('Diffusion');
    await page.getByTestId('image-prompt').fill(PROMPT);
    await page.getByTestId('image-negative').fill('blurry');
    await page.getByTestId('image-steps').fill('3');
    await page.getByTestId('image-batch').fill('4');
    await page.getByTestId('image-height').fill('64');

    // A size the schema refuses is reported under its field before anything runs.
    await page.getByTestId('image-width').fill('100');
    await page.getByTestId('image-generate').click();
    expect(await page.getByTestId('image-width-error').textContent()).toMatch(/multiple of 8/);
    await page.getByTestId('image-width').fill('64');
    await page.getByTestId('image-width-error').waitFor({ state: 'detached', ...WAIT });
    await page.screenshot({ path: join(SHOTS, 'image-empty-light.png') });

    // Record what the pending tiles show while the batch runs (it can be over in a second).
    await page.evaluate(() => {
      const seen = { pending: 0, previews: 0, progress: 0 };
      (window as any).__seen = seen;
      const observer = new MutationObserver(() => {
        seen.pending = Math.max(seen.pending, document.querySelectorAll('[data-testid="image-pending"]').length);
        seen.previews = Math.max(seen.previews, document.querySelectorAll('[data-testid="image-preview"]').length);
        for (const bar of document.querySelectorAll('[data-testid="image-pending"] [role="progressbar"]')) {
          seen.progress = Math.max(seen.progress, Number(bar.getAttribute('aria-valuenow') ?? 0));
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('image-prompt').press('Control+Enter');
    await expect.poll(() => tiles().count(), WAIT).toBe(4);
    await page.getByTestId('image-pending').first().waitFor({ state: 'detached', ...WAIT });
    const seen = await page.evaluate(() => (window as any).__seen);
    expect(seen.pending).toBe(4);
    expect(seen.previews).toBeGreaterThan(0);
    expect(seen.progress).toBeGreaterThan(0);
    expect(await page.getByTestId('image-count').textContent()).toMatch(/^4 images/);
    expect(await page.getByTestId('image-device').textContent()).toMatch(/Last run on CPU/);
    await page.locator('[data-testid="image-tile"] img').nth(3).waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'image-board-light.png') });

    // The canvas: the full image, its recipe, zoom keys.
    const secondId = await tiles().nth(1).getAttribute('data-iteration-id');
    await tiles().first().click();
    await page.getByTestId('image-canvas-view').waitFor(WAIT);
    await page.locator('[data-testid="image-canvas-img"][data-full]').waitFor(WAIT);
    expect(await page.getByTestId('image-recipe-prompt').textContent()).toBe(PROMPT);
    expect(await page.getByTestId('image-recipe-size').textContent()).toBe('64 × 64 px');
    expect(await page.getByTestId('image-recipe-device').textContent()).toBe('CPU');
    // The keyboard lands on the canvas (the tile that was clicked is gone), and stays there from image to image.
    await expect.poll(() => focused(), WAIT).toBe('image-canvas');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('image-canvas-view').getAttribute('data-iteration-id'), WAIT).toBe(secondId);
    expect(await focused()).toBe('image-canvas');
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('image-canvas').focus();
    await page.keyboard.press('1');
    expect(await page.getByTestId('image-zoom-level').textContent()).toBe('100%');
    await page.keyboard.press('+');
    expect(await page.getByTestId('image-zoom-level').textContent()).toBe('125%');
    await page.keyboard.press('0');
    await page.locator('[data-testid="image-canvas"][data-fit]').waitFor(WAIT);
    const seed = (await page.getByTestId('image-recipe-seed').textContent()) ?? '';
    expect(seed).toMatch(/^\d+$/);
    const sourceId = (await page.getByTestId('image-canvas-view').getAttribute('data-iteration-id')) ?? '';

    // The recipe copies as AUTOMATIC1111 text.
    await page.getByTestId('image-copy-a1111').click();
    await page.getByTestId('toast').filter({ hasText: 'AUTOMATIC1111' }).waitFor(WAIT);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(PROMPT);
    expect(copied).toContain(`Seed: ${seed}`);
    expect(copied).toContain('Negative prompt: blurry');

    // Vary: image to image from this version; the results arrive as its children. The keyboard
    // stays on the button pressed.
    await page.getByTestId('image-vary').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="image-action-status"][data-state="done"]').waitFor(WAIT);
    expect(await focused()).toBe('image-vary');
    await expect.poll(() => page.getByTestId('image-child').count(), WAIT).toBe(4);
    await page.getByTestId('image-star').click();
    expect(await page.getByTestId('image-star').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('toast').getByRole('button', { name: 'Dismiss' }).click();
    await page.screenshot({ path: join(SHOTS, 'image-canvas-light.png') });

    // Enhance ×4: a child version four times the size.
    await page.getByTestId('image-enhance-4').click();
    await page.locator('[data-testid="image-action-status"][data-state="done"]').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('image-child').count(), WAIT).toBe(5);
    await page.getByTestId('image-child').filter({ hasText: '×4' }).click();
    await expect.poll(() => page.getByTestId('image-recipe-size').textContent(), WAIT).toBe('256 × 256 px');
    expect(await page.getByTestId('image-recipe-enhanced').textContent()).toBe('×4 (ESRGAN) from 64 × 64 px');
    await page.locator('[data-testid="image-canvas-img"][data-full]').waitFor(WAIT);
    expect(await page.getByTestId('image-parent').getAttribute('data-iteration-id')).toBe(sourceId);
    const full = await callHost<{ width: number; height: number }>(studio.host, 'images.get', {
      id: await page.getByTestId('image-canvas-view').getAttribute('data-iteration-id'),
      maxSide: null,
    });
    expect([full.width, full.height]).toEqual([256, 256]);
    await page.screenshot({ path: join(SHOTS, 'image-canvas-enhanced-light.png') });

    // Use as init image: the prompt panel starts from it; clearing it gives the keyboard back to the prompt.
    await page.getByTestId('image-use-init').click();
    await page.getByTestId('image-init').waitFor(WAIT);
    await page.getByTestId('image-init-clear').click();
    await page.getByTestId('image-init').waitFor({ state: 'detached', ...WAIT });
    expect(await focused()).toBe('image-prompt');
    await tiles().filter({ has: page.locator('img') }).first().waitFor(WAIT);
    await page.locator(`[data-testid="image-tile"][data-iteration-id="${sourceId}"]`).click();
    await page.getByTestId('image-canvas-view').waitFor(WAIT);
    await page.getByTestId('image-child').filter({ hasText: '×4' }).click();
    await expect.poll(() => page.getByTestId('image-recipe-size').textContent(), WAIT).toBe('256 × 256 px');

    // Back on the board (Esc): 4 + 4 variations + 1 enhanced.
    await page.keyboard.press('Escape');
    await expect.poll(() => tiles().count(), WAIT).toBe(9);
    expect(await page.locator('[data-testid="image-tile"][data-starred]').count()).toBe(1);

    // Drop the first image's PNG back in: its prompt and seed fill the panel.
    await page.getByTestId('image-prompt').fill('something else entirely');
    if ((await page.getByTestId('image-seed-lock').getAttribute('aria-pressed')) === 'true') await page.getByTestId('image-seed-lock').click();
    const png = await callHost<{ dataUrl: string }>(studio.host, 'images.get', { id: sourceId, maxSide: null });
    await dropPng(page, png.dataUrl.split(',')[1] ?? '', 'lighthouse.png');
    await page.getByTestId('toast').filter({ hasText: 'Recipe restored from lighthouse.png' }).waitFor(WAIT);
    expect(await page.getByTestId('image-prompt').inputValue()).toBe(PROMPT);
    expect(await page.getByTestId('image-seed').inputValue()).toBe(seed);
    expect(await page.getByTestId('image-seed-lock').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('image-negative').inputValue()).toBe('blurry');
    await page.screenshot({ path: join(SHOTS, 'image-restored-light.png') });

    // The restore replaced what was in the panel: Undo on its notice brings that back.
    await page.getByTestId('toast').filter({ hasText: 'Recipe restored' }).getByTestId('toast-action').click();
    expect(await page.getByTestId('image-prompt').inputValue()).toBe('something else entirely');
    expect(await page.getByTestId('image-seed-lock').getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('image-seed').inputValue()).toBe('');
    await dropPng(page, png.dataUrl.split(',')[1] ?? '', 'lighthouse.png');
    await page.getByTestId('toast').filter({ hasText: 'Recipe restored from lighthouse.png' }).waitFor(WAIT);
    expect(await page.getByTestId('image-prompt').inputValue()).toBe(PROMPT);

    // A PNG without a recipe says so where it was dropped and changes nothing.
    const plain = await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 8;
      canvas.height = 8;
      const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b as Blob), 'image/png'));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      return btoa(String.fromCharCode(...bytes));
    });
    await dropPng(page, plain, 'screenshot.png');
    expect(await page.getByTestId('image-drop-message').textContent()).toMatch(/screenshot\.png.*no recipe/);
    expect(await page.getByTestId('image-prompt').inputValue()).toBe(PROMPT);
  });

  it('keeps every version after a reload, and looks right in light and dark', { timeout: 90_000 }, async () => {
    // A reload comes back to the open board (before, to the project's page).
    await page.reload();
    await page.getByTestId('image-board').waitFor(WAIT);
    await expect.poll(() => tiles().count(), WAIT).toBe(9);
    expect(await page.getByTestId('image-count').textContent()).toMatch(/^9 images/);
    // The panel remembers this board's settings.
    expect(await page.getByTestId('image-prompt').inputValue()).toBe(PROMPT);
    expect(await page.getByTestId('image-model').inputValue()).toBe('tiny-sd');

    // The keyboard reaches every image: arrows move through the grid, Enter opens, Esc comes back.
    const second = await tiles().nth(1).getAttribute('data-iteration-id');
    await tiles().first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('image-canvas-view').getAttribute('data-iteration-id')).toBe(second);
    await page.keyboard.press('Escape');
    await page.getByTestId('image-grid').waitFor(WAIT);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-iteration-id'))).toBe(second);

    // Delete moves the focused image to the trash (not the project), and Undo brings it back.
    await page.keyboard.press('Delete');
    await page.getByTestId('toast').filter({ hasText: 'to the trash' }).waitFor(WAIT);
    await expect.poll(() => tiles().count(), WAIT).toBe(8);
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    await page.getByTestId('toast-action').click();
    await expect.poll(() => tiles().count(), WAIT).toBe(9);

    // From the canvas too; the trash view restores it.
    await tiles().nth(1).click();
    await page.getByTestId('image-trash').click();
    await expect.poll(() => page.getByTestId('image-canvas-view').getAttribute('data-iteration-id'), WAIT).not.toBe(second);
    // Delete on the canvas trashes the image now shown as well.
    const third = await page.getByTestId('image-canvas-view').getAttribute('data-iteration-id');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('image-canvas-view').getAttribute('data-iteration-id'), WAIT).not.toBe(third);
    await page.keyboard.press('Escape');
    await expect.poll(() => tiles().count(), WAIT).toBe(7);
    await page.getByTestId('image-filter-trash').click();
    await page.locator(`[data-testid="image-trashed-tile"][data-iteration-id="${second}"]`).waitFor(WAIT);
    await expect.poll(() => page.locator('[data-testid="image-trashed-tile"] img').count(), WAIT).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'image-trash-light.png') });
    // Restore from the keyboard: the focus moves on to the next one, which Enter restores too.
    await page.getByTestId('image-restore-version').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('image-trashed-tile').count(), WAIT).toBe(1);
    expect(await focused()).toBe('image-restore-version');
    await page.keyboard.press('Enter');
    await page.getByTestId('image-trashed-tile').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('image-filter-all').click();
    await expect.poll(() => tiles().count(), WAIT).toBe(9);

    // …and to the image open on the canvas, and to the board's filter.
    const reopened = await tiles().nth(2).getAttribute('data-iteration-id');
    await tiles().nth(2).click();
    await page.getByTestId('image-canvas-view').waitFor(WAIT);
    // The Vary strength and variation amount are the board's settings too.
    await page.getByTestId('image-vary-strength').fill('0.7');
    await page.getByTestId('image-variation-strength').fill('0.1');
    await page.reload();
    await expect.poll(() => page.getByTestId('image-canvas-view').getAttribute('data-iteration-id'), WAIT).toBe(reopened);
    expect(await page.getByTestId('image-vary-strength').inputValue()).toBe('0.7');
    expect(await page.getByTestId('image-variation-strength').inputValue()).toBe('0.1');
    await page.keyboard.press('Escape');
    await page.getByTestId('image-filter-starred').click();
    await page.reload();
    await expect.poll(() => page.getByTestId('image-filter-starred').getAttribute('aria-pressed'), WAIT).toBe('true');
    await expect.poll(() => tiles().count(), WAIT).toBe(1);
    await page.getByTestId('image-filter-all').click();

    const dark = await studio.openApp('dark');
    await openBoard(dark);
    await expect.poll(() => tiles(dark).count(), WAIT).toBe(9);
    await dark.locator('[data-testid="image-tile"] img').nth(8).waitFor(WAIT);
    await dark.screenshot({ path: join(SHOTS, 'image-board-dark.png') });
    await tiles(dark).nth(8).click();
    await dark.locator('[data-testid="image-canvas-img"][data-full]').waitFor(WAIT);
    await dark.screenshot({ path: join(SHOTS, 'image-canvas-dark.png') });
    await dark.context().close();
  });

  it('cancels a queued batch and the running one from the keyboard, keeping what was finished', { timeout: 120_000 }, async () => {
    const before = await tiles().count();
    // Large and slow enough to still be running while both are cancelled.
    await page.getByTestId('image-steps').fill('150');
    await page.getByTestId('image-width').fill('1024');
    await page.getByTestId('image-height').fill('1024');
    await page.getByTestId('image-batch').fill('4');
    await page.getByTestId('image-generate').click();
    const runningTile = page.locator('[data-testid="image-pending"][data-status="running"]').first();
    await runningTile.waitFor(WAIT);
    const running = (await runningTile.getAttribute('data-job-id')) ?? '';
    await page.getByTestId('image-batch').fill('2');
    await page.getByTestId('image-generate').click();
    const queuedTile = page.locator('[data-testid="image-pending"][data-status="queued"]').first();
    await queuedTile.waitFor(WAIT);
    const queued = (await queuedTile.getAttribute('data-job-id')) ?? '';

    // The queued batch goes; the keyboard moves on to the running batch's first tile, not the page.
    await queuedTile.getByTestId('image-cancel').focus();
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="image-pending"][data-job-id="${queued}"]`).first().waitFor({ state: 'detached', ...WAIT });
    const pendingOf = () => page.evaluate(() => document.activeElement?.closest('[data-testid="image-pending"]')?.getAttribute('data-job-id'));
    expect(await pendingOf()).toBe(running);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('image-cancel');
    expect(await pendingOf()).toBe(running);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('image-pending').count(), WAIT).toBe(0);
    expect(await focused()).toBe('image-tile');

    const jobs = await callHost<Job[]>(studio.host, 'jobs.list', { limit: 20 });
    const [a, b] = [jobs.find((j) => j.id === running), jobs.find((j) => j.id === queued)];
    expect([a?.status, b?.status]).toEqual(['cancelled', 'cancelled']);
    const kept = (a?.result as { iterationIds?: string[] } | null)?.iterationIds ?? [];
    expect(kept.length).toBeLessThan(4);
    await expect.poll(() => tiles().count(), WAIT).toBe(before + kept.length);
    for (const id of kept) expect(await page.locator(`[data-testid="image-tile"][data-iteration-id="${id}"]`).count()).toBe(1);
  });

  it('says what a cancelled Vary kept: the images finished before the stop', { timeout: 120_000 }, async () => {
    // One large, many-step image: varying it ×4 takes long enough to stop after its first image.
    await page.getByTestId('image-batch').fill('1');
    const before = await tiles().count();
    await page.getByTestId('image-generate').click();
    await expect.poll(() => tiles().count(), { timeout: 60_000 }).toBe(before + 1);
    await page.getByTestId('image-batch').fill('4');
    await tiles().first().click();
    await page.getByTestId('image-canvas-view').waitFor(WAIT);
    await page.getByTestId('image-vary').click();
    await page.locator('[data-testid="image-action-status"][data-state="running"]').waitFor(WAIT);
    const jobsNow = () => callHost<Job[]>(studio.host, 'jobs.list', { limit: 200 });
    const vary = (await jobsNow()).find((j) => j.kind === 'generate-image' && (j.status === 'queued' || j.status === 'running'));
    expect(vary).toBeDefined();
    // Stop once the first of the four is done (its steps are a quarter of the job's).
    await expect
      .poll(async () => {
        const p = (await jobsNow()).find((j) => j.id === vary?.id)?.progress;
        return p !== null && p !== undefined && p.total > 0 && p.done / p.total > 0.25;
      }, { timeout: 60_000, interval: 50 })
      .toBe(true);
    await callHost(studio.host, 'jobs.cancel', { id: vary?.id });
    await page.locator('[data-testid="image-action-status"][data-state="cancelled"]').waitFor(WAIT);
    const kept = ((await jobsNow()).find((j) => j.id === vary?.id)?.result as { iterationIds?: string[] } | null)?.iterationIds ?? [];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(4);
    const n = kept.length;
    expect(await page.getByTestId('image-action-status').textContent()).toBe(
      `Stopped. The ${n} new version${n === 1 ? '' : 's'} finished before that ${n === 1 ? 'is' : 'are'} kept — below under “Made from this” and on the board.`,
    );
    await expect.poll(() => page.getByTestId('image-child').count(), WAIT).toBe(n);
    await page.keyboard.press('Escape');
  });
});
