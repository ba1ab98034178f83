// A generation the tab remembers (sessionStorage) across a reload, against the real host and
// Chromium: a reload in the moment after Continue, before generate.text answered, still brings the
// job back (streaming, then kept once), and so does a connection that drops then; and a copy of
// the tab, its sessionStorage copied by the browser (window.open copies it, as duplicating a tab
// does), opens the document normally while the tab that started the generation keeps it. Expects out/renderer to be built (npm test builds first).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { WAIT } from '../support/chromium';
import { newTextDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, showVersions, writeSettings } from '../support/e2e-write';

/** A wider model with a long context: a continuation of hundreds of tokens takes seconds. */
const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };

const ghostText = async (page: Page) => (await page.getByTestId('write-ghost').textContent()) ?? '';
const editorReady = (page: Page) => page.locator('.write-editor:not(.write-editor-loading)').waitFor(WAIT);
const saved = (page: Page) => page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
const modelVersions = (page: Page) => page.locator('[data-testid="version-node"][data-source="model"]').count();
/**
 * How many versions the tree holds once it shows the kept version as the head: keeping checks it
 * out, and the tree fetches the graph again after that, so read at once it can be the graph of before.
 */
async function versionsOnceKept(page: Page): Promise<number> {
  await page.getByTestId('side-tab-versions').click();
  await page.locator('[data-testid="version-node"][data-source="model"][data-head="true"]').waitFor(WAIT);
  return showVersions(page);
}
const pendingKey = (page: Page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('atelier.write.pending.')));

/** Types `opening` into a new document and presses Continue at its end, with the slow model writing 900 tokens (or `maxTokens`). */
async function continueSlowly(page: Page, title: string, opening: string, maxTokens = 900): Promise<void> {
  await newTextDocument(page, title);
  await writeSettings(page, { model: 'slow-gpt2', maxTokens });
  await page.locator('.cm-content').click();
  await page.keyboard.type(opening);
  await saved(page);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Control+Enter');
}

/** The generation's state and whether its ghost text streams, read together (it may end any moment). */
const genState = (page: Page) =>
  page.evaluate(() => ({
    state: document.querySelector('[data-testid="write-gen-status"]')?.getAttribute('data-state') ?? null,
    streaming: document.querySelector('[data-testid="write-ghost"]')?.getAttribute('data-streaming') ?? null,
  }));

/**
 * Keeps the generation with Tab (which stops it first if it still runs, the way a writer keeps
 * what is there so far; the machine may be slow enough that it has ended) and answers the
 * editor's text once saved.
 */
async function keep(page: Page): Promise<string> {
  await page.keyboard.press('Tab');
  await page.getByTestId('write-ghost').waitFor({ state: 'detached', timeout: 120_000 });
  await saved(page);
  return editorText(page);
}

/** Once kept: what the model wrote follows the opening once, starting with what was seen streaming; no other version was saved. */
async function keptOnce(page: Page, opening: string, seen: string): Promise<void> {
  const text = await keep(page);
  expect(text.startsWith(opening + seen), text).toBe(true);
  // Text doubled in the editor would have been saved as a version of its own.
  expect(await versionsOnceKept(page)).toBe(2);
  expect(await modelVersions(page)).toBe(1);
  expect(await pendingKey(page)).toEqual([]);
  await page.reload();
  await editorReady(page);
  await expect.poll(() => editorText(page), WAIT).toBe(text);
  expect(await page.getByTestId('write-gen-status').count()).toBe(0);
}

describe('a generation remembered by the tab', () => {
  let studio: Studio;

  beforeAll(async () => {
    studio = await startStudio('write-pending', { models: (dir) => writeDecoderFolder(join(dir, 'slow-gpt2'), SLOW_GPT2) });
  });

  afterAll(async () => {
    await studio?.close();
  });

  /**
   * A browser context whose first generate.text answer is held back in the socket route (the job
   * runs at the host meanwhile); the tokens events before it are counted, and a job's end is
   * noted. release(): later
   * connections pass everything; drop(): the held connection closes, as when the network drops.
   */
  async function holdingAnswer() {
    const held = { answer: null as string | null, tokenEvents: 0, done: false, holding: true, callId: null as number | null, close: null as (() => Promise<void>) | null };
    const ctx = await studio.browser.newContext({ viewport: { width: 1280, height: 860 } });
    await ctx.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      const holding = held.holding;
      if (holding) held.close = async () => {
        await ws.close({ code: 1001, reason: 'network dropped' });
        await server.close();
      };
      ws.onMessage((m) => {
        if (holding && typeof m === 'string' && m.includes('"method":"generate.text"')) held.callId = (JSON.parse(m) as { id: number }).id;
        server.send(m);
      });
      server.onMessage((m) => {
        if (holding && typeof m === 'string') {
          const message = JSON.parse(m) as { id?: number; event?: string; data?: { status?: string } };
          if (message.event === 'generate.tokens') held.tokenEvents++;
          if (message.event === 'jobs.changed' && message.data?.status === 'done') held.done = true;
          if (held.callId !== null && message.id === held.callId) {
            held.answer = m;
            return;
          }
        }
        ws.send(m);
      });
    });
    return {
      ctx,
      get answer() {
        return held.answer;
      },
      get tokenEvents() {
        return held.tokenEvents;
      },
      /** A job ended (done) while the answer was held. */
      get done() {
        return held.done;
      },
      release: () => {
        held.holding = false;
      },
      drop: async () => {
        held.holding = false;
        await held.close?.();
      },
    };
  }

  it('a reload before generate.text answered brings the job back where it is, then kept once', { timeout: 180_000 }, async () => {
    // The host's answer to generate.text never reaches the first page (held in the socket route),
    // as when the page reloads in the instant after the request went out; the job runs meanwhile.
    const held = await holdingAnswer();
    const ctx = held.ctx;
    const page = await ctx.newPage();
    await page.goto(studio.host.url);
    await page.getByTestId('project-item').first().waitFor(WAIT);
    const opening = 'The ferry waited at the pier.';
    await continueSlowly(page, 'Early reload', opening);
    await expect.poll(() => held.answer !== null && held.tokenEvents > 3, { timeout: 60_000, interval: 100 }).toBe(true);
    // The page has no job id yet: it waits, showing nothing written.
    expect(await page.getByTestId('write-gen-status').getAttribute('data-state')).toBe('starting');
    expect(await ghostText(page)).toBe('');
    expect(held.answer).toMatch(/"ok":true/);

    held.release();
    await page.reload();
    await editorReady(page);
    await expect.poll(() => ghostText(page), WAIT).not.toBe('');
    // Where it was: streaming on, or (on a slow machine) ended, waiting to be kept.
    expect([{ state: 'running', streaming: 'true' }, { state: 'done', streaming: 'false' }]).toContainEqual(await genState(page));
    expect(await editorText(page)).toBe(opening);
    // The editor has the focus, so Tab keeps it (and Esc stops or rejects it).
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('cm-content') ?? false), WAIT).toBe(true);
    await keptOnce(page, opening, await ghostText(page));
    await ctx.close();
  });

  it('a connection that drops before generate.text answered: once reconnected the job is found where it is, then kept once', { timeout: 180_000 }, async () => {
    const held = await holdingAnswer();
    const page = await held.ctx.newPage();
    await page.goto(studio.host.url);
    await page.getByTestId('project-item').first().waitFor(WAIT);
    const opening = 'The tide turned at noon.';
    await continueSlowly(page, 'Dropped answer', opening);
    await expect.poll(() => held.answer !== null && held.tokenEvents > 3, { timeout: 60_000, interval: 100 }).toBe(true);
    expect(await page.getByTestId('write-gen-status').getAttribute('data-state')).toBe('starting');

    // The call fails with the lost connection; the window reconnects and asks for the job by its ref.
    await held.drop();
    await expect.poll(() => ghostText(page), WAIT).not.toBe('');
    expect([{ state: 'running', streaming: 'true' }, { state: 'done', streaming: 'false' }]).toContainEqual(await genState(page));
    expect(await page.getByTestId('write-error').count()).toBe(0);
    expect(await editorText(page)).toBe(opening);
    await keptOnce(page, opening, await ghostText(page));
    await held.ctx.close();
  });

  it('Tab pressed before generate.text answered, the job ending and the connection dropping: once reconnected what it wrote is kept, once', { timeout: 180_000 }, async () => {
    const held = await holdingAnswer();
    const page = await held.ctx.newPage();
    await page.goto(studio.host.url);
    await page.getByTestId('project-item').first().waitFor(WAIT);
    const opening = 'The lamps were lit at dusk.';
    await continueSlowly(page, 'Kept unanswered', opening, 8);
    // The job has ended at the host; the page, its answer held, still waits for the job's id.
    await expect.poll(() => held.answer !== null && held.done, { timeout: 60_000, interval: 100 }).toBe(true);
    expect(await page.getByTestId('write-gen-status').getAttribute('data-state')).toBe('starting');
    await page.keyboard.press('Tab');

    // The answer is lost with the connection; found by its ref once reconnected, the job is kept as Tab asked.
    await held.drop();
    await page.getByTestId('write-ghost').waitFor({ state: 'detached', ...WAIT });
    await saved(page);
    const text = await editorText(page);
    expect(text.length, text).toBeGreaterThan(opening.length);
    expect(text.startsWith(opening), text).toBe(true);
    expect(await versionsOnceKept(page)).toBe(2);
    expect(await modelVersions(page)).toBe(1);
    expect(await pendingKey(page)).toEqual([]);
    expect(await page.getByTestId('write-gen-status').count()).toBe(0);
    await held.ctx.close();
  });

  // Without Web Locks (a page on a plain-HTTP address other than loopback has none), live tabs answer on a BroadcastChannel.
  for (const locks of [true, false]) {
    it(`a copy of the tab opens the document normally; the tab that started the generation keeps it (${locks ? 'Web Locks' : 'no Web Locks'})`, { timeout: 180_000 }, async () => {
      const ctx = await studio.browser.newContext({ viewport: { width: 1280, height: 860 } });
      if (!locks) await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true }));
      const first = await ctx.newPage();
      await first.goto(studio.host.url);
      await first.getByTestId('project-item').first().waitFor(WAIT);
      expect(await first.evaluate(() => typeof navigator.locks)).toBe(locks ? 'object' : 'undefined');
      const opening = 'Gulls over the breakwater.';
      await continueSlowly(first, `Copied tab ${locks ? 'L' : 'B'}`, opening);
      await expect.poll(async () => (await ghostText(first)).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(20);
      expect(await pendingKey(first)).toHaveLength(1);

      // window.open without noopener: Chromium copies this tab's sessionStorage into the new one,
      // everything in it (the view, the tab's id, the pending generation), as a duplicated tab has.
      const [copy] = await Promise.all([first.context().waitForEvent('page'), first.evaluate(() => void window.open(location.href))]);
      await copy.locator('.cm-content').waitFor(WAIT);
      await editorReady(copy);
      // The same document (the view came with the copy), without the generation.
      expect(await copy.locator('#document-title').textContent()).toBe(`Copied tab ${locks ? 'L' : 'B'}`);
      await expect.poll(() => editorText(copy), WAIT).toBe(opening);
      expect(await copy.getByTestId('write-gen-status').count()).toBe(0);
      expect(await copy.getByTestId('write-ghost').count()).toBe(0);
      expect(await pendingKey(copy)).toEqual([]);
      // It took an id of its own: the one it was copied with is the first tab's.
      const firstTab = await first.evaluate(() => sessionStorage.getItem('atelier.tab'));
      const copyTab = await copy.evaluate(() => sessionStorage.getItem('atelier.tab'));
      expect(firstTab).not.toBeNull();
      expect(copyTab).not.toBeNull();
      expect(copyTab).not.toBe(firstTab);
      // Reloaded, the copy is still itself: nothing pending there.
      await copy.reload();
      await editorReady(copy);
      await expect.poll(() => editorText(copy), WAIT).toBe(opening);
      expect(await copy.getByTestId('write-gen-status').count()).toBe(0);
      expect(await copy.evaluate(() => sessionStorage.getItem('atelier.tab'))).toBe(copyTab);

      // The first tab still has it (streaming on, or ended meanwhile) and keeps it; the copy follows the head it moved to.
      expect(['running', 'done']).toContain((await genState(first)).state);
      const seen = await ghostText(first);
      const text = await keep(first);
      expect(text.startsWith(opening + seen), text).toBe(true);
      await expect.poll(() => editorText(copy), WAIT).toBe(text);
      expect(await copy.getByTestId('write-ghost').count()).toBe(0);
      expect(await versionsOnceKept(first)).toBe(2);
      expect(await modelVersions(first)).toBe(1);
      await ctx.close();
    });
  }
});
