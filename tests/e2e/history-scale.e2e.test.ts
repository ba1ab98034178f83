// The history tree of a document with 10,000 versions, in Chromium against the real host: the
// versions are seeded straight into the host's store (tests/support/seed-history.ts, the same
// branching history the benchmark opens), then the Versions tab opens with only a few dozen rows
// drawn, every drawn row keeps its ARIA tree place, and keyboard moves (Home, End, parent, child,
// siblings) land on drawn, focused rows far down the list. A star, tags or a note, from this window
// or another client, show in every window without the graph being fetched again (the event carries
// the marks); the trash still fetches it, and a window that missed a change while its connection
// was down catches up on reconnecting. How long it takes is measured by `npm run bench:history-ui`,
// not here. Expects out/renderer to be built.
// Screenshot: test-results/screenshots/history-scale-light.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import { layoutTree, type TreeRow } from '../../renderer/features/history/treeLayout';
import { navTarget, treeLinks, type TreeLinks } from '../../renderer/features/history/treeNav';
import { SHOTS, WAIT } from '../support/chromium';
import { connect } from '../support/ws-client';
import { closeDrawer, startStudio, type Studio } from '../support/e2e-setup';
import { seedHistory } from '../support/seed-history';

const VERSIONS = 10_000;
// The list is at most 60% of an 860 px window, drawn with a 320 px margin above and below; rows
// are at least 27 px. Anything near the version count means the window is not working.
const MAX_DRAWN = 80;

describe('a 10,000-version history tree in Chromium', () => {
  let studio: Studio;
  let page: Page;
  let rows: TreeRow[] = [];
  let links: TreeLinks;
  let headId = '';

  const drawn = (p: Page) => p.getByTestId('version-node').count();
  const focusedId = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-iteration-id') ?? null);
  async function expectFocusDrawn(p: Page, id: string): Promise<void> {
    await expect.poll(() => focusedId(p), WAIT).toBe(id);
    // In view inside the scrolling list, not only in the DOM (rows measured on arrival may move it once).
    const where = () =>
      p.evaluate((rowId) => {
        const list = document.querySelector('[data-testid="version-tree"]') as HTMLElement;
        const row = list.querySelector(`[data-iteration-id="${rowId}"]`) as HTMLElement;
        const a = list.getBoundingClientRect();
        const b = row.getBoundingClientRect();
        return b.top >= a.top - 1 && b.bottom <= a.bottom + 1 ? 'in view' : `row ${b.top}-${b.bottom}, list ${a.top}-${a.bottom}, scrollTop ${list.scrollTop} of ${list.scrollHeight}`;
      }, id);
    await expect.poll(where, WAIT).toBe('in view');
    expect(await drawn(p)).toBeLessThanOrEqual(MAX_DRAWN);
  }

  beforeAll(async () => {
    studio = await startStudio('history-scale');
    // Seeded beside the running host (SQLite in WAL mode takes a second connection).
    const store = openStore(studio.dataDir, { welcome: false });
    try {
      const seeded = seedHistory(store, { iterations: VERSIONS, bigDocument: VERSIONS, seed: 1 });
      const graph = store.history.graph(seeded.bigDocumentId, { recipes: false });
      headId = store.documents.get(seeded.bigDocumentId).headIterationId ?? '';
      rows = layoutTree(graph, headId);
      links = treeLinks(rows);
    } finally {
      store.close();
    }
    page = await studio.openApp('light');
  }, 180_000);

  afterAll(async () => {
    await studio?.close();
  });

  it('opens with a bounded number of rows drawn, each with its place in the tree', { timeout: 180_000 }, async () => {
    expect(rows.length).toBe(VERSIONS);
    await page.getByTestId('project-item').filter({ hasText: 'Seeded project 0' }).click();
    await page.getByTestId('document-item').filter({ hasText: 'Chapter 0' }).click();
    await page.locator('.cm-content').waitFor({ timeout: 120_000 });
    await closeDrawer(page);
    await page.getByTestId('side-tab-versions').click();
    const tree = page.getByTestId('version-tree');
    await tree.waitFor({ timeout: 120_000 });
    expect(await tree.getAttribute('data-count')).toBe(String(VERSIONS));
    // The seed trashes about 1% of versions; the count names them apart ("9900 versions · 100 in trash").
    const trashed = rows.filter((r) => r.iteration.deletedAt !== null).length;
    expect(trashed).toBeGreaterThan(0);
    expect(await page.getByTestId('version-count').textContent()).toContain(`${VERSIONS - trashed} versions · ${trashed} in trash`);

    // The current version (the newest, far down the outline) is drawn and in view.
    const head = page.locator(`[data-testid="version-node"][data-iteration-id="${headId}"]`);
    await head.waitFor(WAIT);
    expect(await head.getAttribute('data-head')).toBe('true');
    // Rows measured on arrival can shift the window once: read the count and the tree's own
    // figure together, until the two agree.
    const counts = () =>
      page.evaluate(() => ({
        rows: document.querySelectorAll('[data-testid="version-node"]').length,
        rendered: document.querySelector('[data-testid="version-tree"]')?.getAttribute('data-rendered') ?? null,
      }));
    await expect.poll(async () => { const c = await counts(); return c.rendered === String(c.rows); }, WAIT).toBe(true);
    const n = await drawn(page);
    expect(n).toBeGreaterThan(5);
    expect(n).toBeLessThanOrEqual(MAX_DRAWN);

    // Every drawn row says where it is in the whole tree, as the layout computes it.
    const attrs = await page.getByTestId('version-node').evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-iteration-id'), e.getAttribute('aria-level'), e.getAttribute('aria-posinset'), e.getAttribute('aria-setsize')]),
    );
    const byId = new Map(rows.map((r) => [r.iteration.id, r]));
    for (const [id, level, pos, size] of attrs) {
      const row = byId.get(id ?? '');
      expect(row, `row ${id}`).toBeDefined();
      const place = links.place.get(id ?? '') ?? { position: 1, of: 1 };
      expect([Number(level), Number(pos), Number(size)]).toEqual([(row as TreeRow).depth + 1, place.position, place.of]);
    }
    // Drawn in outline order: a contiguous run of rows (and at most the focused row besides).
    const order = attrs.map(([id]) => rows.findIndex((r) => r.iteration.id === id));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    await page.screenshot({ path: join(SHOTS, 'history-scale-light.png') });
  });

  it('moves by keyboard to rows thousands apart, each drawn, focused and in view', { timeout: 180_000 }, async () => {
    await page.locator(`[data-testid="version-node"][data-iteration-id="${headId}"]`).focus();
    const first = rows[0]?.iteration.id as string;
    const last = rows[rows.length - 1]?.iteration.id as string;

    await page.keyboard.press('Home');
    await expectFocusDrawn(page, first);
    expect(await page.getByTestId('history-announce').textContent()).not.toBe('');

    await page.keyboard.press('ArrowDown');
    const child = navTarget(rows, links, first, 'ArrowDown') as string;
    await expectFocusDrawn(page, child);

    await page.keyboard.press('End');
    await expectFocusDrawn(page, last);

    await page.keyboard.press('ArrowUp');
    await expectFocusDrawn(page, links.parent.get(last) as string);

    // Back to the top, then down the outline (the keys as treeNav.ts defines them) to the first
    // version that has a next sibling, and Right to it.
    await page.keyboard.press('Home');
    await expectFocusDrawn(page, first);
    let at = first;
    for (let k = 0; k < 60 && (links.place.get(at)?.position ?? 1) >= (links.place.get(at)?.of ?? 1); k++) {
      const next = navTarget(rows, links, at, 'ArrowDown');
      if (!next) break;
      await page.keyboard.press('ArrowDown');
      at = next;
      await expectFocusDrawn(page, at);
    }
    const right = navTarget(rows, links, at, 'ArrowRight');
    expect(right, 'a version with a next sibling within 60 steps of the top').not.toBeNull();
    await page.keyboard.press('ArrowRight');
    await expectFocusDrawn(page, right as string);
    await page.keyboard.press('ArrowLeft');
    await expectFocusDrawn(page, at);
  });

  // The page's sockets, kept where the test can reach them: to close one (a dropped connection),
  // and to make it miss what the host says meanwhile (as a connection that is down would).
  const SOCKET_HOOK = `(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.__deaf = false;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
        this.addEventListener('message', (e) => { if (window.__deaf) e.stopImmediatePropagation(); });
      }
    };
  })()`;

  /** A window on the big document's Versions tab, counting the history.graph requests it sends. */
  async function openWindow(): Promise<{ p: Page; graphFetches: () => number }> {
    const ctx = await studio.browser.newContext({ viewport: { width: 1280, height: 860 } });
    await ctx.addInitScript(SOCKET_HOOK);
    const p = await ctx.newPage();
    let fetches = 0;
    p.on('websocket', (ws) => ws.on('framesent', (f) => void (String(f.payload).includes('"method":"history.graph"') && fetches++)));
    await p.goto(studio.host.url);
    await p.getByTestId('project-item').filter({ hasText: 'Seeded project 0' }).click();
    await p.getByTestId('document-item').filter({ hasText: 'Chapter 0' }).click();
    await p.locator('.cm-content').waitFor({ timeout: 120_000 });
    await closeDrawer(p);
    await p.getByTestId('side-tab-versions').click();
    await p.locator(`[data-testid="version-node"][data-iteration-id="${headId}"]`).waitFor({ timeout: 120_000 });
    return { p, graphFetches: () => fetches };
  }

  it('shows marks from this window and from others in place, the trash by a reload, and what a dropped connection missed', { timeout: 240_000 }, async () => {
    const a = await openWindow();
    const b = await openWindow();
    const other = await connect(studio.host.port, { Authorization: `Bearer ${studio.host.token}` });
    try {
      const row = (w: { p: Page }, id: string) => w.p.locator(`[data-testid="version-node"][data-iteration-id="${id}"]`);
      const parentId = links.parent.get(headId) as string;
      const before = { a: a.graphFetches(), b: b.graphFetches() };
      const expectNoFetch = async () => {
        // The session would fetch 120 ms after the event: give it time to (wrongly) do so.
        await a.p.waitForTimeout(600);
        expect({ a: a.graphFetches(), b: b.graphFetches() }).toEqual(before);
      };

      // S in window A: both windows draw the star, neither fetches the 10,000-version graph.
      await row(a, headId).focus();
      await a.p.keyboard.press('s');
      for (const w of [a, b]) await expect.poll(() => row(w, headId).getAttribute('data-starred'), WAIT).toBe('true');
      await expectNoFetch();

      // Tags and a note from another client (the CLI, another browser): the same, in both windows.
      expect((await other.call('history.annotate', { id: parentId, tags: ['Ebb', 'flood'], note: 'Turn of the tide' })).ok).toBe(true);
      for (const w of [a, b]) {
        await expect.poll(() => row(w, parentId).getAttribute('data-tags'), WAIT).toBe('ebb,flood');
        expect(await row(w, parentId).getAttribute('data-has-note')).toBe('true');
        expect(await row(w, headId).getAttribute('data-starred')).toBe('true');
      }
      await expectNoFetch();

      // The trash is not a change of marks only: both windows fetch the graph and show it.
      expect((await other.call('history.trash', { id: parentId })).ok).toBe(true);
      for (const w of [a, b]) await expect.poll(() => row(w, parentId).getAttribute('data-trashed'), WAIT).toBe('true');
      await expect.poll(() => a.graphFetches(), WAIT).toBeGreaterThan(before.a);
      await expect.poll(() => b.graphFetches(), WAIT).toBeGreaterThan(before.b);
      expect(await row(b, parentId).getAttribute('data-tags')).toBe('ebb,flood');
      expect((await other.call('history.restore', { id: parentId })).ok).toBe(true);
      for (const w of [a, b]) await expect.poll(() => row(w, parentId).getAttribute('data-trashed'), WAIT).toBe('false');

      // Window B hears nothing (its connection is as good as down) while the star comes off and a
      // note goes on; A shows both at once. When B's connection drops and comes back, B catches up.
      await b.p.evaluate(() => ((window as unknown as { __deaf: boolean }).__deaf = true));
      expect((await other.call('history.annotate', { id: headId, starred: false, note: 'Checked at dawn' })).ok).toBe(true);
      await expect.poll(() => row(a, headId).getAttribute('data-starred'), WAIT).toBe('false');
      expect(await row(a, headId).getAttribute('data-has-note')).toBe('true');
      await b.p.waitForTimeout(300);
      expect(await row(b, headId).getAttribute('data-starred')).toBe('true'); // missed, as it would be
      await b.p.evaluate(() => {
        const w = window as unknown as { __deaf: boolean; __sockets: WebSocket[] };
        w.__deaf = false;
        w.__sockets.at(-1)?.close();
      });
      await expect.poll(() => row(b, headId).getAttribute('data-starred'), WAIT).toBe('false');
      expect(await row(b, headId).getAttribute('data-has-note')).toBe('true');
      expect(await row(b, parentId).getAttribute('data-tags')).toBe('ebb,flood');
    } finally {
      await other.close();
      await a.p.context().close();
      await b.p.context().close();
    }
  });
});
