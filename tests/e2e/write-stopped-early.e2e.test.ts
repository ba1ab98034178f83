// Esc pressed before the model wrote its first token: the window says "Stopped before any text was
// written", shows no ghost text and opens no version, the writer's text stays, the version tree
// gains nothing, and the queue shows the job cancelled with the words that no version was added.
// The host's job worker holds the job (tests/support/hold-jobs.mjs) until the window's stop has been
// answered, however fast the machine is. Expects out/renderer to be built.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateTextPayload, HistoryGraph, Job } from '../../shared/contract';
import { writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { SHOTS, WAIT } from '../support/chromium';
import { newTextDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, showVersions, writeSettings } from '../support/e2e-write';
import { ROOT } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect, type TestSocket } from '../support/ws-client';

const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };
const HOLD_JOBS = join(ROOT, 'tests/support/hold-jobs.mjs');
const gates = tempDir();
const GATE = join(gates.dir, 'go');

describe('a continuation stopped before its first token', () => {
  let studio: Studio;
  let observer: TestSocket;

  beforeAll(async () => {
    studio = await startStudio('write-stopped-early', {
      models: (dir) => writeDecoderFolder(join(dir, 'slow-gpt2'), SLOW_GPT2),
      hostEnv: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${HOLD_JOBS}`.trim(), ATELIER_TEST_JOB_GATE: GATE },
    });
    observer = await connect(studio.host.port, { Authorization: `Bearer ${studio.host.token}` });
  });

  afterAll(async () => {
    writeFileSync(GATE, '');
    await observer?.close().catch(() => {});
    await studio?.close();
    gates.cleanup();
  });

  const read = async <T,>(method: string, params: unknown): Promise<T> => {
    const r = await observer.call(method, params);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.result as T;
  };

  /** The window's page, with the ids of the calls it sent by method and the ids it got answers for. */
  async function openWatched(): Promise<{ page: Page; sent: Map<string, number[]>; answered: Set<number> }> {
    const ctx = await studio.browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 860 } });
    const page = await ctx.newPage();
    const sent = new Map<string, number[]>();
    const answered = new Set<number>();
    page.on('websocket', (ws) => {
      ws.on('framesent', ({ payload }) => {
        const m = JSON.parse(String(payload)) as { id?: number; method?: string };
        if (typeof m.id === 'number' && m.method) sent.set(m.method, [...(sent.get(m.method) ?? []), m.id]);
      });
      ws.on('framereceived', ({ payload }) => {
        const m = JSON.parse(String(payload)) as { id?: number; event?: string };
        if (typeof m.id === 'number' && !m.event) answered.add(m.id);
      });
    });
    await page.goto(studio.host.url);
    await page.getByTestId('project-item').first().waitFor(WAIT);
    return { page, sent, answered };
  }

  it('says so, keeps the writer’s text, adds no version and the queue says none was added', { timeout: 240_000 }, async () => {
    const { page, sent, answered } = await openWatched();
    const opening = 'The harbour lights went out one by one.';
    await newTextDocument(page, 'Harbour');
    await writeSettings(page, { model: 'slow-gpt2', maxTokens: 200 });
    await page.locator('.cm-content').click();
    await page.keyboard.type(opening);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    const versions = await showVersions(page);

    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    // The job runs (its worker holds it, not begun): Esc stops it, and the host answers the stop.
    await page.locator('[data-testid="write-gen-status"][data-state="running"]').waitFor(WAIT);
    await page.locator('.cm-content').press('Escape');
    await expect.poll(() => (sent.get('jobs.cancel') ?? []).some((id) => answered.has(id)), WAIT).toBe(true);
    writeFileSync(GATE, '');

    await expect.poll(() => page.getByTestId('write-error').textContent(), WAIT).toBe('Stopped before any text was written.');
    await page.getByTestId('write-gen-status').waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByTestId('write-ghost').count()).toBe(0);
    expect(await editorText(page)).toBe(opening);
    // Nothing asked for a version the job did not make.
    expect(sent.get('history.checkout') ?? []).toEqual([]);

    const jobs = await read<Job[]>('jobs.list', {});
    const job = jobs.find((j) => j.kind === 'generate-text') as Job & { payload: GenerateTextPayload };
    expect(job.status).toBe('cancelled');
    expect(job.payload.request).toMatchObject({ prompt: opening, model: 'slow-gpt2' });
    const documentId = job.payload.request.documentId;
    const graph = await read<HistoryGraph>('history.graph', { documentId });
    expect(graph.iterations.filter((i) => i.source === 'model')).toEqual([]);
    expect(await showVersions(page)).toBe(versions);

    if ((await page.getByTestId('toggle-drawer').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('toggle-drawer').click();
    const item = page.locator(`[data-testid="job-item"][data-job-id="${job.id}"]`);
    await item.waitFor(WAIT);
    expect(await item.getAttribute('data-status')).toBe('cancelled');
    expect(await item.getByTestId('job-kept-nothing').textContent()).toBe('Stopped before it wrote anything; no version was added.');
    await page.screenshot({ path: join(SHOTS, 'write-stopped-before-text-light.png') });
    await page.context().close();
  });
});
