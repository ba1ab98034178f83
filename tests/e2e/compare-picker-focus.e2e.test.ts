// "Compare versions…" from the keyboard: the button is replaced by the picking bar, which dropped
// focus to the top of the page, away from the tree where versions are picked. Focus now goes to the
// tree's row (Enter picks it, the arrows move), and Cancel gives it back to "Compare versions…".
// Compare itself opens with focus on its heading, and Back returns it to the version tree.
// In Chromium against the real host; expects out/renderer to be built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WAIT } from '../support/chromium';
import { focusedElement } from '../support/e2e-focus';
import { openTwoVersions, type TwoVersions } from '../support/e2e-two-versions';

let setup: TwoVersions;
let page: Page;
let first = '';
let second = '';

beforeAll(async () => {
  setup = await openTwoVersions('compare-focus');
  ({ page, first, second } = setup);
}, 120_000);

afterAll(async () => {
  await setup?.close();
});

/** The focused element's test id, with the version it stands for. */
const focused = () => focusedElement(page);

describe('picking versions to compare from the keyboard', () => {
  it('starting puts focus on the tree, where Enter picks; Cancel returns it to the start button', async () => {
    await page.getByTestId('version-compare-start').focus();
    await page.keyboard.press('Enter');
    // The current version is the tree's tab stop.
    await expect.poll(focused, WAIT).toBe(`version-node:${second}`);

    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused, WAIT).toBe(`version-node:${first}`);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="version-compare"][data-count="2"]').waitFor(WAIT);

    await page.getByTestId('version-compare-cancel').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused, WAIT).toBe('version-compare-start');
  });
});

describe('opening Compare and going Back from the keyboard', () => {
  it('focus starts on the compare heading; Back returns it to the tree', async () => {
    await page.getByTestId('version-compare-start').focus();
    await page.keyboard.press('Enter');
    // The tree's tab stop stayed on the version picked last above.
    await expect.poll(focused, WAIT).toBe(`version-node:${first}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="version-compare"][data-count="2"]').waitFor(WAIT);
    await page.getByTestId('version-compare').focus();
    await page.keyboard.press('Enter');

    await page.getByTestId('compare-view').waitFor(WAIT);
    await expect.poll(focused, WAIT).toBe('compare-title');

    await page.getByTestId('compare-back').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('compare-view').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(focused, WAIT).toBe(`version-node:${second}`);
  });
});
