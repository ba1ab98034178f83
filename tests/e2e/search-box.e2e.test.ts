// The top bar's search box shows the query of the results on screen and nothing elsewhere: it kept
// the last query after the user left Search, where it read as a filter on the page they were on.
// Back to the results brings the query back with them. With the starter models only.
// Expects out/renderer to be built.
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';

describe('the top bar search box', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    studio = await startStudio('search-box', { models: null });
    page = await studio.openApp('light');
  });

  afterAll(async () => {
    await studio?.close();
  });

  const box = () => page.getByTestId('search-input');

  it('holds the query only while its results are shown', { timeout: 60_000 }, async () => {
    await box().fill('lighthouse');
    await box().press('Enter');
    await page.getByTestId('search-view').waitFor(WAIT);
    expect(await box().inputValue()).toBe('lighthouse');

    // Leaving Search empties the box.
    await page.getByTestId('project-item').first().click();
    await page.getByTestId('search-view').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => box().inputValue(), WAIT).toBe('');

    // Back to the results: the query comes back with them.
    await page.goBack();
    await page.getByTestId('search-view').waitFor(WAIT);
    await expect.poll(() => box().inputValue(), WAIT).toBe('lighthouse');
  });
});
