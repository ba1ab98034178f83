// The browser UI end to end: the real host (`atelier serve`) on a temporary data folder, driven
// in Chromium by the stable data-testids listed at the top of renderer/app/App.tsx.
// Expects out/renderer to be built (npm test builds first). Screenshots of each screen, light and
// dark, land in test-results/screenshots/ so a change in the UI is seen, not guessed.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT, launchChromium } from '../support/chromium';
import { startHostProcess, type HostProcess } from '../support/host-process';



describe('browser UI against the real host', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-e2e-ui-'));
  let browser: Browser;
  let host: HostProcess | undefined;
  let context: BrowserContext;
  let page: Page;

  const item = (name: string) => page.getByTestId('project-item').filter({ hasText: name });

  async function openApp(url: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const ctx = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    await p.goto(url);
    await p.getByTestId('project-item').first().waitFor(WAIT);
    return p;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    host = await startHostProcess(['--data', dataDir, '--port', '0']);
    page = await openApp(host.url);
    context = page.context();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the Welcome project on first run, and a created project survives a host restart', { timeout: 90_000 }, async () => {
    // First run: Welcome is selected, so its "Start here" document is on screen.
    await item('Welcome').waitFor(WAIT);
    await page.getByTestId('project-title').filter({ hasText: /^Welcome$/ }).waitFor(WAIT); // selection follows the list a moment later
    await page.getByTestId('document-item').filter({ hasText: 'Start here' }).waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'ui-welcome-light.png') });

    // An empty name is refused by the host, and the reason shows under the field.
    await page.getByTestId('new-project').click();
    await page.getByTestId('project-name-input').fill('   ');
    await page.getByTestId('project-name-input').press('Enter');
    await page.getByTestId('project-name-input-error').waitFor(WAIT);
    expect(await page.getByTestId('project-name-input-error').textContent()).toMatch(/empty/i);

    // The refused field keeps focus, so the user types the name straight away.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('project-name-input');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('E2E Novel');
    await page.keyboard.press('Enter');
    await item('E2E Novel').waitFor(WAIT);
    await page.getByTestId('project-title').filter({ hasText: /^E2E Novel$/ }).waitFor(WAIT); // selection follows the list a moment later

    await host?.stop();
    host = await startHostProcess(['--data', dataDir, '--port', '0']);
    await context.close();
    page = await openApp(host.url);
    context = page.context();
    await item('E2E Novel').waitFor(WAIT);
    expect(await item('Welcome').count()).toBe(1);
  });

  it('runs the self-test with live progress, then cancels it', { timeout: 60_000 }, async () => {
    await page.getByTestId('tab-queue').click();
    await page.getByTestId('run-self-test').click();
    const running = page.locator('[data-testid="job-item"][data-status="running"]').first();
    await running.waitFor(WAIT);
    const id = await running.getAttribute('data-job-id');
    expect(id).toBeTruthy();
    const job = page.locator(`[data-testid="job-item"][data-job-id="${id}"]`);

    // Progress arrives as events; wait until the bar has moved.
    await expect
      .poll(async () => Number((await job.getByRole('progressbar').getAttribute('aria-valuenow')) ?? 0), {
        timeout: 20_000,
        interval: 100,
      })
      .toBeGreaterThan(0);
    expect(await job.getByTestId('job-progress').textContent()).toMatch(/\d+%/);
    expect(await page.getByTestId('queue-summary').textContent()).toMatch(/Queue 1 · \d+%/);
    await page.screenshot({ path: join(SHOTS, 'ui-queue-running-light.png') });

    await job.getByTestId('job-cancel').click();
    await page.locator(`[data-testid="job-item"][data-job-id="${id}"][data-status="cancelled"]`).waitFor(WAIT);
    expect(await job.getAttribute('data-status')).toBe('cancelled');
    expect(await job.getByTestId('job-cancel').count()).toBe(0);
  });

  it('moves a project to the trash after naming it in the confirm dialog, and restores it', { timeout: 60_000 }, async () => {
    await item('E2E Novel').click();
    await page.getByTestId('trash-project').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor(WAIT);
    expect(await dialog.getByTestId('confirm-message').textContent()).toBe("Move 'E2E Novel' to the trash? It has no documents.");
    await page.screenshot({ path: join(SHOTS, 'ui-confirm-trash-light.png') });
    await page.getByTestId('confirm-ok').click();
    await item('E2E Novel').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('toast').filter({ hasText: 'E2E Novel' }).waitFor(WAIT);

    await page.getByTestId('open-trash').click();
    const trashed = page.getByTestId('trash-item').filter({ hasText: 'E2E Novel' });
    await trashed.waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'ui-trash-light.png') });
    await trashed.getByTestId('restore-project').click();
    await item('E2E Novel').waitFor(WAIT);
    await page.getByTestId('project-title').filter({ hasText: /^E2E Novel$/ }).waitFor(WAIT); // selection follows the list a moment later
  });

  it('renames a document and moves it to the trash from its project, with Undo and Restore', { timeout: 90_000 }, async () => {
    await item('Welcome').click();
    await page.getByTestId('new-text-document').click();
    await page.getByTestId('document-title-input').fill('Draft wth a typo');
    await page.getByTestId('document-title-input').press('Enter');
    await page.locator('.cm-content').waitFor(WAIT);
    await page.locator('.cm-content').click();
    await page.keyboard.type('Words worth keeping.');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    await page.getByTestId('document-back').click();
    const row = (title: string) => page.locator('.doc-row').filter({ has: page.getByTestId('document-item').filter({ hasText: title }) });

    // Rename in place: a bad title is refused under the field, a good one replaces the old.
    await row('Draft wth a typo').getByTestId('document-rename').click();
    await page.getByTestId('document-rename-input').fill('   ');
    await page.getByTestId('document-rename-input').press('Enter');
    expect(await page.getByTestId('document-rename-input-error').textContent({ timeout: 30_000 })).toMatch(/title.*empty/i);
    await page.getByTestId('document-rename-input').fill('Draft with care');
    await page.getByTestId('document-rename-input').press('Enter');
    await row('Draft with care').waitFor(WAIT);
    expect(await page.getByTestId('document-item').filter({ hasText: 'typo' }).count()).toBe(0);

    // Trash: the confirm names it and its versions; Undo brings it back.
    await row('Draft with care').getByTestId('document-trash').click();
    expect(await page.getByTestId('confirm-message').textContent({ timeout: 30_000 })).toBe("Move 'Draft with care' and its 1 version to the trash?");
    await page.getByTestId('confirm-ok').click();
    await row('Draft with care').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('trashed-document').filter({ hasText: 'Draft with care' }).waitFor(WAIT);
    await page.getByTestId('toast-action').click();
    await row('Draft with care').waitFor(WAIT);
    await page.getByTestId('trashed-document').waitFor({ state: 'detached', ...WAIT });

    // Trashed again, it waits below the documents until Restore; its text is intact.
    await row('Draft with care').getByTestId('document-item').press('Delete');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('trashed-document').filter({ hasText: 'Draft with care' }).waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'ui-project-trashed-document-light.png') });
    await page.getByTestId('restore-document').click();
    await row('Draft with care').getByTestId('document-item').click();
    await page.locator('.cm-content').filter({ hasText: 'Words worth keeping.' }).waitFor(WAIT);
    await page.getByTestId('document-back').click();
  });

  it('keeps screenshots of each screen in light and dark', { timeout: 60_000 }, async () => {
    if (!host) throw new Error('host is not running');
    for (const scheme of ['light', 'dark'] as const) {
      const p = await openApp(host.url, scheme);
      await p.getByTestId('project-item').filter({ hasText: 'Welcome' }).click();
      await p.getByTestId('document-item').filter({ hasText: 'Start here' }).waitFor(WAIT);
      await p.screenshot({ path: join(SHOTS, `ui-project-${scheme}.png`) });

      await p.getByTestId('document-item').filter({ hasText: 'Start here' }).click();
      await p.getByTestId('document-text').waitFor(WAIT);
      await p.screenshot({ path: join(SHOTS, `ui-document-${scheme}.png`) });

      await p.getByTestId('tab-status').click();
      await p.getByTestId('execution-provider').first().waitFor(WAIT);
      await p.screenshot({ path: join(SHOTS, `ui-status-${scheme}.png`) });
      await p.getByTestId('tab-queue').click();
      await p.getByTestId('queue-panel').waitFor(WAIT);
      await p.screenshot({ path: join(SHOTS, `ui-queue-${scheme}.png`) });

      await p.keyboard.press('?');
      await p.getByTestId('shortcuts-sheet').waitFor(WAIT);
      await p.screenshot({ path: join(SHOTS, `ui-shortcuts-${scheme}.png`) });
      await p.context().close();
    }
  });

  it('fits a 720 px window (Electron\'s minimum): every top-bar control on screen, the queue floating over the work', { timeout: 60_000 }, async () => {
    if (!host) throw new Error('host is not running');
    const ctx = await browser.newContext({ viewport: { width: 720, height: 600 } });
    const p = await ctx.newPage();
    await p.goto(host.url);
    await p.getByTestId('project-item').first().waitFor(WAIT);
    await p.locator('[data-testid="models-button-device"]:not([data-loading])').waitFor(WAIT); // the top bar at its widest
    const onScreen = (testId: string) =>
      p.getByTestId(testId).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
      });
    for (const id of ['search-input', 'open-models', 'queue-summary', 'toggle-drawer', 'open-shortcuts']) expect([id, await onScreen(id)]).toEqual([id, true]);

    // A first run in a narrow window starts with the drawer closed, so the work is not covered.
    expect(await p.getByTestId('toggle-drawer').getAttribute('aria-pressed')).toBe('false');
    const workspace = async () => (await p.locator('#workspace').boundingBox())!.width;
    const before = await workspace();
    expect(before).toBeGreaterThan(500);
    // Opened, it floats over the workspace (which keeps its width) and fits the window.
    await p.getByTestId('toggle-drawer').click();
    await p.getByTestId('queue-panel').waitFor(WAIT);
    expect(await workspace()).toBe(before);
    expect(await onScreen('tab-status')).toBe(true);
    await p.screenshot({ path: join(SHOTS, 'ui-narrow-drawer-light.png') });
    await p.getByTestId('toggle-drawer').click();
    await p.getByTestId('queue-panel').waitFor({ state: 'detached', ...WAIT });

    // In a document the breadcrumb is two names longer; it gives way, not the controls.
    await p.getByTestId('document-item').filter({ hasText: 'Start here' }).click();
    await p.getByTestId('document-text').waitFor(WAIT);
    for (const id of ['search-input', 'open-models', 'queue-summary', 'toggle-drawer', 'open-shortcuts', 'export-menu']) expect([id, await onScreen(id)]).toEqual([id, true]);
    expect(await p.evaluate(() => document.querySelector('.app')!.getBoundingClientRect().width)).toBe(720);
    await p.screenshot({ path: join(SHOTS, 'ui-narrow-document-light.png') });
    await ctx.close();
  });

  it('shows a reconnecting banner while the host is away and reloads when it is back', { timeout: 90_000 }, async () => {
    // Same port and token, so the page's cookie and WebSocket address stay valid across the restart.
    const token = 'e2e-reconnect-token-0123456789';
    await host?.stop();
    host = await startHostProcess(['--data', dataDir, '--port', '0', '--token', token]);
    const port = new URL(host.url).port;
    await context.close();
    page = await openApp(host.url);
    context = page.context();
    const banner = page.getByTestId('connection-banner');

    await host.stop();
    await banner.filter({ hasText: 'reconnecting' }).waitFor(WAIT);
    // An action while away fails where it was taken, without a dialog.
    await page.getByTestId('run-self-test').click();
    await page.getByTestId('queue-panel').getByTestId('inline-error').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'ui-reconnecting-light.png') });

    host = await startHostProcess(['--data', dataDir, '--port', String(port), '--token', token]);
    await banner.filter({ hasText: 'reconnecting' }).waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('queue-panel').getByTestId('inline-error').waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('run-self-test').click();
    await page.locator('[data-testid="job-item"][data-status="running"]').waitFor(WAIT);
  });
});
