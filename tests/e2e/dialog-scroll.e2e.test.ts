// A dialog taller than the window: the keyboard shortcuts sheet (`?`) opened in a laptop-sized
// window. Its title and first shortcuts are on screen when it opens, with the Close button, and
// the list scrolls between them. (It used to open scrolled to its end: the whole dialog scrolled,
// and showing the focused Close button took the heading and the first groups out of sight.)
// Expects out/renderer to be built (npm test builds first).
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';

/** True when the middle of the element is what the window shows there (not scrolled out, not covered). */
const onScreen = (locator: Locator): Promise<boolean> =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });

describe('a dialog taller than the window', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    studio = await startStudio('dialog-scroll', { models: null });
    page = await studio.openApp('light', { width: 1280, height: 720 });
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('opens the shortcuts sheet at its top, the Close button in view, and scrolls the list between them', { timeout: 60_000 }, async () => {
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcuts-sheet');
    await sheet.waitFor(WAIT);
    // The sheet is taller than this window, or the test would prove nothing.
    const overflows = await sheet.evaluate((el) => [el, ...el.querySelectorAll('*')].some((e) => e.scrollHeight > e.clientHeight + 1));
    expect(overflows).toBe(true);

    const title = sheet.getByRole('heading', { name: 'Keyboard shortcuts' });
    const first = sheet.getByText('Show this list of shortcuts');
    const close = sheet.getByRole('button', { name: 'Close' });
    expect(await onScreen(title)).toBe(true);
    expect(await onScreen(first)).toBe(true);
    expect(await onScreen(close)).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'dialog-scroll-shortcuts-light.png') });

    // The last shortcut is reached by scrolling the list; the Close button stays in view.
    const last = sheet.getByText('Cancel', { exact: true });
    await last.scrollIntoViewIfNeeded();
    expect(await onScreen(last)).toBe(true);
    expect(await onScreen(close)).toBe(true);

    await close.click();
    await sheet.waitFor({ state: 'detached', ...WAIT });
  });
});
