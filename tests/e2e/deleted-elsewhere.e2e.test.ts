// A document deleted for good in another window, in Chromium against one real host: the window
// that has it open (or had it, until it went to the trash: its notice is still up) hears
// documents.deleted, closes it with a notice, goes back to its project and
// offers the text its editor held — saved as a
// new document or copied — instead of failing its next call with NOT_FOUND. Text not yet saved is
// made real by holding this window's saves on its WebSocket. Expects out/renderer to be built.
// Screenshots: test-results/screenshots/deleted-elsewhere-{light,dark}.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Project, PurgeSummary } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, openDocumentIn, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, typeAtEnd } from '../support/e2e-write';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
let atlas: Project;
let bestiary: Project;
let chapter: DocumentInfo;
let owls: DocumentInfo;
let board: DocumentInfo;

beforeAll(async () => {
  studio = await startStudio('deleted-elsewhere', { models: null });
  api = await connectApi(studio.host);
  atlas = await api.call<Project>('projects.create', { name: 'Atlas' });
  bestiary = await api.call<Project>('projects.create', { name: 'Bestiary' });
  chapter = await api.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Chapter 3', text: 'It was dark.' });
  await api.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Notes', text: 'Keep.' });
  owls = await api.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'text', title: 'Owls', text: 'Owls hunt' });
  board = await api.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'image', title: 'Owl sketches' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

/** The notice once it says the document was deleted for good (it said trashed until documents.deleted came). */
const deletedNotice = (page: Page) => page.locator('dialog[data-testid="document-gone"][open] [data-testid="document-gone-message"][data-how="deleted"]');

/** A window whose contract calls named `hold` never reach the host (they wait for good), with the clipboard allowed. */
async function openHolding(colorScheme: 'light' | 'dark', hold: string): Promise<Page> {
  const ctx = await studio.browser.newContext({ colorScheme, viewport: { width: 1280, height: 860 } });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  await ctx.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      if (typeof m === 'string' && m.includes(`"method":"${hold}"`)) return;
      server.send(m);
    });
  });
  const page = await ctx.newPage();
  await page.goto(studio.host.url);
  await page.getByTestId('project-item').first().waitFor(WAIT);
  return page;
}

describe('a document deleted for good in another window', () => {
  it('closes the open editor with a notice, back in its project; its text can be saved as a new document', { timeout: 120_000 }, async () => {
    const writer = await studio.openApp('light');
    await openDocumentIn(writer, 'Atlas', 'Chapter 3');
    await typeAtEnd(writer, ' And cold.');
    await writer.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);

    // The other window: Chapter 3 to the trash (this window closes it and says so: trashed-elsewhere
    // tests that notice), then Delete for good on the Trash page, which the same notice then says.
    await api.call('documents.trash', { id: chapter.id });
    await writer.locator('[data-testid="document-gone-message"][data-how="trashed"]').waitFor(WAIT);
    const other = await studio.openApp('light');
    await other.getByTestId('open-trash').click();
    const row = other.locator(`[data-testid="trash-document"][data-document-id="${chapter.id}"]`);
    await row.getByTestId('trash-document-delete').click(WAIT);
    await other.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached', ...WAIT });

    // The trashed notice is up already: wait until it says deleted (the same dialog, updated).
    await deletedNotice(writer).waitFor(WAIT);
    expect(await writer.getByTestId('document-gone-message').textContent()).toBe("'Chapter 3' was deleted for good in another window or tab, so it was closed here.");
    const kept = writer.getByTestId('document-gone-preview');
    expect(await kept.textContent()).toBe('It was dark. And cold.');
    expect(await kept.getAttribute('data-unsaved')).toBe('false');
    // The editor is closed and its project shows behind the notice.
    expect(await writer.locator('.cm-content').count()).toBe(0);
    await writer.getByTestId('project-page').waitFor(WAIT);
    expect(await writer.getByTestId('project-title').textContent()).toBe('Atlas');
    // Escape does not throw the text away.
    await writer.keyboard.press('Escape');
    expect(await writer.getByTestId('document-gone').isVisible()).toBe(true);
    await writer.screenshot({ path: join(SHOTS, 'deleted-elsewhere-light.png') });

    // A clipboard that refuses (no permission, no execCommand): the whole text is shown, selected,
    // and the error says to copy it from there.
    await writer.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new Error('denied'));
      document.execCommand = () => false;
    });
    await writer.getByTestId('document-gone-copy').click();
    expect(await writer.getByTestId('document-gone-error').textContent()).toContain('select the text below and copy it by hand');
    const byHand = writer.getByTestId('document-gone-by-hand');
    expect(await byHand.inputValue()).toBe('It was dark. And cold.');
    expect(await byHand.evaluate((a: HTMLTextAreaElement) => a.value.slice(a.selectionStart, a.selectionEnd))).toBe('It was dark. And cold.');
    expect(await writer.getByTestId('document-gone-discard').textContent()).toBe('Discard text');

    await writer.getByTestId('document-gone-save').click();
    await writer.getByTestId('document-gone').waitFor({ state: 'detached', ...WAIT });
    await writer.locator('#document-title').filter({ hasText: /^Chapter 3 \(recovered\)$/ }).waitFor(WAIT);
    await expect.poll(() => editorText(writer), WAIT).toBe('It was dark. And cold.');
    const docs = await api.call<DocumentInfo[]>('documents.list', { projectId: atlas.id });
    expect(docs.map((d) => d.title).sort()).toEqual(['Chapter 3 (recovered)', 'Notes']);
    await expect(api.call('documents.get', { id: chapter.id })).rejects.toThrow(/No document with id/);
    await writer.context().close();
    await other.context().close();
  });

  it('text not saved yet, gone with Empty trash: back in its project, the text copied', { timeout: 120_000 }, async () => {
    const writer = await openHolding('dark', 'history.commitText');
    await openDocumentIn(writer, 'Bestiary', 'Owls');
    await typeAtEnd(writer, ' at night.');
    // Its save was sent and never answered: the text exists only in this editor.
    await writer.locator('[data-testid="save-state"][data-state="saving"]').waitFor(WAIT);
    expect((await api.call<DocumentInfo>('documents.get', { id: owls.id })).iterationCount).toBe(1);

    await api.call('documents.trash', { id: owls.id });
    const other = await studio.openApp('dark');
    await other.getByTestId('open-trash').click();
    await other.getByTestId('trash-empty-all').click(WAIT);
    await other.getByTestId('confirm-ok').click();
    await other.getByTestId('documents-trash-none').waitFor(WAIT);

    // Trashed first (the notice says so a moment), then deleted: wait for the notice to say deleted.
    await deletedNotice(writer).waitFor(WAIT);
    expect(await writer.getByTestId('document-gone-message').textContent()).toBe("'Owls' was deleted for good in another window or tab, so it was closed here.");
    expect(await writer.getByTestId('document-gone-preview').getAttribute('data-unsaved')).toBe('true');
    expect(await writer.getByTestId('document-gone-preview').textContent()).toBe('Owls hunt at night.');
    await writer.getByTestId('project-page').waitFor(WAIT);
    expect(await writer.getByTestId('project-title').textContent()).toBe('Bestiary');
    await writer.screenshot({ path: join(SHOTS, 'deleted-elsewhere-dark.png') });

    await writer.getByTestId('document-gone-copy').click();
    await writer.getByTestId('document-gone-copied').waitFor(WAIT);
    expect(await writer.evaluate(() => navigator.clipboard.readText())).toBe('Owls hunt at night.');
    // Copied: now it may close (and Close says so, no longer Discard).
    expect(await writer.getByTestId('document-gone-discard').textContent()).toBe('Close');
    await writer.getByTestId('document-gone-discard').click();
    await writer.getByTestId('document-gone').waitFor({ state: 'detached', ...WAIT });
    await expect(api.call('documents.get', { id: owls.id })).rejects.toThrow(/No document with id/);
    expect((await api.call<DocumentInfo[]>('documents.list', { projectId: bestiary.id })).map((d) => d.title)).toEqual(['Owl sketches']);
    await writer.context().close();
    await other.context().close();
  });

  it('an open image board (no text to keep): the notice with OK, back in its project', { timeout: 120_000 }, async () => {
    const viewer = await studio.openApp('light');
    await closeDrawer(viewer);
    await viewer.getByTestId('project-item').filter({ hasText: 'Bestiary' }).click();
    await viewer.getByTestId('document-item').filter({ hasText: 'Owl sketches' }).click();
    await viewer.getByTestId('image-board').waitFor(WAIT);

    await api.call('documents.trash', { id: board.id });
    const summary = await api.call<PurgeSummary>('trash.summary', { documentIds: [board.id] });
    await api.call('trash.deleteForGood', { projectIds: [], documentIds: [board.id], iterationIds: summary.iterationIds });

    // The trash and the delete come as two events: the notice may say trashed before it says deleted.
    await deletedNotice(viewer).waitFor(WAIT);
    expect(await viewer.getByTestId('document-gone-message').textContent()).toBe("'Owl sketches' was deleted for good in another window or tab, so it was closed here.");
    expect(await viewer.getByTestId('document-gone-preview').count()).toBe(0);
    expect(await viewer.getByTestId('image-board').count()).toBe(0);
    expect(await viewer.getByTestId('project-title').textContent()).toBe('Bestiary');
    await viewer.keyboard.press('Escape');
    await viewer.getByTestId('document-gone').waitFor({ state: 'detached', ...WAIT });
    await viewer.context().close();
  });
});
