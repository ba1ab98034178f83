// What a writer finds after reloading the writing studio, against the real host and Chromium: the
// tints each version was saved with (not a rebuild that takes an undo for an edit), a continuation
// that was streaming when the page reloaded, and the notice that a too-long prompt lost its start.
// Expects out/renderer to be built (npm test builds first).
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTextModelFolder } from '../../electron/engine/text/model-folder';
import { TextTokenizer } from '../../electron/engine/text/tokenizer';
import { defaultResourcesDir } from '../../electron/models/registry';
import { TINY_GPT2, writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { SHOTS, WAIT } from '../support/chromium';
import { newTextDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, generationEnded, reloadWriting as reload, writeSettings } from '../support/e2e-write';
import { tokenPause } from '../support/token-pause';

/** A wider model with a long context: a continuation of hundreds of tokens takes seconds. */
const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };

/** The editor's text in runs of one owner (user, model, edited) and one colour, as drawn. */
const tintRuns = (page: Page): Promise<[string, string, string][]> =>
  page.locator('.cm-content').evaluate((el) => {
    const runs: [string, string, string][] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement as HTMLElement;
      if (parent.closest('.cm-ghost, .cm-placeholder')) continue;
      const kind = parent.closest('.cm-prov-edited') ? 'edited' : parent.closest('.cm-prov-model') ? 'model' : 'user';
      const color = getComputedStyle(parent).color;
      const last = runs[runs.length - 1];
      if (last && last[0] === kind && last[1] === color) last[2] += n.textContent ?? '';
      else runs.push([kind, color, n.textContent ?? '']);
    }
    return runs;
  });

/** The calls the page sends from now on (over any socket it opens), method and params. */
function recordCalls(page: Page): { method: string; params: unknown }[] {
  const calls: { method: string; params: unknown }[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as { method?: string; params?: unknown };
      if (typeof m.method === 'string') calls.push({ method: m.method, params: m.params });
    }),
  );
  return calls;
}

const saved = (page: Page) => page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);

/** The slow model writes its 900 tokens in about a second: paused over a reload, it is still running after it. */
const pause = tokenPause('write-reload');

describe('the writing studio after a reload', () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    studio = await startStudio('write-reload', {
      models: (dir) => {
        writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2);
        writeDecoderFolder(join(dir, 'slow-gpt2'), SLOW_GPT2);
      },
      viewport: { width: 1280, height: 800 },
      hostEnv: pause.env,
    });
    page = await studio.openApp('light');
  });

  afterAll(async () => {
    pause.release();
    await studio?.close();
    pause.cleanup();
  });

  it('shows the tints a version was saved with: an undo inside kept model text stays the model’s', { timeout: 90_000 }, async () => {
    await newTextDocument(page, 'Tints');
    await writeSettings(page, { model: 'tiny-gpt2', maxTokens: 12 });
    const opening = 'The harbour was quiet.';
    await page.locator('.cm-content').click();
    await page.keyboard.type(opening);
    await saved(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await generationEnded(page);
    const generated = (await page.getByTestId('write-ghost').textContent()) ?? '';
    // A short prompt: nothing was left out, and nothing says so.
    expect(await page.getByTestId('write-truncated').count()).toBe(0);
    await page.keyboard.press('Tab');
    await page.getByTestId('write-ghost').waitFor({ state: 'detached', ...WAIT });
    await saved(page);
    const kept = await tintRuns(page);
    const oneLine = (s: string) => s.replace(/\n/g, '');
    expect(kept.map(([kind, , text]) => [kind, text])).toEqual([
      ['user', opening],
      ['model', oneLine(generated)],
    ]);
    // Drawn in the theme's model colour, the writer's text in another.
    expect(kept[1]?.[1]).toBe('rgb(47, 71, 168)');
    expect(kept[0]?.[1]).not.toBe(kept[1]?.[1]);

    // A letter typed inside the model's text, saved, then undone and saved again.
    await page.keyboard.press('Control+End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('Q');
    await expect.poll(async () => (await tintRuns(page)).some(([kind, , text]) => kind === 'edited' && text.includes('Q')), WAIT).toBe(true);
    await page.locator('[data-testid="save-state"][data-state="dirty"], [data-testid="save-state"][data-state="saving"]').waitFor(WAIT);
    await saved(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => tintRuns(page), WAIT).toEqual(kept);
    await page.locator('[data-testid="save-state"][data-state="dirty"], [data-testid="save-state"][data-state="saving"]').waitFor(WAIT);
    await saved(page);

    // After a reload: the same runs in the same colours, no "edited" text anywhere.
    await reload(page);
    await expect.poll(() => editorText(page), WAIT).toBe(opening + generated);
    await expect.poll(() => tintRuns(page), WAIT).toEqual(kept);
    expect(await page.locator('.cm-prov-edited').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'write-reload-tints-light.png') });
  });

  it('says how many tokens of a too-long prompt the starter model left out, and still does after a reload', { timeout: 120_000 }, async () => {
    // The starter model reads 256 positions; with 16 to write, the prompt keeps its last 240 tokens.
    const prompt = 'And God said, Let there be light: and there was light. And God saw the light, that it was good. '.repeat(14);
    const tokenizer = new TextTokenizer(readTextModelFolder(join(defaultResourcesDir(), 'models', 'starter-text')));
    const left = tokenizer.encode(prompt).length - 240;
    expect(left).toBeGreaterThan(100);
    const words = `The first ${left} tokens were left out: the model reads at most 240.`;

    await newTextDocument(page, 'Long');
    await writeSettings(page, { model: 'starter-text', maxTokens: 16 });
    await page.locator('.cm-content').click();
    await page.keyboard.insertText(prompt);
    await saved(page);
    expect(await editorText(page)).toBe(prompt);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await generationEnded(page);
    const notice = page.getByTestId('write-truncated');
    expect(await notice.textContent()).toBe(words);
    const generated = (await page.getByTestId('write-ghost').textContent()) ?? '';
    await page.screenshot({ path: join(SHOTS, 'write-prompt-cut-light.png') });
    // Kept, the version says it (from its recipe) until the writer goes on from it.
    await page.keyboard.press('Tab');
    await page.getByTestId('write-ghost').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => notice.textContent(), WAIT).toBe(words);

    await reload(page);
    await expect.poll(() => editorText(page), WAIT).toBe(prompt + generated);
    await expect.poll(() => notice.textContent(), WAIT).toBe(words);
    expect(await notice.getAttribute('data-left')).toBe(String(left));
    // Once the writer types on, the text is theirs: the notice belongs to the generated version.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Amen.');
    await saved(page);
    await notice.waitFor({ state: 'detached', ...WAIT });
  });

  it('shows a continuation that streamed through a reload: what it wrote so far, streaming on, then kept whole', { timeout: 180_000 }, async () => {
    const ghost = page.getByTestId('write-ghost');
    const ghostText = async () => (await ghost.textContent()) ?? '';
    await newTextDocument(page, 'Streaming');
    await writeSettings(page, { model: 'slow-gpt2', maxTokens: 900 });
    const opening = 'The night train left at nine.';
    await page.locator('.cm-content').click();
    await page.keyboard.type(opening);
    await saved(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await ghostText()).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(20);
    const before = await ghostText();
    const jobId = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith('atelier.write.pending.'));
      return key ? (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { jobId?: string }).jobId : undefined;
    });
    expect(jobId).toMatch(/^[A-Za-z0-9_-]+$/);
    const sent = recordCalls(page);
    // The reloaded page's catch-up (generate.streamed) is held back, so the moment before it is answered can be read.
    const catchUp = { hold: true, release: null as (() => void) | null };
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (catchUp.hold && typeof m === 'string' && m.includes('"method":"generate.streamed"')) catchUp.release = () => server.send(m);
        else server.send(m);
      });
    });

    pause.hold();
    await reload(page);
    // Until the catch-up answers, the status says so rather than a count of tokens it does not know.
    await expect.poll(() => catchUp.release !== null, WAIT).toBe(true);
    const status = page.getByTestId('write-gen-status');
    await expect.poll(() => status.textContent(), WAIT).toBe('Catching up…');
    expect(await status.getAttribute('data-state')).toBe('running');
    catchUp.hold = false;
    catchUp.release!();
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^Writing… [1-9]\d* tokens$/);
    pause.release();
    // What it wrote before the reload is there, in the same place, and more follows.
    await expect.poll(ghostText, WAIT).not.toBe('');
    expect((await ghostText()).startsWith(before), before).toBe(true);
    expect(await ghost.getAttribute('data-streaming')).toBe('true');
    expect(await page.getByTestId('write-gen-status').getAttribute('data-state')).toBe('running');
    // It found its job by asking for that one job, not a list of them all (each carries its prompt).
    expect(sent.filter((m) => m.method === 'jobs.get')).toEqual([{ method: 'jobs.get', params: { id: jobId } }]);
    expect(sent.filter((m) => m.method === 'jobs.list' && JSON.stringify(m.params).includes('1000'))).toEqual([]);
    const caught = await ghostText();
    await expect.poll(async () => (await ghostText()).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(caught.length + 10);
    const streamed = await ghostText();
    expect(streamed.startsWith(caught)).toBe(true);
    expect(await editorText(page)).toBe(opening);

    // Stop keeps what it wrote, whole: the streamed text and the rest up to the stop.
    await page.getByTestId('write-stop').click();
    await generationEnded(page, 'stopped');
    const stopped = await ghostText();
    expect(stopped.startsWith(streamed)).toBe(true);
    await page.keyboard.press('Tab');
    await ghost.waitFor({ state: 'detached', ...WAIT });
    expect(await editorText(page)).toBe(opening + stopped);
    await saved(page);
    await reload(page);
    await expect.poll(() => editorText(page), WAIT).toBe(opening + stopped);
    expect(await page.getByTestId('write-gen-status').count()).toBe(0);
  });

  it('counts the tokens again when the catch-up after a reload fails once: asked again, not stuck on "Catching up…"', { timeout: 180_000 }, async () => {
    const own = await studio.openApp('light');
    const ghost = own.getByTestId('write-ghost');
    const ghostText = async () => (await ghost.textContent()) ?? '';
    await newTextDocument(own, 'Retry');
    await writeSettings(own, { model: 'slow-gpt2', maxTokens: 900 });
    await own.locator('.cm-content').click();
    await own.keyboard.type('The ferry sounded twice.');
    await saved(own);
    await own.keyboard.press('Control+End');
    await own.keyboard.press('Control+Enter');
    await expect.poll(async () => (await ghostText()).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(20);
    const before = await ghostText();
    // The reloaded page's first catch-up is answered with an error (the connection stays up); the rest reach the host.
    const asked: number[] = [];
    await own.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        const call = typeof m === 'string' ? (JSON.parse(m) as { id?: number; method?: string }) : {};
        if (call.method === 'generate.streamed' && typeof call.id === 'number') {
          asked.push(call.id);
          if (asked.length === 1) return ws.send(JSON.stringify({ id: call.id, ok: false, error: { code: 'INTERNAL', message: 'Test: the catch-up failed' } }));
        }
        server.send(m);
      });
    });

    pause.hold();
    await reload(own);
    const status = own.getByTestId('write-gen-status');
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^Writing… [1-9]\d* tokens$/);
    pause.release();
    expect(await status.getAttribute('data-state')).toBe('running');
    expect(asked.length).toBe(2);
    // Asked again, the answer holds what it wrote before the reload, in its place, streaming on.
    expect((await ghostText()).startsWith(before), before).toBe(true);
    const caught = await ghostText();
    await expect.poll(async () => (await ghostText()).length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(caught.length + 10);
    await own.getByTestId('write-stop').click();
    await generationEnded(own, 'stopped');
    await own.context().close();
  });

  it('shows a continuation that finished before a reload as it was, to keep or reject', { timeout: 90_000 }, async () => {
    await writeSettings(page, { model: 'tiny-gpt2', maxTokens: 12 });
    const text = await editorText(page);
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await generationEnded(page);
    const written = (await page.getByTestId('write-ghost').textContent()) ?? '';
    expect(written).not.toBe('');

    await reload(page);
    await generationEnded(page);
    expect(await page.getByTestId('write-ghost').textContent()).toBe(written);
    expect(await page.getByTestId('write-ghost').getAttribute('data-streaming')).toBe('false');
    expect(await editorText(page)).toBe(text);
    await page.keyboard.press('Tab');
    await page.getByTestId('write-ghost').waitFor({ state: 'detached', ...WAIT });
    expect(await editorText(page)).toBe(text + written);
    // Kept, it is gone for good: another reload shows the text, nothing waiting.
    await reload(page);
    await expect.poll(() => editorText(page), WAIT).toBe(text + written);
    expect(await page.getByTestId('write-gen-status').count()).toBe(0);
  });
});
