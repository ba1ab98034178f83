// An image board's History view and stars, in Chromium against the real host with the tiny
// diffusion fixture: images asked for while the History view is open show above the tree as
// placeholders (queued / running) and join the tree as versions; a star set on the canvas and
// then taken off from the tree is off on the board too (the board used to keep its own stale
// value until the page was reloaded). Expects out/renderer to be built.
// Screenshot: test-results/screenshots/board-history-pending-light.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { newImageBoard, startStudio, type Studio } from '../support/e2e-setup';

describe("an image board's history view and stars against the real host", () => {
  let studio: Studio;
  let page: Page;
  const nodes = (p: Page) => p.getByTestId('version-node');

  beforeAll(async () => {
    studio = await startStudio('board-history');
    page = await studio.openApp('light');
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('a star set on the canvas and taken off in the tree is off on the board', { timeout: 120_000 }, async () => {
    await newImageBoard(page, 'Quay lamps');
    await page.getByTestId('image-model').selectOption('tiny-sd');
    await page.getByTestId('image-prompt').fill('a lamp on a quay');
    await page.getByTestId('image-steps').fill('2');
    await page.getByTestId('image-batch').fill('1');
    await page.getByTestId('image-width').fill('64');
    await page.getByTestId('image-height').fill('64');
    await page.getByTestId('image-generate').click();
    await expect.poll(() => page.getByTestId('image-tile').count(), WAIT).toBe(1);
    const id = (await page.getByTestId('image-tile').first().getAttribute('data-iteration-id')) ?? '';

    await page.getByTestId('image-tile').first().click();
    await page.getByTestId('image-star').click();
    await expect.poll(() => page.getByTestId('image-star').getAttribute('aria-pressed'), WAIT).toBe('true');
    await page.getByTestId('image-canvas-close').click();
    await page.locator(`[data-testid="image-tile"][data-iteration-id="${id}"][data-starred="true"]`).waitFor(WAIT);

    // Unstarred from the history tree (S on its row).
    await page.getByTestId('image-filter-history').click();
    const row = page.locator(`[data-testid="version-node"][data-iteration-id="${id}"]`);
    await page.locator(`[data-testid="version-node"][data-iteration-id="${id}"][data-starred="true"]`).waitFor(WAIT);
    await row.focus();
    await page.keyboard.press('s');
    await page.locator(`[data-testid="version-node"][data-iteration-id="${id}"][data-starred="false"]`).waitFor(WAIT);

    // The board agrees: its tile, the canvas and the Starred view.
    await page.getByTestId('image-filter-all').click();
    await page.locator(`[data-testid="image-tile"][data-iteration-id="${id}"]:not([data-starred])`).waitFor(WAIT);
    await page.getByTestId('image-tile').first().click();
    await expect.poll(() => page.getByTestId('image-star').getAttribute('aria-pressed'), WAIT).toBe('false');
    await page.getByTestId('image-canvas-close').click();
  });

  it('shows images being made above the tree, which then join it as versions', { timeout: 120_000 }, async () => {
    await page.getByTestId('image-filter-history').click();
    await expect.poll(() => nodes(page).count(), WAIT).toBe(1);
    // Recorded as they appear: the tiny model may finish between two looks.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { pendingSeen: string[] }).pendingSeen = seen;
      new MutationObserver(() => {
        const box = document.querySelector('[data-testid="image-history"] [data-testid="image-history-pending"]');
        if (!box) return;
        const tiles = [...box.querySelectorAll('[data-testid="image-pending"]')];
        seen.push(`${box.getAttribute('data-count')}:${tiles.length}:${tiles.map((t) => t.getAttribute('data-status')).join(',')}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('image-batch').fill('2');
    await page.getByTestId('image-generate').click();
    // Seen by the observer, not by waiting for the box: it can come and go between two looks
    // (CI flake: a 30 s wait for a box that had already gone).
    await expect.poll(() => page.evaluate(() => (window as unknown as { pendingSeen: string[] }).pendingSeen.length), WAIT).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'board-history-pending-light.png') });
    await expect.poll(() => nodes(page).count(), WAIT).toBe(3);
    await page.getByTestId('image-history-pending').waitFor({ state: 'detached', ...WAIT });
    const seen = await page.evaluate(() => (window as unknown as { pendingSeen: string[] }).pendingSeen);
    expect(seen.length).toBeGreaterThan(0);
    // Two placeholders for the batch of two, each queued, running or saving.
    for (const s of seen) expect(s).toMatch(/^2:2:(queued|running|done),(queued|running|done)$/);
    expect(await page.getByTestId('image-history-pending').count()).toBe(0);
  });
});
