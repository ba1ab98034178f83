// An image board and its grid dialog at 800 × 800 and 1280 × 800, in Chromium against the real
// host with the tiny Stable-Diffusion-shaped fixture. Found walking the board at those sizes:
// - the grid dialog scrolled its third column out of sight at 800 px (cells were a fixed 200 px
//   beside a 220 px list); now cells share the width, so a 3-column image or text grid fits;
// - the header counted images without the trashed ones and History counted versions with them
//   ("3 images" against "4 versions"); both now say "3 … · 1 in trash";
// - an image trashed within half a minute of its batch finishing brought the batch's four
//   "Saving…" tiles back (the batch waited for all its images among the live ones);
// - at 800 px the results bar squeezed "Results" against "All" and stacked In-betweens over Compare;
//   and its view buttons moved when the view changed (History has no pick bar to balance them);
// - at 1024 × 700 the prompt panel filled the board, so results started below the fold; now the
//   less-used settings fold behind "More settings" there (and come out for a problem in one).
// Expects out/renderer built. Screenshots: test-results/screenshots/image-board-fit-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { firstRowProblems } from '../support/e2e-board-fit';
import { closeDrawer, newImageBoard, newTextDocument, startStudio, type Studio } from '../support/e2e-setup';

const SIZES = [
  { width: 800, height: 800 },
  { width: 1280, height: 800 },
];

let studio: Studio;
let page: Page;

beforeAll(async () => {
  studio = await startStudio('board-fit');
  page = await studio.openApp('light', { width: 1280, height: 800 });
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

/** Elements in `selector` (itself included) whose content is wider than their box, as "tag.class scrollWidth/clientWidth". */
function overflowing(p: Page, selector: string): Promise<string[]> {
  return p.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) return [`${sel} missing`];
    return [root, ...root.querySelectorAll('*')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}/${el.clientWidth}`);
  }, selector);
}

/** Whether the element is wholly inside the dialog's visible box. */
function insideDialog(p: Page, testId: string, nth: number): Promise<boolean> {
  return p.evaluate(
    ({ id, i }) => {
      const el = document.querySelectorAll(`[data-testid="${id}"]`)[i];
      const dialog = document.querySelector('[data-testid="grid-dialog"]');
      if (!el || !dialog) return false;
      const r = el.getBoundingClientRect();
      const d = dialog.getBoundingClientRect();
      return r.left >= d.left && r.right <= d.right;
    },
    { id: testId, i: nth },
  );
}

async function checkGridFits(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect.poll(() => overflowing(page, '[data-testid="grid-dialog"]'), WAIT).toEqual([]);
    // The third column's label and its first cell are in view, not scrolled off to the right.
    expect(await insideDialog(page, 'grid-col-label', 2)).toBe(true);
    expect(await insideDialog(page, 'grid-cell', 2)).toBe(true);
    await page.screenshot({ path: join(SHOTS, `image-board-fit-${name}-${size.width}.png`) });
  }
}

describe('an image board at 800 and 1280 px', () => {
  it('counts images and versions alike, and trashing one keeps finished tiles gone', { timeout: 150_000 }, async () => {
    await newImageBoard(page, 'Fit board');
    await closeDrawer(page);
    await page.getByTestId('image-model').selectOption('tiny-sd');
    await page.getByTestId('image-prompt').fill('a lighthouse on a cliff at dawn');
    await page.getByTestId('image-steps').fill('2');
    await page.getByTestId('image-width').fill('64');
    await page.getByTestId('image-height').fill('64');
    await page.getByTestId('image-batch').fill('4');
    await page.getByTestId('image-generate').click();
    await expect.poll(() => page.getByTestId('image-tile').count(), { timeout: 90_000 }).toBe(4);
    await page.getByTestId('image-pending').first().waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByTestId('image-count').textContent()).toBe('4 images');

    // Trash one at once (well within the half minute a finished batch waits for its images).
    await page.getByTestId('image-tile').first().click();
    await page.getByTestId('image-canvas-view').waitFor(WAIT);
    await page.getByTestId('image-canvas').focus();
    await page.keyboard.press('Delete');
    await page.getByTestId('toast').filter({ hasText: 'to the trash' }).waitFor(WAIT);
    await page.getByTestId('image-canvas-close').click();
    await page.getByTestId('image-grid').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('image-count').textContent(), WAIT).toBe('3 images · 1 in trash');
    expect(await page.getByTestId('image-tile').count()).toBe(3);
    expect(await page.getByTestId('image-pending').count()).toBe(0);

    await page.getByTestId('image-filter-history').click();
    await expect.poll(() => page.getByTestId('version-count').textContent(), WAIT).toBe('3 versions · 1 in trash');
    expect(await page.locator('[data-testid="version-node"][data-trashed="true"]').count()).toBe(1);
    expect(await page.getByTestId('image-history-pending').count()).toBe(0);
    await page.getByTestId('image-filter-all').click();
  });

  it('lays the results bar out on its lines at 800 px', { timeout: 60_000 }, async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.getByTestId('image-interpolate-start').waitFor(WAIT);
      const boxes = await page.evaluate(() => {
        const box = (sel: string) => {
          const r = document.querySelector(sel)!.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top };
        };
        return {
          label: box('.img-results-head h2'),
          all: box('[data-testid="image-filter-all"]'),
          between: box('[data-testid="image-interpolate-start"]'),
          compare: box('[data-testid="image-compare-start"]'),
        };
      });
      // "Results" keeps its distance from "All"; In-betweens and Compare sit side by side.
      expect(boxes.all.left - boxes.label.right).toBeGreaterThanOrEqual(8);
      expect(boxes.compare.top).toBe(boxes.between.top);
      expect(boxes.compare.left).toBeGreaterThan(boxes.between.right);
      expect(await overflowing(page, '.img-results-head')).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `image-board-fit-board-${size.width}.png`) });
      // The view buttons stay where they are when the view changes (History has no pick bar).
      await page.getByTestId('image-filter-history').click();
      await page.getByTestId('version-count').waitFor(WAIT);
      const inHistory = await page.getByTestId('image-filter-all').evaluate((el) => el.getBoundingClientRect().left);
      await page.getByTestId('image-filter-all').click();
      expect(inHistory).toBe(boxes.all.left);
    }
  });

  it('folds the less-used settings at 1024 × 700, so the first row of results is in view', { timeout: 60_000 }, async () => {
    const folded = ['image-negative', 'image-steps', 'image-cfg', 'image-scheduler', 'image-width', 'image-seed', 'image-provider', 'image-restore-open'];
    const shown = async () => {
      const out: string[] = [];
      for (const id of folded) if (await page.getByTestId(id).isVisible()) out.push(id);
      return out;
    };
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await page.getByTestId('image-more').isVisible()).toBe(false);
    expect(await shown()).toEqual(folded);

    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByTestId('image-more').waitFor(WAIT);
    expect(await shown()).toEqual([]);
    expect(await page.getByTestId('image-more-summary').textContent()).toBe('Random seed · 2 steps · CFG 7 · Euler · 64×64');
    expect(await firstRowProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'image-board-fit-folded-1024.png') });

    // On demand they come out where they were, and fold again.
    await page.getByTestId('image-more').click();
    expect(await page.getByTestId('image-more').getAttribute('aria-expanded')).toBe('true');
    expect(await shown()).toEqual(folded);
    await page.getByTestId('image-width').fill('100');
    await page.getByTestId('image-more').click();
    expect(await shown()).toEqual([]);
    // A problem in a folded field brings them out with its message under the field.
    await page.getByTestId('image-generate').click();
    expect(await page.getByTestId('image-width-error').textContent()).toMatch(/multiple of 8/);
    expect(await page.getByTestId('image-width').isVisible()).toBe(true);
    expect(await page.getByTestId('image-more').getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('image-width').fill('64');
    await page.getByTestId('image-width-error').waitFor({ state: 'detached', ...WAIT });
    expect(await shown()).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('fits a 3-column image grid in the dialog', { timeout: 150_000 }, async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('grid-open').click();
    await page.getByTestId('grid-editor').waitFor(WAIT);
    await page.getByTestId('grid-x-field').selectOption('seed');
    await page.getByTestId('grid-x-values').fill('1-3');
    await page.getByTestId('grid-y-field').selectOption('cfg');
    await page.getByTestId('grid-y-values').fill('1, 4');
    await page.locator('[data-testid="grid-count"][data-count="6"]').waitFor(WAIT);
    await page.setViewportSize({ width: 800, height: 800 });
    expect(await overflowing(page, '[data-testid="grid-dialog"]')).toEqual([]);
    await page.getByTestId('grid-start').click();
    await page.locator('[data-testid="grid-progress"][data-done="6"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('grid-cell-img').count(), WAIT).toBe(6);
    await checkGridFits('image-grid');
    await page.getByTestId('grid-close').click();
  });

  it('fits a 3-column text grid in the dialog', { timeout: 150_000 }, async () => {
    await page.getByTestId('document-back').click();
    await newTextDocument(page, 'Fit text');
    await page.getByTestId('write-model').selectOption('tiny-gpt2');
    await page.getByTestId('write-max-tokens').fill('6');
    await page.locator('.cm-content').click();
    await page.keyboard.type('The keeper opened the door');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    await page.getByTestId('grid-open').click();
    await page.getByTestId('grid-editor').waitFor(WAIT);
    await page.getByTestId('grid-x-field').selectOption('seed');
    await page.getByTestId('grid-x-values').fill('1-3');
    await page.getByTestId('grid-y-values').fill('1.0');
    await page.locator('[data-testid="grid-count"][data-count="3"]').waitFor(WAIT);
    await page.getByTestId('grid-start').click();
    await page.locator('[data-testid="grid-progress"][data-done="3"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.locator('[data-testid="grid-cell-text"][data-loaded="true"]').count(), WAIT).toBe(3);
    await checkGridFits('text-grid');
  });
});
