// Two windows on one document in Chromium against one `atelier serve`, and the atelier CLI on the
// same data folder: when the document's head moves elsewhere, a window with no edits of its own
// follows it (its editor shows the new text, the cursor stays near its place, a notice says so);
// a window with edits keeps them and its cursor and shows a bar that waits for the writer (Keep
// editing saves them as a branch; Show it offers to save them first, then shows the other
// version). A generation streaming in a window is not interrupted by a move elsewhere: the window
// follows once it is rejected. Versions and the head are read back over the contract. Expects
// out/renderer built.
// Screenshots: test-results/screenshots/head-move-bar.png, head-move-confirm.png.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, HistoryGraph, IterationWithContent, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, generationEnded, showVersions, writeSettings } from '../support/e2e-write';
import { writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { CLI } from '../support/host-process';
import { connect, type TestSocket } from '../support/ws-client';

const TITLE = 'Harbour log';
const V1 = 'The tide came in.';
const V2 = 'The tide came in. Gulls circled.';
/** Big enough that 900 tokens take a while on a small CPU (as in write.e2e): still streaming when the head moves. */
const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };

const bar = (p: Page) => p.getByTestId('head-moved-bar');
const notice = (p: Page) => p.getByTestId('head-followed');

describe('the writer is told when the head moves elsewhere', () => {
  let studio: Studio;
  let sock: TestSocket;
  let docId = '';
  let v1 = '';
  let p1: Page;
  let p2: Page;

  async function call<T>(method: string, params: unknown): Promise<T> {
    const reply = await sock.call(method, params);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
    return reply.result as T;
  }
  const head = async () => (await call<DocumentInfo>('documents.get', { id: docId })).headIterationId as string;
  const textOf = async (id: string) => (await call<IterationWithContent>('history.get', { id })).text;
  /** Every version's text, parents included, read from the host. */
  const versions = async () => {
    const graph = await call<HistoryGraph>('history.graph', { documentId: docId });
    return Promise.all(graph.iterations.map(async (i) => ({ id: i.id, parents: i.parentIds, text: await textOf(i.id) })));
  };
  const ancestors = (all: { id: string; parents: string[] }[], id: string): string[] => {
    const byId = new Map(all.map((v) => [v.id, v]));
    const out: string[] = [];
    for (let cur = byId.get(id); cur?.parents[0]; cur = byId.get(cur.parents[0])) out.push(cur.parents[0]);
    return out;
  };

  async function openWindow(colorScheme: 'light' | 'dark'): Promise<Page> {
    const page = await studio.openApp(colorScheme);
    await openDocument(page, TITLE, 'text');
    await closeDrawer(page);
    await page.locator('.cm-content').filter({ hasText: V2 }).waitFor(WAIT);
    await showVersions(page);
    return page;
  }

  beforeAll(async () => {
    studio = await startStudio('head-move', { models: (dir) => writeDecoderFolder(join(dir, 'slow-gpt2'), SLOW_GPT2) });
    sock = await connect(Number(new URL(studio.host.url).port), { Authorization: `Bearer ${studio.host.token}` });
    const welcome = (await call<Project[]>('projects.list', {})).find((p) => p.name === 'Welcome') as Project;
    const doc = await call<DocumentInfo>('documents.create', { projectId: welcome.id, kind: 'text', title: TITLE, text: V1 });
    docId = doc.id;
    v1 = doc.headIterationId as string;
    await call('history.commitText', { documentId: docId, parentIds: [v1], text: V2 });
    p1 = await openWindow('light');
    p2 = await openWindow('dark');
  });

  afterAll(async () => {
    await sock?.close();
    await studio?.close();
  });

  it('(a) another window restores an older version: a window with no edits shows it, with a notice, the cursor kept at the end', async () => {
    expect([await editorText(p1), await editorText(p2)]).toEqual([V2, V2]);
    await p1.locator('.cm-content').click();
    await p1.keyboard.press('Control+End');

    await p2.locator(`[data-testid="version-node"][data-iteration-id="${v1}"]`).click();
    await p2.getByTestId('version-restore').click();
    await p2.getByTestId('version-preview').waitFor({ state: 'detached', ...WAIT });
    expect(await head()).toBe(v1);

    await expect.poll(() => editorText(p1), WAIT).toBe(V1);
    await notice(p1).filter({ hasText: 'from another window' }).waitFor(WAIT);
    expect(await notice(p1).textContent()).toContain('Updated to version “The tide came in.” (First version, ');
    expect(await notice(p1).getAttribute('data-iteration-id')).toBe(v1);
    expect(await bar(p1).count()).toBe(0);
    await p1.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    // The tree marks the followed version as the head here too.
    await p1.locator(`[data-testid="version-node"][data-iteration-id="${v1}"][data-head="true"]`).waitFor(WAIT);
    // The restoring window was not told about its own move.
    expect(await notice(p2).count()).toBe(0);
  });

  it('(b) a window with typed text keeps it and its cursor when another window commits; Keep editing saves it as a branch', async () => {
    // The other window types first; then this one types (where its cursor was left: at the end of
    // the followed text) and the other saves at once. Each window autosaves 700 ms after its last
    // key, so on a loaded machine key-by-key typing here could save before the other's commit
    // arrives, and there would be no unsaved text left to ask about.
    await p2.locator('.cm-content').click();
    await p2.keyboard.press('Control+End');
    await p2.keyboard.type(' Fog.');
    await p1.keyboard.insertText(' Wind rose.');
    await p2.keyboard.press('Control+s');
    await p2.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    const theirs = await head();
    expect(await textOf(theirs)).toMatch(/ Fog\.$/);

    await bar(p1).waitFor(WAIT);
    expect(await bar(p1).getAttribute('data-state')).toBe('ask');
    // The bar takes the notice's place (nothing covers its buttons).
    expect(await notice(p1).count()).toBe(0);
    expect(await bar(p1).textContent()).toMatch(/^This document moved to version “.*Fog\.” \(Your edit, .+\) in another window\.Show itKeep editing here$/);
    expect(await editorText(p1)).toBe(`${V1} Wind rose.`);
    // The cursor is where it was: the next words land at the end.
    await p1.keyboard.type(' Calm.');
    expect(await editorText(p1)).toBe(`${V1} Wind rose. Calm.`);
    await p1.screenshot({ path: join(SHOTS, 'head-move-bar.png') });
    // While the bar asks, nothing is saved over the other window's version.
    await p1.waitForTimeout(1500);
    expect(await p1.getByTestId('save-state').getAttribute('data-state')).toBe('dirty');
    expect(await head()).toBe(theirs);

    await p1.getByTestId('head-moved-keep').click();
    await bar(p1).waitFor({ state: 'detached', ...WAIT });
    // The earlier notice does not come back with the bar gone.
    expect(await notice(p1).count()).toBe(0);
    await p1.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    const mine = await head();
    expect(mine).not.toBe(theirs);
    const all = await versions();
    expect(all.find((v) => v.id === mine)?.text).toBe(`${V1} Wind rose. Calm.`);
    // A branch from this window's line of versions, beside the other window's: both in the tree.
    expect(ancestors(all, mine)).toContain(v1);
    expect(ancestors(all, mine)).not.toContain(theirs);
    expect(all.some((v) => v.id === theirs)).toBe(true);
    await p1.locator(`[data-testid="version-node"][data-iteration-id="${mine}"][data-head="true"]`).waitFor(WAIT);
    await p1.locator(`[data-testid="version-node"][data-iteration-id="${theirs}"]`).waitFor(WAIT);
  });

  it('Show it in the other window: its unsaved edits are offered a save first, kept in the tree, and the head stays', async () => {
    const mine = await head();
    // The second window has its own saved edit (" Fog."), so it asks too.
    await bar(p2).waitFor(WAIT);
    await p2.keyboard.type(' Mist.');
    await p2.getByTestId('head-moved-show').click();
    expect(await bar(p2).getAttribute('data-state')).toBe('confirm');
    expect(await editorText(p2)).toMatch(/ Fog\. Mist\.$/);
    await p2.screenshot({ path: join(SHOTS, 'head-move-confirm.png') });
    await p2.getByTestId('head-moved-save-show').click();

    await expect.poll(() => editorText(p2), WAIT).toBe(`${V1} Wind rose. Calm.`);
    await bar(p2).waitFor({ state: 'detached', ...WAIT });
    await notice(p2).filter({ hasText: 'Your text is kept as version' }).waitFor(WAIT);
    expect(await notice(p2).textContent()).toMatch(/^Updated to version .* from another window\. Your text is kept as version “.*Mist\.” \(Your edit, .+\) in the tree\./);
    const all = await versions();
    const kept = all.filter((v) => v.text?.endsWith(' Fog. Mist.'));
    expect(kept).toHaveLength(1);
    // Kept aside: the head is still the first window's version.
    expect(await head()).toBe(mine);
    await p2.locator(`[data-testid="version-node"][data-iteration-id="${kept[0]?.id}"]`).waitFor(WAIT);
  });

  it('(c) the atelier CLI commits on the same data folder: the window with no edits follows, the one with edits is asked; a CLI checkout is followed too', async () => {
    const mine = await head();
    const text = `${V1} Wind rose. Calm. Written from a terminal.`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, 'history', 'commit', TITLE, '--text', text, '--json', '--data', studio.dataDir]);
    const made = JSON.parse(stdout) as { id: string; parentIds: string[] };
    expect(made.parentIds).toEqual([mine]);
    expect(await head()).toBe(made.id);

    // The second window has no edits since it showed the first window's version: it follows.
    await expect.poll(() => editorText(p2), WAIT).toBe(text);
    await notice(p2).filter({ hasText: 'from another program (such as the atelier command line)' }).waitFor(WAIT);
    // The first window has its own typing since it last took a version from the document: asked.
    await bar(p1).waitFor(WAIT);
    expect(await bar(p1).textContent()).toContain('in another program (such as the atelier command line).');
    expect(await editorText(p1)).toBe(`${V1} Wind rose. Calm.`);
    await p1.getByTestId('head-moved-show').click();
    // Nothing unsaved there: shown at once, the window's own text named as kept.
    await expect.poll(() => editorText(p1), WAIT).toBe(text);
    await notice(p1).filter({ hasText: 'Your text is kept as version' }).waitFor(WAIT);
    expect(await head()).toBe(made.id);

    // A checkout from the CLI adds no version; both windows, with no edits now, follow it back.
    await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, 'history', 'checkout', TITLE, mine, '--data', studio.dataDir]);
    expect(await head()).toBe(mine);
    for (const p of [p1, p2]) {
      await expect.poll(() => editorText(p), WAIT).toBe(`${V1} Wind rose. Calm.`);
      // The editor takes the text before the notice is drawn, and the notice of the commit before
      // (also "from another program") is still up until then: wait for the one naming this version.
      await p.locator(`[data-testid="head-followed"][data-iteration-id="${mine}"]`).filter({ hasText: 'from another program' }).waitFor(WAIT);
    }
  });

  it('a generation streaming in a window goes on when the head moves elsewhere; the window follows once it is rejected', { timeout: 120_000 }, async () => {
    const welcome = (await call<Project[]>('projects.list', {})).find((p) => p.name === 'Welcome') as Project;
    const night = await call<DocumentInfo>('documents.create', { projectId: welcome.id, kind: 'text', title: 'Night watch', text: 'The lamp was lit at dusk' });
    await p1.getByTestId('document-back').click();
    await openDocument(p1, 'Night watch', 'text');
    await p1.locator('.cm-content').filter({ hasText: 'The lamp was lit at dusk' }).waitFor(WAIT);
    await writeSettings(p1, { model: 'slow-gpt2', maxTokens: 900 });
    await p1.locator('.cm-content').click();
    await p1.keyboard.press('Control+End');
    await p1.keyboard.press('Control+Enter');
    const ghost = async () => ((await p1.getByTestId('write-ghost').textContent()) ?? '').length;
    await expect.poll(ghost, { timeout: 60_000, interval: 100 }).toBeGreaterThan(20);
    await showVersions(p1);

    const elsewhere = await call<{ id: string }>('history.commitText', { documentId: night.id, parentIds: [night.headIterationId], text: 'The lamp was lit at dusk, elsewhere.' });
    // Heard and drawn in the tree, while the generation goes on: no bar, no notice, the text as it was.
    await p1.locator(`[data-testid="version-node"][data-iteration-id="${elsewhere.id}"][data-head="true"]`).waitFor(WAIT);
    const streamed = await ghost();
    await expect.poll(ghost, { timeout: 60_000, interval: 100 }).toBeGreaterThan(streamed);
    expect(await p1.getByTestId('write-gen-status').getAttribute('data-state')).toBe('running');
    expect(await bar(p1).count()).toBe(0);
    expect(await notice(p1).count()).toBe(0);
    expect(await editorText(p1)).toBe('The lamp was lit at dusk');

    await p1.getByTestId('write-stop').click();
    await generationEnded(p1, 'stopped');
    expect(await notice(p1).count()).toBe(0);
    await p1.getByTestId('write-reject').click();
    // Now the move is dealt with: no edits of its own here, so the editor follows it.
    await expect.poll(() => editorText(p1), WAIT).toBe('The lamp was lit at dusk, elsewhere.');
    await notice(p1).filter({ hasText: 'from another window' }).waitFor(WAIT);
    // The stopped generation is a version beside it; the head is still the one made elsewhere.
    expect((await call<DocumentInfo>('documents.get', { id: night.id })).headIterationId).toBe(elsewhere.id);
  });
});
