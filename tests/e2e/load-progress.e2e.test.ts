// Model loading shows progress in the browser: a cold load of the starter text model puts its
// stages in the queue item ("Checking model files", then optimising the graph on CPU) and the
// write view's status before the first token; the finished job says how loading went; a second,
// warm continuation shows no loading line. The stages can be brief, so a MutationObserver records
// every text the loading line and the status took rather than racing the DOM. Expects
// out/renderer to be built.
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';
import { generationEnded, writeSettings } from '../support/e2e-write';

describe('model loading progress in the queue', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    // Only the starter models; wide, so the write inspector and the queue drawer both show.
    studio = await startStudio('loading', { models: null });
    page = await studio.openApp('light', { width: 1800, height: 1000 });
  });

  afterAll(async () => {
    await studio?.close();
  });

  /** Starts recording every distinct text of the loading lines and the write status. */
  const record = () =>
    page.evaluate(() => {
      const w = window as unknown as { __loading: string[]; __status: string[] };
      w.__loading = [];
      w.__status = [];
      const take = () => {
        for (const el of document.querySelectorAll('[data-testid="job-loading"]')) {
          const text = el.textContent ?? '';
          if (w.__loading.at(-1) !== text) w.__loading.push(text);
        }
        const status = document.querySelector('[data-testid="write-gen-status"]')?.textContent ?? '';
        if (status && w.__status.at(-1) !== status) w.__status.push(status);
      };
      new MutationObserver(take).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  const recorded = () =>
    page.evaluate(() => {
      const w = window as unknown as { __loading: string[]; __status: string[] };
      return { __loading: [...w.__loading], __status: [...w.__status] };
    });

  async function continueOnce(): Promise<string> {
    const before = await page.locator('[data-testid="job-item"][data-status="done"]').count();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('[data-testid="job-item"][data-status="done"]').count(), { timeout: 120_000 }).toBe(before + 1);
    await generationEnded(page);
    // The newest finished job is the first ended one in the queue.
    return (await page.locator('[data-testid="job-item"][data-status="done"]').first().getByTestId('job-load').textContent()) ?? '';
  }

  it('shows the loading stages of a cold load, then none for a warm one', { timeout: 240_000 }, async () => {
    await page.getByTestId('new-text-document').click();
    await page.getByTestId('document-title-input').fill('Loading');
    await page.getByTestId('document-title-input').press('Enter');
    await page.locator('.cm-content').waitFor(WAIT);
    await writeSettings(page, { model: 'starter-text', maxTokens: 8 });
    await page.locator('.cm-content').click();
    await page.keyboard.type('In the beginning');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    await page.getByTestId('queue-panel').waitFor(WAIT);

    await record();
    const coldLoad = await continueOnce();
    const cold = await recorded();
    // In the queue item: checking the files (bytes of total), then optimising on the CPU.
    const checking = cold.__loading.findIndex((t) => /^Loading starter-text: Checking model files · [\d.]+ MiB of [\d.]+ MiB$/.test(t));
    const optimising = cold.__loading.findIndex((t) => /^Loading starter-text: Optimising graph for CPU \(first load, cached afterwards\) · [\d.]+ m?s$/.test(t));
    expect(checking, cold.__loading.join('\n')).toBeGreaterThanOrEqual(0);
    expect(optimising, cold.__loading.join('\n')).toBeGreaterThan(checking);
    // In the write view, the loading line comes before any token.
    const statusLoading = cold.__status.findIndex((t) => t.startsWith('Loading starter-text: '));
    const statusTokens = cold.__status.findIndex((t) => /Writing… \d+ tokens/.test(t));
    expect(statusLoading, cold.__status.join('\n')).toBeGreaterThanOrEqual(0);
    expect(statusTokens, cold.__status.join('\n')).toBeGreaterThan(statusLoading);
    expect(coldLoad).toMatch(/^Model loaded in [\d.]+ m?s \(graph optimised and cached\)$/);
    await page.screenshot({ path: join(SHOTS, 'queue-load-summary-light.png') });
    // Keep the continuation, so the next Ctrl+Enter starts a new one.
    await page.keyboard.press('Tab');
    await page.getByTestId('write-ghost').waitFor({ state: 'detached', ...WAIT });

    await record();
    const warmLoad = await continueOnce();
    const warm = await recorded();
    expect(warm.__loading).toEqual([]);
    expect(warm.__status.some((t) => t.startsWith('Loading'))).toBe(false);
    expect(warmLoad).toBe('Model already loaded (warm)');

    // The status panel says how the last text job's model was loaded.
    await page.getByTestId('tab-status').click();
    await expect.poll(() => page.locator('[data-testid="status-last-device"][data-kind="text"] [data-testid="status-last-load"]').textContent(), WAIT).toBe('Model already loaded (warm)');
  });
});
