// A continuation that streams on while the window's connection is down, against the real host and
// Chromium: once reconnected, the ghost text is what the host streamed (the tokens sent while
// offline included, none twice), it streams on from there, and Tab keeps the model's text once; Tab
// pressed while offline stops the job once the connection is back, also when the page was reloaded
// before it came back (Stop too). Expects out/renderer to be built (npm test builds first).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, Iteration, Job, TokensEvent } from '../../shared/contract';
import { writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { WAIT } from '../support/chromium';
import { newTextDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, writeSettings } from '../support/e2e-write';
import { connect, type TestSocket } from '../support/ws-client';
import { expectKeptOnce, type HostRead } from '../support/e2e-kept';
import { callOn } from '../support/host-api';
import { tokenPause } from '../support/token-pause';

/** A wider model with a long context: a continuation of hundreds of tokens takes seconds. */
const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };

/** The ghost text and the generation's state, read together (it may end any moment). */
const shown = (page: Page) =>
  page.evaluate(() => ({
    ghost: document.querySelector('[data-testid="write-ghost"]')?.textContent ?? '',
    state: document.querySelector('[data-testid="write-gen-status"]')?.getAttribute('data-state') ?? null,
  }));

/** While this file exists, the host's job worker writes no further (tests/support/pause-tokens.mjs). */
const pause = tokenPause('write-reconnect');

describe('a continuation streaming through a dropped connection', () => {
  let studio: Studio;
  /** Another client of the host: it hears every token the host sends. */
  let observer: TestSocket;

  beforeAll(async () => {
    studio = await startStudio('write-reconnect', { models: (dir) => writeDecoderFolder(join(dir, 'slow-gpt2'), SLOW_GPT2), hostEnv: pause.env });
    observer = await connect(studio.host.port, { Authorization: `Bearer ${studio.host.token}` });
  });

  afterAll(async () => {
    pause.release();
    await observer?.close();
    await studio?.close();
    pause.cleanup();
  });

  /** The tokens the host sent for the job so far, and their text. */
  const heard = (jobId: string) => {
    const tokens = observer.events
      .filter((e) => e.event === 'generate.tokens' && (e.data as TokensEvent).jobId === jobId)
      .flatMap((e) => (e.data as TokensEvent).tokens);
    return { count: tokens.length, text: tokens.map((t) => t.text).join('') };
  };

  /**
   * A window whose socket passes through a route that can drop it and refuse reconnects for a while
   * (net.offline); net.sent: the calls it sent. It types `opening` into a new document and presses
   * Continue with the slow model writing up to 900 tokens; answered once some text streamed, with the job's id.
   */
  async function streamingWindow(title: string, opening: string) {
    const net = { offline: false, drop: null as (() => Promise<void>) | null, sent: [] as string[] };
    const ctx = await studio.browser.newContext({ viewport: { width: 1280, height: 860 } });
    await ctx.routeWebSocket(/\/ws/, (ws) => {
      if (net.offline) {
        void ws.close({ code: 1001, reason: 'network down' });
        return;
      }
      const server = ws.connectToServer();
      net.drop = async () => {
        await ws.close({ code: 1001, reason: 'network dropped' });
        await server.close();
      };
      ws.onMessage((m) => {
        if (typeof m === 'string') net.sent.push(m);
        server.send(m);
      });
    });
    const page = await ctx.newPage();
    await page.goto(studio.host.url);
    await page.getByTestId('project-item').first().waitFor(WAIT);
    await newTextDocument(page, title);
    await writeSettings(page, { model: 'slow-gpt2', maxTokens: 900 });
    await page.locator('.cm-content').click();
    await page.keyboard.type(opening);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    const jobsBefore = new Set(observer.events.filter((e) => e.event === 'generate.tokens').map((e) => (e.data as TokensEvent).jobId));
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await shown(page)).ghost.length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(10);
    // The observer's socket is another connection: its copy of the tokens can come after the window's.
    const started = await observer.waitForEvent((e) => e.event === 'generate.tokens' && !jobsBefore.has((e.data as TokensEvent).jobId), 60_000);
    const jobId = (started.data as TokensEvent).jobId;
    return { ctx, page, net, jobId };
  }

  /** Drops the window's connection (refusing reconnects) and waits while the host sends at least `tokens` more. */
  async function offlineWhile(w: { page: Page; net: { offline: boolean; drop: (() => Promise<void>) | null }; jobId: string }, tokens: number) {
    w.net.offline = true;
    await w.net.drop?.();
    await w.page.getByTestId('connection-banner').getByText('Connection lost').waitFor(WAIT);
    const atDrop = heard(w.jobId).count;
    await expect.poll(() => heard(w.jobId).count - atDrop, { timeout: 60_000, interval: 50 }).toBeGreaterThan(tokens);
  }

  /** The host's word that the job ended. */
  const isEnd = (jobId: string) => (e: { event: string; data: unknown }) => {
    const job = e.data as Job;
    return e.event === 'jobs.changed' && job.id === jobId && ['done', 'cancelled', 'failed'].includes(job.status);
  };

  /**
   * Reloads the window while its socket is refused and lets it connect again. A job still running
   * is paused meanwhile (this model would write its 900 tokens during the reload), and goes on once
   * the reloaded window has found it again and caught up (generate.streamed sent).
   */
  async function reloadOffline(w: { page: Page; net: { offline: boolean; sent: string[] }; jobId: string }) {
    const running = !observer.events.some(isEnd(w.jobId));
    if (running) pause.hold();
    try {
      await w.page.reload();
      await w.page.getByTestId('connection-banner').getByText('Connecting to the Atelier host').waitFor(WAIT);
      const sentBefore = w.net.sent.length;
      w.net.offline = false;
      const caughtUp = () => w.net.sent.slice(sentBefore).some((m) => (JSON.parse(m) as { method: string }).method === 'generate.streamed');
      if (running) await expect.poll(caughtUp, { timeout: 60_000, interval: 20 }).toBe(true);
    } finally {
      pause.release();
    }
  }

  /** Reads what the host stored (over the observer's socket). */
  const read: HostRead = (method, params) => callOn(observer, method, params);


  /** The job's end as the host announced it, and the text it wrote. */
  const ended = async (jobId: string) => {
    const end = (await observer.waitForEvent(isEnd(jobId), 120_000)).data as Job;
    const result = end.result as GenerateTextJobSummary;
    return { status: end.status, written: result.rows[0]?.text ?? '', versionId: result.iterationIds[0] ?? undefined };
  };

  const keptOnce = (page: Page, opening: string, written: string, versionId: string | undefined) => expectKeptOnce(page, read, opening, written, versionId);
  /** The job ended stopped, short of its 900 tokens, and its version holds exactly what this window heard it write. */
  const stoppedShort = async (jobId: string) => {
    const end = await ended(jobId);
    expect(end.status).toBe('cancelled');
    expect(heard(jobId).count).toBeLessThan(900);
    expect(end.written).toBe(heard(jobId).text);
    return end;
  };


  it('fills the ghost text with the tokens sent while offline, streams on, and Tab keeps the model’s text once', { timeout: 240_000 }, async () => {
    const opening = 'The lighthouse keeper counted ships.';
    const w = await streamingWindow('Offline', opening);
    const { page, net, jobId } = w;

    // The network drops; the host writes on meanwhile, and the window hears none of it.
    await offlineWhile(w, 20);
    const missed = await shown(page);
    expect(missed.state).toBe('running');
    const sentBefore = net.sent.length;

    // Back online: the window reconnects by itself and catches up.
    net.offline = false;
    const gap = heard(jobId).text;
    expect(gap.startsWith(missed.ghost)).toBe(true);
    expect(gap.length).toBeGreaterThan(missed.ghost.length);
    await page.getByTestId('connection-banner').getByText('Connection lost').waitFor({ state: 'detached', ...WAIT });
    // Still streaming, the ghost text holds what was sent offline, and is what the host sent (nothing missing, nothing twice).
    await expect
      .poll(
        async () => {
          const now = await shown(page);
          return now.state === 'running' && now.ghost.length >= gap.length && heard(jobId).text.startsWith(now.ghost);
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    // It asked for its job alone, not the whole queue.
    const asked = net.sent.slice(sentBefore).map((m) => JSON.parse(m) as { method: string; params: unknown });
    expect(asked.filter((m) => m.method === 'jobs.get')).toEqual([expect.objectContaining({ params: { id: jobId } })]);
    expect(asked.filter((m) => m.method === 'jobs.list' && JSON.stringify(m.params).includes('1000'))).toEqual([]);

    // Streams on from there.
    const caught = (await shown(page)).ghost;
    await expect.poll(async () => (await shown(page)).ghost.length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(caught.length + 5);
    expect((await shown(page)).ghost.startsWith(caught)).toBe(true);

    // Tab stops it and keeps what the model wrote: the host's text, once, in the editor and as the stored head.
    await page.keyboard.press('Tab');
    const { written, versionId } = await ended(jobId);
    expect(written).toBe(heard(jobId).text);
    expect(written.startsWith(caught)).toBe(true);
    await keptOnce(page, opening, written, versionId);
    await w.ctx.close();
  });

  it('Tab pressed while offline stops the job once reconnected and keeps what it wrote, once', { timeout: 240_000 }, async () => {
    const opening = 'Snow fell on the quiet station.';
    const w = await streamingWindow('Kept offline', opening);
    await offlineWhile(w, 5);
    // Keep it now: the stop cannot reach the host yet, and the host writes on.
    await w.page.keyboard.press('Tab');
    await w.page.getByTestId('write-error').waitFor(WAIT);
    const atTab = heard(w.jobId).count;
    await expect.poll(() => heard(w.jobId).count - atTab, { timeout: 60_000, interval: 50 }).toBeGreaterThan(5);
    w.net.offline = false;
    // Once back, the stop goes out: the job is stopped, not run to its 900 tokens, and its text is kept.
    const { written, versionId } = await stoppedShort(w.jobId);
    await keptOnce(w.page, opening, written, versionId);
    // The notice that the stop had not gone out goes with it.
    expect(await w.page.getByTestId('write-error').count()).toBe(0);
    await w.ctx.close();
  });

  it('Tab pressed while offline, then a reload before the connection is back: the job is stopped once back and what it wrote kept, once', { timeout: 240_000 }, async () => {
    const opening = 'The ferryman waited for the tide.';
    const w = await streamingWindow('Kept through a reload', opening);
    await offlineWhile(w, 5);
    await w.page.keyboard.press('Tab');
    await w.page.getByTestId('write-error').waitFor(WAIT);
    // The page is reloaded while the host is still out of reach, then the connection comes back.
    await reloadOffline(w);
    // The reloaded page stops the job (not run to its 900 tokens) and keeps its text, as without the reload.
    const { written, versionId } = await stoppedShort(w.jobId);
    await keptOnce(w.page, opening, written, versionId);
    expect(await w.page.getByTestId('write-error').count()).toBe(0);
    await w.ctx.close();
  });

  it('Stop pressed while offline, then a reload: the job is stopped once back, its text offered to keep, not kept unasked', { timeout: 240_000 }, async () => {
    const opening = 'Lanterns swung along the pier.';
    const w = await streamingWindow('Stopped through a reload', opening);
    await offlineWhile(w, 5);
    await w.page.getByTestId('write-stop').click();
    await w.page.getByTestId('write-error').waitFor(WAIT);
    await reloadOffline(w);
    const { written, versionId } = await stoppedShort(w.jobId);
    // As a Stop without a reload: what it wrote is shown stopped, to keep or reject; the writer's text stays the head.
    await w.page.locator('[data-testid="write-gen-status"][data-state="stopped"]').waitFor(WAIT);
    expect(await shown(w.page)).toEqual({ ghost: written, state: 'stopped' });
    expect(await editorText(w.page)).toBe(opening);
    const version = await read<Iteration>('history.get', { id: versionId });
    expect((await read<DocumentInfo>('documents.get', { id: version.documentId })).headIterationId).not.toBe(versionId);
    // Tab keeps it then, once.
    await w.page.keyboard.press('Tab');
    await keptOnce(w.page, opening, written, versionId);
    await w.ctx.close();
  });

  it('Tab pressed while offline, the job ending meanwhile, then a reload: what it wrote is kept once back, once', { timeout: 240_000 }, async () => {
    const opening = 'Gulls followed the last boat in.';
    const w = await streamingWindow('Ended through a reload', opening);
    await offlineWhile(w, 5);
    // Still running as far as the window knows: the Tab waits for the connection.
    expect((await shown(w.page)).state).toBe('running');
    await w.page.keyboard.press('Tab');
    await w.page.getByTestId('write-error').waitFor(WAIT);
    // No stop reached the host: the job writes its 900 tokens and ends.
    const { status, written, versionId } = await ended(w.jobId);
    expect(status).toBe('done');
    expect(written).toBe(heard(w.jobId).text);
    await reloadOffline(w);
    await keptOnce(w.page, opening, written, versionId);
    await w.ctx.close();
  });
});
