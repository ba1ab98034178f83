// A project name without spaces (a pasted file name or hash) at 1280 and 800 px: the confirm that
// names it and the toast after it keep it inside their boxes. Before the fix it ran out of the
// dialog's right edge and out of the toast (off the window at 800 px).
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';

const NAME = 'Averyveryverylongprojectnamewithoutanyspaces_pasted_from_a_file_name_deadbeefcafebabe0123456789abcdef';

/** Whether the text of `el` fits its box (nothing scrolls sideways) and the box fits the window. */
async function fits(el: Locator, width: number): Promise<boolean> {
  const box = await el.boundingBox();
  const { scroll, client } = await el.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  return scroll <= client + 1 && box !== null && box.x >= 0 && box.x + box.width <= width + 1;
}

describe('long names', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio('long-names', { models: null });
  });
  afterAll(async () => {
    await studio?.close();
  });

  for (const width of [1280, 800]) {
    it(`stay inside the trash confirm and its toast at ${width} px`, { timeout: 60_000 }, async () => {
      const page = await studio.openApp('light', { width, height: 800 });
      const name = `${NAME}${width}`;
      await page.getByTestId('new-project').click();
      await page.getByTestId('project-name-input').fill(name);
      await page.getByTestId('project-name-input').press('Enter');
      await page.getByTestId('project-title').filter({ hasText: name }).waitFor(WAIT);
      await page.getByTestId('trash-project').click();
      const dialog = page.getByTestId('confirm-dialog');
      await dialog.waitFor(WAIT);
      expect(await dialog.textContent()).toContain(name);
      expect(await fits(dialog.locator('.dialog-message'), width)).toBe(true);
      await page.screenshot({ path: join(SHOTS, `long-name-confirm-${width}.png`) });
      await dialog.getByRole('button', { name: 'Move to trash' }).click();
      const toast = page.locator('.toast-message').filter({ hasText: name });
      await toast.waitFor(WAIT);
      expect(await fits(toast, width)).toBe(true);
      expect(await fits(page.locator('.toast'), width)).toBe(true);
      await page.screenshot({ path: join(SHOTS, `long-name-toast-${width}.png`) });
      await page.context().close();
    });
  }
});
