// The shortcuts sheet (?) names every key the studio answers: document rows take F2 (rename) and
// Delete (trash) as project rows do, and the sheet listed them for the current project only.
// In Chromium against the real host; expects out/renderer to be built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WAIT } from '../support/chromium';
import { closeDrawer, startStudio, type Studio } from '../support/e2e-setup';

let studio: Studio;
let page: Page;

beforeAll(async () => {
  studio = await startStudio('shortcuts-rows', { models: null });
  page = await studio.openApp('light');
  await closeDrawer(page);
  await page.getByTestId('project-item').first().waitFor(WAIT);
}, 120_000);

afterAll(async () => {
  await studio?.close();
});

describe('the shortcuts sheet', () => {
  it('lists what the keys do on a focused document row', async () => {
    await page.getByTestId('project-item').first().focus();
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcuts-sheet');
    await sheet.waitFor(WAIT);
    const group = sheet.locator('section.shortcut-group').filter({ has: page.locator('h3', { hasText: /^Document list$/ }) });
    const rows = await group.locator('.shortcut').evaluateAll((els) =>
      els.map((el) => `${Array.from(el.querySelectorAll('kbd'), (k) => k.textContent).join('+')}: ${el.querySelector('dd')?.textContent}`),
    );
    expect(rows).toEqual([
      'Enter: Open the focused document',
      'F2: Rename the focused document',
      'Delete: Move the focused document to the trash (asks first; Undo in the notice)',
    ]);
  });
});
