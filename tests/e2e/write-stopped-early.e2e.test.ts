// Esc pressed before the model wrote its first token: the window says "Stopped before any text was
// written", shows no ghost text and opens no version, the writer's text stays, the version tree
// gains nothing, and the queue shows the job cancelled with the words that no version was added.
// The host's job worker holds the job (tests/support/hold-jobs.mjs) until the window's stop has been
// answered, however fast the machine is. Then alternatives stopped while one of them had ended
// with no text: that card is shown as not kept and cannot be picked, the others can.
// Expects out/renderer to be built.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DocumentInfo, GenerateTextJobSummary, GenerateTextPayload, HistoryGraph, IterationTokens, Job, Project } from '../../shared/contract';
import { GPT2_EOS, writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { SHOTS, WAIT } from '../support/chromium';
import { newTextDocument } from '../support/e2e-setup';
import { useHeldStudio } from '../support/e2e-held-studio';
import { editorText, generationEnded, showVersions, typeAndAskAlternatives, writeSettings } from '../support/e2e-write';

const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };

describe('a continuation stopped before its first token', () => {
  /** The settings the window sent with its first job (its defaults). */
  let sentSettings: GenerateTextPayload['request']['settings'];

  const held = useHeldStudio('write-stopped-early', (dir) => {
    writeDecoderFolder(join(dir, 'slow-gpt2'), SLOW_GPT2);
    // The same weights; its end-of-text token is set once a row's first token is known.
    writeDecoderFolder(join(dir, 'eos-gpt2'), SLOW_GPT2);
  });
  const read = held.read;

  /** The window's page, with the ids of the calls it sent by method and the ids it got answers for. */
  async function openWatched(): Promise<{ page: Page; sent: Map<string, number[]>; answered: Set<number> }> {
    const ctx = await held.studio.browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 860 } });
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
    await page.goto(held.studio.host.url);
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
    held.open();

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
    sentSettings = job.payload.request.settings;
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

  it('offers only the alternatives that wrote text when one ended with none before the stop', { timeout: 300_000 }, async () => {
    const prompt = 'Lanterns';
    // With the window's own settings: a seed where one row's first token is written by no other row
    // in 900 tokens. A model taking that token for the end of the text ends that row before it
    // writes anything; the others write on until Esc.
    const [welcome] = await read<Project[]>('projects.list', {});
    let found: { seed: number; row: number; token: number } | null = null;
    for (let seed = 1; seed <= 12 && !found; seed++) {
      // A document of its own each time: no prompt read from another run's cache.
      const probeDoc = await read<DocumentInfo>('documents.create', { projectId: welcome!.id, kind: 'text', title: `Probe ${seed}`, text: prompt });
      const settings = { ...sentSettings, maxNewTokens: 900, seed };
      const job = await read<Job>('generate.text', { documentId: probeDoc.id, prompt, model: 'slow-gpt2', alternatives: 3, settings });
      const end = (await held.observer.waitForEvent((e) => e.event === 'jobs.changed' && e.data.id === job.id && e.data.status === 'done', 120_000)).data as Job;
      const ids = (end.result as GenerateTextJobSummary).iterationIds;
      const rows = await Promise.all(ids.map(async (id) => (await read<IterationTokens>('history.tokens', { id })).tokens.map((t) => t.id)));
      const row = rows.findIndex((r, i) => r.length > 0 && rows.every((other, o) => o === i || !other.includes(r[0]!)));
      if (row >= 0) found = { seed, row, token: rows[row]![0]! };
    }
    expect(found).not.toBeNull();
    const { seed, row, token } = found!;
    writeFileSync(join(held.studio.modelsDir, 'eos-gpt2', 'generation_config.json'), JSON.stringify({ bos_token_id: GPT2_EOS, eos_token_id: [token, GPT2_EOS] }));

    const { page, sent } = await openWatched();
    await newTextDocument(page, 'Lanterns');
    await writeSettings(page, { model: 'eos-gpt2', maxTokens: 900, alternatives: 3 });
    await page.getByTestId('write-seed-lock').click();
    await page.getByTestId('write-seed').fill(String(seed));
    await typeAndAskAlternatives(page, prompt);
    const cards = page.getByTestId('write-alt-card');
    const others = [0, 1, 2].filter((i) => i !== row);
    await expect.poll(async () => Math.min(...(await Promise.all(others.map(async (i) => ((await cards.nth(i).textContent()) ?? '').length)))), { timeout: 60_000, interval: 50 }).toBeGreaterThan(30);
    await page.locator('.cm-content').press('Escape');
    await generationEnded(page, 'stopped');

    // The run the window started is the one probed: same prompt, settings and seed.
    const jobs = await read<Job[]>('jobs.list', {});
    const job = jobs.find((j) => (j.payload as GenerateTextPayload).request?.model === 'eos-gpt2') as Job & { payload: GenerateTextPayload };
    expect(job.payload.request).toMatchObject({ prompt, alternatives: 3, settings: { ...sentSettings, maxNewTokens: 900, seed } });
    expect(job.status).toBe('cancelled');
    const result = job.result as GenerateTextJobSummary;
    expect(result.rows[row]).toMatchObject({ tokenCount: 0, stopReason: 'eos' });
    expect(result.iterationIds[row]).toBeNull();

    expect(await cards.nth(row).getAttribute('data-state')).toBe('not-kept');
    expect(await cards.nth(row).isDisabled()).toBe(true);
    expect(await cards.nth(row).textContent()).toContain('Wrote nothing — not kept');
    for (const i of others) {
      expect(await cards.nth(i).getAttribute('data-state')).toBe('stopped');
      expect(await cards.nth(i).isDisabled()).toBe(false);
    }
    expect(await page.getByTestId('write-gen-status').textContent()).toBe('Stopped — 2 of 3 alternatives wrote text and are kept as stopped versions; the others are not kept');
    await page.screenshot({ path: join(SHOTS, 'write-alternatives-not-kept-light.png') });
    // Its number picks nothing; another's keeps that one.
    await page.keyboard.press(String(row + 1));
    expect(await page.getByTestId('write-alternatives-strip').count()).toBe(1);
    expect(sent.get('history.checkout') ?? []).toEqual([]);
    await page.keyboard.press(String(others[0]! + 1));
    await page.getByTestId('write-alternatives-strip').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => editorText(page), WAIT).toBe(prompt + result.rows[others[0]!]!.text);
    const graph = await read<HistoryGraph>('history.graph', { documentId: job.payload.request.documentId });
    expect(graph.iterations.filter((i) => i.source === 'model').map((i) => i.id).sort()).toEqual(others.map((i) => result.iterationIds[i]).sort());
    await page.context().close();
  });
});
