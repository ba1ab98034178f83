// The model library's rows laid out at the two widths users have (1280×800 and ~800 px), in
// Chromium against the real host. Before the fix each row's "Can run on CPU · Use [Auto]" line
// fell into the 32 px icon column: "Can / run / on / CPU" one word per line, the device picker
// under it. Screenshots: test-results/screenshots/models-rows-*.png.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS } from '../support/chromium';
import { openModels, startStudio, type Studio } from '../support/e2e-setup';

describe('model rows', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio('models-layout', { models: null });
  });
  afterAll(async () => {
    await studio?.close();
  });

  for (const width of [1280, 800]) {
    it(`keep "Can run on" and the device picker beside the facts at ${width} px`, { timeout: 60_000 }, async () => {
      const page = await studio.openApp('light', { width, height: 800 });
      await openModels(page);
      const row = page.getByTestId('model-item').first();
      await row.scrollIntoViewIfNeeded();
      const facts = await row.getByTestId('model-facts').boundingBox();
      const runsOn = await row.locator('.model-runs-on').boundingBox();
      const picker = await row.getByTestId('model-provider-choice').boundingBox();
      expect(facts && runsOn && picker).toBeTruthy();
      // Same column as the facts, one line high, the picker on that line.
      expect(Math.abs(runsOn!.x - facts!.x)).toBeLessThan(2);
      expect(runsOn!.width).toBeGreaterThan(facts!.width * 0.9);
      expect(runsOn!.height).toBeLessThan(40);
      expect(picker!.y).toBeGreaterThanOrEqual(runsOn!.y - 1);
      expect(picker!.y + picker!.height).toBeLessThanOrEqual(runsOn!.y + runsOn!.height + 1);
      await page.screenshot({ path: join(SHOTS, `models-rows-${width}.png`) });
      await page.context().close();
    });
  }
});
