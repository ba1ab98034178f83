// Moving around the browser host like any web app, against the real host and Chromium: Back and
// Forward between the studio's views (with the editor's unsaved text kept, a document trashed
// meanwhile not reopened, and Back from the first view staying in the app), Compare's own Back
// button going back rather than opening the view again, the model pickers
// while the window's first model list is slow, and the top bar's search field at 800 and 1280 px.
// Expects out/renderer to be built (npm test builds first).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAIT } from '../support/chromium';
import { closeDrawer, newImageBoard, newTextDocument, openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, showVersions, typeAtEnd } from '../support/e2e-write';

/** Which view the workspace shows, by the landmark each one has. */
const shown = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const title = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
    if (document.querySelector('[data-testid="trash-view"]')) return 'trash';
    if (document.querySelector('[data-testid="compare-view"]')) return 'compare';
    if (document.querySelector('.cm-content')) return `document:${document.querySelector('[data-testid="breadcrumb"] .crumb-current')?.textContent ?? ''}`;
    if (document.querySelector('[data-testid="project-page"]')) return `project:${title('project-title')}`;
    return 'none';
  });

const showing = (page: Page, view: string) => expect.poll(() => shown(page), WAIT).toBe(view);

/** The entry the tab is on holds a view (not the guard under the first one, left at once). */
const onView = (page: Page) =>
  page.waitForFunction(() => {
    const state = history.state as { atelierView?: unknown } | null;
    return state !== null && 'atelierView' in state && state.atelierView !== 'guard';
  }, undefined, WAIT);

describe('navigation in the browser host', () => {
  let studio: Studio;

  beforeAll(async () => {
    studio = await startStudio('navigation');
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('Back and Forward move between the views; Back from the first stays in the app; a reload keeps the view', { timeout: 120_000 }, async () => {
    const page = await studio.openApp('light');
    await showing(page, 'project:Welcome');
    await newTextDocument(page, 'Harbour');
    await showing(page, 'document:Harbour');
    // Typed and left at once: the text is saved on the way out, as switching views does.
    await page.locator('.cm-content').click();
    await page.keyboard.type('Gulls over the quay.');
    await page.getByTestId('open-trash').click();
    await showing(page, 'trash');

    await page.goBack();
    await showing(page, 'document:Harbour');
    await expect.poll(() => editorText(page), WAIT).toBe('Gulls over the quay.');
    await page.goBack();
    await showing(page, 'project:Welcome');
    await page.goForward();
    await showing(page, 'document:Harbour');
    await page.goBack();
    await showing(page, 'project:Welcome');

    // Back from the first view (and again): the app stays on it.
    for (let i = 0; i < 2; i++) {
      await page.goBack();
      await onView(page);
      await showing(page, 'project:Welcome');
    }
    expect(new URL(page.url()).origin).toBe(new URL(studio.host.url).origin);
    await page.getByTestId('project-item').first().waitFor(WAIT);

    // Forward still goes where the user had been, and a reload keeps the view it is on.
    await page.goForward();
    await showing(page, 'document:Harbour');
    await page.goForward();
    await showing(page, 'trash');
    await page.reload();
    await showing(page, 'trash');
    await page.goBack();
    await showing(page, 'document:Harbour');
    // The editor is in the page (empty) while the document's text loads: read it once loaded.
    await page.locator('.write-editor:not(.write-editor-loading)').waitFor(WAIT);
    expect(await editorText(page)).toBe('Gulls over the quay.');
    await page.reload();
    await showing(page, 'document:Harbour');
    await page.context().close();
  });

  it('Back into a document moved to the trash meanwhile falls back to its project with the trashed notice (Restore offered)', { timeout: 90_000 }, async () => {
    const page = await studio.openApp('light');
    await newTextDocument(page, 'Lighthouse');
    await page.getByTestId('document-back').click();
    await showing(page, 'project:Welcome');
    const row = page.locator('.doc-row').filter({ has: page.getByTestId('document-item').filter({ hasText: 'Lighthouse' }) });
    await row.getByTestId('document-trash').click();
    await page.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached', ...WAIT });

    await page.goBack();
    await showing(page, 'project:Welcome');
    expect(await page.getByTestId('document-gone-message').textContent(WAIT)).toBe("'Lighthouse' is in the trash, so it did not open.");
    expect(await page.getByTestId('document-gone-restore').count()).toBe(1);
    await page.getByTestId('document-gone-ok').click();
    expect(await page.locator('.cm-content').count()).toBe(0);
    // The fallback took the trashed document's place: Forward and Back do not lead into it again.
    await page.goBack();
    await showing(page, 'project:Welcome');
    expect(await page.locator('.cm-content').count()).toBe(0);
    await page.context().close();
  });

  it('Compare’s Back goes back to the view it was opened from: the browser’s Back then leaves that view, Forward comes back', { timeout: 120_000 }, async () => {
    const page = await studio.openApp('light');
    await newTextDocument(page, 'Pier');
    const saved = page.locator('[data-testid="save-state"][data-state="saved"]');
    await typeAtEnd(page, 'Nets drying.');
    await saved.waitFor(WAIT);
    await typeAtEnd(page, ' Tar and rope.');
    await expect.poll(() => editorText(page), WAIT).toBe('Nets drying. Tar and rope.');
    await saved.waitFor(WAIT);
    await expect.poll(() => showVersions(page), WAIT).toBe(2);
    await page.getByTestId('version-compare-start').click();
    const nodes = page.getByTestId('version-node');
    await nodes.nth(0).click();
    await nodes.nth(1).click();
    await page.getByTestId('version-compare').click();
    await showing(page, 'compare');
    const depth = await page.evaluate(() => history.length);

    // Back where it was opened from, on the entry it was opened from (no new one on top).
    await page.getByTestId('compare-back').click();
    await showing(page, 'document:Pier');
    expect(await page.evaluate(() => history.length)).toBe(depth);
    await expect.poll(() => editorText(page), WAIT).toBe('Nets drying. Tar and rope.');
    // The browser's Back goes on to the view before the document, not into Compare again.
    await page.goBack();
    await showing(page, 'project:Welcome');
    await page.goForward();
    await showing(page, 'document:Pier');
    await page.goForward();
    await showing(page, 'compare');

    // After a reload on Compare the entry below is still the document: Back steps onto it.
    await page.reload();
    await showing(page, 'compare');
    await page.getByTestId('compare-back').click();
    await showing(page, 'document:Pier');
    expect(await page.evaluate(() => history.length)).toBe(depth);
    await page.goBack();
    await showing(page, 'project:Welcome');
    await page.context().close();
  });

  it('the pickers and the Models button say they are loading until the window’s first lists answer', { timeout: 90_000 }, async () => {
    const setup = await studio.openApp('light');
    await newImageBoard(setup, 'Tides');
    await newTextDocument(setup, 'Tide notes');
    await setup.context().close();

    // This window's models.list and system.status calls wait until released, as on a busy machine.
    const held = new Map<string, string[]>();
    const released = new Set<string>();
    let toHost: ((m: string) => void) | null = null;
    const ctx: BrowserContext = await studio.browser.newContext({ viewport: { width: 1280, height: 860 } });
    await ctx.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      toHost = (m) => server.send(m);
      ws.onMessage((m) => {
        const method = typeof m === 'string' ? /"method":"(models\.list|system\.status)"/.exec(m)?.[1] : undefined;
        if (method && !released.has(method)) {
          held.set(method, [...(held.get(method) ?? []), m as string]);
          return;
        }
        server.send(m);
      });
    });
    const release = (method: string) => {
      released.add(method);
      for (const m of held.get(method) ?? []) toHost?.(m);
    };
    const slow = await ctx.newPage();
    await slow.goto(studio.host.url);
    await slow.getByTestId('project-item').first().waitFor(WAIT);
    await closeDrawer(slow);
    await openDocument(slow, 'Tides', 'image');
    // The board asks for its lists once it is drawn; the route hears of them a moment later.
    await expect.poll(() => [...held.keys()].sort(), WAIT).toEqual(['models.list', 'system.status']);
    const picked = (testId: string) =>
      slow.getByTestId(testId).evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '');
    expect(await picked('image-model')).toBe('Loading models…');
    expect(await slow.getByTestId('image-no-models').count()).toBe(0);
    expect(await slow.getByTestId('models-button-device').textContent()).toBe('…');
    expect(await slow.getByTestId('open-models').getAttribute('title')).toBe('Model library · checking devices…');

    release('system.status');
    await slow.locator('[data-testid="models-button-device"]:not([data-loading])').waitFor(WAIT);
    expect(await slow.getByTestId('models-button-device').textContent()).toMatch(/^(CPU|CUDA|DirectML|CoreML)$/);
    release('models.list');
    await expect.poll(() => picked('image-model'), WAIT).not.toBe('Loading models…');
    expect(await picked('image-model')).toMatch(/^(starter-gan|tiny-sd)/);
    expect(await slow.getByTestId('image-no-models').count()).toBe(0);
    await ctx.close();
  });

  for (const width of [800, 1280]) {
    it(`the top bar's search field shows its whole placeholder at ${width} px, the shortcut in its tooltip`, { timeout: 60_000 }, async () => {
      const page = await studio.openApp('light', { width, height: 800 });
      const fit = await page.getByTestId('search-input').evaluate((el) => {
        const input = el as HTMLInputElement;
        const style = getComputedStyle(input);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = style.font;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { placeholder: input.placeholder, text: ctx.measureText(input.placeholder).width, room };
      });
      expect(fit.placeholder).toBe('Search');
      expect(fit.text).toBeGreaterThan(0);
      expect(fit.text).toBeLessThanOrEqual(fit.room);
      expect(await page.getByTestId('search-input').getAttribute('title')).toBe('Search every project (Ctrl+K)');
      expect(await page.getByTestId('search-input').getAttribute('aria-keyshortcuts')).toBe('Control+K');
      await page.context().close();
    });
  }
});
