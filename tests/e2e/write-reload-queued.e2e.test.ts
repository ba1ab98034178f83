// A continuation still waiting in the queue when the page reloads: it is shown waiting, as it was
// before the reload, not as running, and once its turn comes it streams and can be kept. Another
// job (started over a socket of the test's own) holds the queue: the host's worker holds its run
// (tests/support/hold-jobs.mjs) until the gate file appears. Expects out/renderer to be built.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentInfo, Job, Project } from '../../shared/contract';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { WAIT } from '../support/chromium';
import { newTextDocument } from '../support/e2e-setup';
import { useHeldStudio } from '../support/e2e-held-studio';
import { editorText, generationEnded, reloadWriting, writeSettings } from '../support/e2e-write';


describe('a continuation still queued when the page reloads', () => {
  const held = useHeldStudio('write-reload-queued', (dir) => writeDecoderFolder(join(dir, 'tiny-gpt2'), TINY_GPT2));
  const read = held.read;

  it('says it is waiting for the queue, and behind how many jobs, after the reload too, then streams and is kept', { timeout: 180_000 }, async () => {
    const page = await held.studio.openApp('light');
    await newTextDocument(page, 'Behind');
    await writeSettings(page, { model: 'tiny-gpt2', maxTokens: 12 });
    const opening = 'The queue was long.';
    await page.locator('.cm-content').click();
    await page.keyboard.type(opening);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    // Another job runs first (the worker holds it; the model list, which the worker also answers,
    // was read before): the window's continuation waits behind it.
    const [welcome] = await read<Project[]>('projects.list', {});
    const other = await read<DocumentInfo>('documents.create', { projectId: welcome!.id, kind: 'text', title: 'First in line', text: 'Ahead' });
    const first = await read<Job>('generate.text', { documentId: other.id, prompt: 'Ahead', model: 'tiny-gpt2' });
    await expect.poll(async () => (await read<Job>('jobs.get', { id: first.id })).status, WAIT).toBe('running');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    const status = page.getByTestId('write-gen-status');
    await page.locator('[data-testid="write-gen-status"][data-state="queued"]').waitFor(WAIT);
    expect(await status.textContent()).toBe('Waiting for the queue: 1 job ahead…');

    // What the reloaded page asks the host: a catch-up (generate.streamed) would take the job for a running one.
    const sent: string[] = [];
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (typeof m === 'string') sent.push((JSON.parse(m) as { method?: string }).method ?? '');
        server.send(m);
      });
    });
    await reloadWriting(page);
    await page.locator('[data-testid="write-gen-status"][data-state="queued"]').waitFor(WAIT);
    expect(await status.textContent()).toBe('Waiting for the queue: 1 job ahead…');
    expect(sent).toContain('jobs.get');
    expect(sent).not.toContain('generate.streamed');
    expect(await editorText(page)).toBe(opening);

    // Its turn comes: it streams, ends and is kept whole.
    held.open();
    await generationEnded(page);
    expect(await status.textContent()).toMatch(/^[1-9]\d* tokens · /);
    const written = (await page.getByTestId('write-ghost').textContent()) ?? '';
    expect(written).not.toBe('');
    await page.keyboard.press('Tab');
    await page.getByTestId('write-ghost').waitFor({ state: 'detached', ...WAIT });
    expect(await editorText(page)).toBe(opening + written);
    await page.context().close();
  });
});
