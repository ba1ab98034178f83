// Two windows on one document, in Chromium against the real host: a version saved in one shows in
// the other's version tree without a reload (history.commitText announces history.changed to
// every client), and the window that saved hears its own change too without its editor moving:
// the text typed while the save and its echo were in flight stays, and the cursor stays where it
// was. The other window, with no edits of its own, follows the new head; the first, which has
// edits of its own, keeps its editor when the second saves and is asked instead (the head-moved
// bar: tests/e2e/head-move.e2e.test.ts covers its choices). A third window on the Trash page fetches its list again only for
// a change that can alter it (a version trashed), not for a save or a star. Expects out/renderer
// to be built.
// Screenshot: test-results/screenshots/history-live-dark.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, newTextDocument, openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, showVersions } from '../support/e2e-write';
import { connect } from '../support/ws-client';

const TITLE = 'Tide ledger';

/** What one page's WebSocket carried: events by name, and which requests were answered. */
interface Wire {
  events: { event: string; data: { documentId?: string; iterationIds?: string[]; change?: string } }[];
  sent: { id: number; method: string; at: number }[];
  answered: Set<number>;
  /** Versions this page saved (history.commitText answers), in order. */
  saved: string[];
}

/** A page on the studio whose socket frames are recorded from the start (before the app connects). */
async function openRecorded(studio: Studio, colorScheme: 'light' | 'dark'): Promise<{ page: Page; wire: Wire }> {
  const ctx = await studio.browser.newContext({ colorScheme, viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  const wire: Wire = { events: [], sent: [], answered: new Set(), saved: [] };
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      const msg = JSON.parse(String(payload)) as { id?: number; method?: string };
      if (typeof msg.id === 'number' && msg.method) wire.sent.push({ id: msg.id, method: msg.method, at: wire.events.length });
    });
    ws.on('framereceived', ({ payload }) => {
      const msg = JSON.parse(String(payload)) as { id?: number; event?: string; data?: Wire['events'][number]['data']; result?: { id?: string } };
      if (msg.event) wire.events.push({ event: msg.event, data: msg.data ?? {} });
      else if (typeof msg.id === 'number') {
        wire.answered.add(msg.id);
        const call = wire.sent.find((s) => s.id === msg.id);
        if (call?.method === 'history.commitText' && msg.result?.id) wire.saved.push(msg.result.id);
      }
    });
  });
  await page.goto(studio.host.url);
  await page.getByTestId('project-item').first().waitFor(WAIT);
  return { page, wire };
}

const versionCount = async (p: Page) => Number(await p.getByTestId('version-tree').getAttribute('data-count'));
const versionNode = (p: Page, id: string) => p.locator(`[data-testid="version-node"][data-iteration-id="${id}"]`);

/** The versions this page heard were added, from event `from` on. */
const added = (wire: Wire, from: number): string[] =>
  wire.events.slice(from).flatMap((e) => (e.event === 'history.changed' && e.data.change === 'added' ? (e.data.iterationIds ?? []) : []));

/**
 * Waits until this page heard history.changed for the version saved from `from` on, and the graph
 * it fetched on hearing it has come back and been drawn: the echo has been handled.
 */
async function echoHandled(page: Page, wire: Wire, from: number, change: string): Promise<void> {
  const heard = () => wire.events.findIndex((e, i) => i >= from && e.event === 'history.changed' && e.data.change === change);
  await expect.poll(heard, WAIT).toBeGreaterThanOrEqual(0);
  const at = heard();
  await expect.poll(() => wire.sent.some((s) => s.at > at && s.method === 'history.graph' && wire.answered.has(s.id)), WAIT).toBe(true);
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

describe('a version saved in one window reaches the other', () => {
  let studio: Studio;
  let a: { page: Page; wire: Wire };
  let b: { page: Page; wire: Wire };

  beforeAll(async () => {
    studio = await startStudio('history-live', { models: null });
    a = await openRecorded(studio, 'light');
    b = await openRecorded(studio, 'dark');
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('shows the new version in the other window without a reload (its editor follows); the saving window keeps its text and cursor', async () => {
    const { page } = a;
    await newTextDocument(page, TITLE);
    await page.locator('.cm-content').click();
    await page.keyboard.type('The tide came in.');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    // Saved while typing too (after each pause): how many versions that made depends on the machine.
    // Each save answered is one version; the tree fetches the graph again a moment after each, so
    // wait until it holds them all (read at once, it could still be one short).
    const before = a.wire.saved.length;
    expect(before).toBeGreaterThanOrEqual(1);
    await expect.poll(() => showVersions(page), WAIT).toBe(before);

    await openDocument(b.page, TITLE, 'text');
    await closeDrawer(b.page);
    expect(await showVersions(b.page)).toBe(before);
    expect(await editorText(b.page)).toBe('The tide came in.');
    // Gone if the page were loaded again.
    await b.page.evaluate(() => Object.assign(window, { stillThisPage: true }));

    // The cursor after "The ", a word typed, Ctrl+S, and more typed at once, while the save and its
    // announcement are still on their way.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.type('high ');
    const fromA = a.wire.events.length;
    const savedBefore = a.wire.saved.length;
    await page.keyboard.press('Control+s');
    await page.keyboard.type('spring ');

    // The other window: the new version in its tree, same page.
    await expect.poll(() => a.wire.saved.length, WAIT).toBeGreaterThan(savedBefore);
    await versionNode(b.page, a.wire.saved[savedBefore] as string).waitFor(WAIT);
    expect(await versionCount(b.page)).toBeGreaterThan(before);
    expect(await b.page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);

    // The saving window heard its own change and handled it: what was typed after Ctrl+S is still
    // there, and the next key lands where the cursor was.
    await echoHandled(page, a.wire, fromA, 'added');
    expect(await editorText(page)).toBe('The high spring tide came in.');
    await page.keyboard.type('|');
    expect(await editorText(page)).toBe('The high spring |tide came in.');
    await page.screenshot({ path: join(SHOTS, 'history-live-light.png') });

    // What was typed after the save is saved in turn, and reaches the other window as well: both
    // trees end up holding every version.
    await page.keyboard.press('Control+s');
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    const all = a.wire.saved.slice(savedBefore);
    expect(added(a.wire, fromA)).toEqual(all);
    await versionNode(b.page, all[all.length - 1] as string).waitFor(WAIT);
    await expect.poll(() => versionCount(b.page), WAIT).toBe(before + all.length);
    await expect.poll(() => versionCount(page), WAIT).toBe(before + all.length);
    // The other window had no edits of its own: its editor follows the head, and it says so.
    await expect.poll(() => editorText(b.page), WAIT).toBe('The high spring |tide came in.');
    await b.page.getByTestId('head-followed').filter({ hasText: 'from another window' }).waitFor(WAIT);
    expect(await b.page.getByTestId('head-moved-bar').count()).toBe(0);
  });

  it('the other way round: a save in the second window reaches the first, whose editor (with its own edits) stays as it is', async () => {
    const fromA = a.wire.events.length;
    const savedBefore = b.wire.saved.length;
    const before = await versionCount(a.page);
    await b.page.locator('.cm-content').click();
    await b.page.keyboard.press('Control+End');
    await b.page.keyboard.type(' Gulls.');
    await b.page.keyboard.press('Control+s');
    await b.page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);

    const theirs = b.wire.saved.slice(savedBefore);
    expect(theirs.length).toBeGreaterThanOrEqual(1);
    await versionNode(a.page, theirs[theirs.length - 1] as string).waitFor(WAIT);
    expect(await versionCount(a.page)).toBe(before + theirs.length);
    await echoHandled(a.page, a.wire, fromA, 'added');
    expect(await editorText(a.page)).toBe('The high spring |tide came in.');
    await a.page.getByTestId('head-moved-bar').waitFor(WAIT);
    expect(await editorText(a.page)).toBe('The high spring |tide came in.');
    expect(await editorText(b.page)).toBe('The high spring |tide came in. Gulls.');
    await b.page.screenshot({ path: join(SHOTS, 'history-live-dark.png') });
  });

  it('the Trash page in a third window reloads for a version trashed, not for a save or a star', async () => {
    const c = await openRecorded(studio, 'light');
    await c.page.getByTestId('open-trash').click();
    await c.page.getByTestId('versions-trash-none').waitFor(WAIT);
    const listFetches = () => c.wire.sent.filter((s) => s.method === 'search.query').length;
    const fetched = listFetches();
    expect(fetched).toBeGreaterThanOrEqual(1);

    // A save in the first window, and a star from another client: heard, and nothing fetched.
    const fromC = c.wire.events.length;
    await a.page.locator('.cm-content').click();
    await a.page.keyboard.press('Control+End');
    await a.page.keyboard.type(' Ebb.');
    await a.page.keyboard.press('Control+s');
    await a.page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    const savedId = a.wire.saved[a.wire.saved.length - 1] as string;
    const sock = await connect(Number(new URL(studio.host.url).port), { Authorization: `Bearer ${studio.host.token}` });
    try {
      expect(await sock.call('history.annotate', { id: savedId, starred: true })).toMatchObject({ ok: true });
      await expect.poll(() => c.wire.events.slice(fromC).some((e) => e.event === 'history.changed' && e.data.iterationIds?.includes(savedId) && 'marks' in e.data), WAIT).toBe(true);
      expect(c.wire.events.slice(fromC).some((e) => e.event === 'history.changed' && e.data.change === 'added')).toBe(true);
      // Whatever the page would do on hearing them has had its turn.
      await c.page.evaluate(() => new Promise<void>((done) => setTimeout(() => requestAnimationFrame(() => done()), 300)));
      expect(listFetches()).toBe(fetched);

      // The trash: fetched again, and the version is listed.
      expect(await sock.call('history.trash', { id: savedId })).toMatchObject({ ok: true });
      await c.page.locator(`[data-testid="versions-trash-item"][data-iteration-id="${savedId}"]`).waitFor(WAIT);
      expect(listFetches()).toBeGreaterThan(fetched);
    } finally {
      await sock.close();
    }
  });
});
