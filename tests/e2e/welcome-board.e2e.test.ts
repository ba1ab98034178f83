// The Welcome project's "First images" board as a new user meets it: first start, a 1024×700
// window (the queue drawer open beside the board, as a first start leaves it at that width), only
// the models that ship with the app. The prompt is ready for the starter GAN and the empty board
// says what to press; one press of Generate makes four red sneakers, whose first row is on screen
// without scrolling (the less-used settings fold away on a board this short); a click opens one on
// the canvas; a prompt the user changed stays theirs.
// Expects out/renderer built. Screenshots: test-results/screenshots/welcome-board-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryGraph, ImageRecipe } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { firstRowProblems } from '../support/e2e-board-fit';
import { openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { connectApi, type HostApi } from '../support/host-api';

const BOARD = 'First images';

let studio: Studio;
let api: HostApi;
let page: Page;

beforeAll(async () => {
  studio = await startStudio('welcome-board', { models: null });
  api = await connectApi(studio.host);
  page = await studio.openApp('light', { width: 1024, height: 700 });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

describe('the Welcome board on a first start at 1024×700', () => {
  it('opens with its prompt ready for the starter GAN and says what to press', { timeout: 90_000 }, async () => {
    expect(await page.getByTestId('toggle-drawer').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('document-item').filter({ hasText: BOARD }).waitFor(WAIT);
    expect(await page.getByTestId('document-item').allTextContents()).toEqual([expect.stringContaining('Start here'), expect.stringContaining(BOARD)]);
    await openDocument(page, BOARD, 'image');

    expect(await page.getByTestId('image-prompt').inputValue()).toBe('a red sneaker');
    await page.getByTestId('image-model-kind').waitFor(WAIT);
    expect(await page.getByTestId('image-model').inputValue()).toBe('starter-gan');
    expect(await page.getByTestId('image-model-kind').textContent()).toBe('GAN');
    expect(await page.getByTestId('image-generate').textContent()).toBe('Generate ×4');
    expect(await page.getByTestId('image-empty-steps').locator('li').allTextContents()).toEqual([
      'Press Generate (Ctrl+Enter) to make images from the prompt above.',
      'Drop a PNG made by Atelier or AUTOMATIC1111 (or an AUTOMATIC1111 JPEG or WebP) anywhere on the board to restore its recipe into the panel.',
      'Click an image to open it on the canvas: zoom in, vary it, enhance it ×2 or ×4.',
    ]);
    await page.screenshot({ path: join(SHOTS, 'welcome-board-empty-1024.png') });
  });

  it('makes four red sneakers with one press of Generate', { timeout: 120_000 }, async () => {
    await page.getByTestId('image-generate').click();
    await expect.poll(() => page.getByTestId('image-tile').count(), { timeout: 90_000 }).toBe(4);
    await page.getByTestId('image-pending').first().waitFor({ state: 'detached', ...WAIT });

    const documentId = (await page.getByTestId('image-board').getAttribute('data-document-id'))!;
    const graph = await api.call<HistoryGraph>('history.graph', { documentId });
    const recipes = graph.iterations.map((i) => i.recipe as ImageRecipe);
    expect(recipes.map((r) => [r.model.id, r.settings.prompt])).toEqual(Array(4).fill(['starter-gan', 'a red sneaker']));

    await page.screenshot({ path: join(SHOTS, 'welcome-board-results-1024.png') });
  });

  it('shows the first row of results without scrolling, the less-used settings folded', { timeout: 60_000 }, async () => {
    expect(await firstRowProblems(page)).toEqual([]);
    expect(await page.getByTestId('image-more').getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('image-more-summary').textContent()).toBe('Random seed');
    for (const id of ['image-negative', 'image-steps', 'image-seed', 'image-provider', 'image-restore-open']) expect(await page.getByTestId(id).isVisible()).toBe(false);
  });

  it('opens an image on the canvas with a click', { timeout: 60_000 }, async () => {
    await page.getByTestId('image-tile').first().click();
    await page.getByTestId('image-canvas-view').waitFor(WAIT);
    expect(await page.getByTestId('image-recipe-prompt').textContent()).toContain('a red sneaker');
    await page.getByTestId('image-canvas-close').click();
    await page.getByTestId('image-grid').waitFor(WAIT);
  });

  it('keeps the prompt the user changed, even emptied, after a reload', { timeout: 60_000 }, async () => {
    await page.getByTestId('image-prompt').fill('');
    await page.reload();
    await openDocument(page, BOARD, 'image');
    await page.getByTestId('image-tile').first().waitFor(WAIT);
    expect(await page.getByTestId('image-prompt').inputValue()).toBe('');
  });
});
