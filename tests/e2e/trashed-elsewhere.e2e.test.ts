// A document moved to the trash in another window, alone or with its project, in Chromium against
// one real host: the window that has it open learns it from projects.changed (its project leaves
// the live list, or the document's info says it is trashed), closes it with a notice and shows a
// sensible place (its project if live, else the first project). What was saved waits in the trash
// with it; changes not saved yet (made real by dropping this window's saves on its WebSocket) are
// offered, since a trashed document takes no save; Restore brings it back here with them.
// Expects out/renderer to be built. Screenshots: test-results/screenshots/trashed-elsewhere-*.png.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, openDocumentIn, startStudio, type Studio } from '../support/e2e-setup';
import { openDroppingSaves } from '../support/e2e-dropped-saves';
import { editorText, typeAtEnd } from '../support/e2e-write';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
let atlas: Project;
let chapter: DocumentInfo;
let owls: DocumentInfo;
let board: DocumentInfo;

beforeAll(async () => {
  studio = await startStudio('trashed-elsewhere', { models: null });
  api = await connectApi(studio.host);
  atlas = await api.call<Project>('projects.create', { name: 'Atlas' });
  const bestiary = await api.call<Project>('projects.create', { name: 'Bestiary' });
  chapter = await api.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Chapter 3', text: 'It was dark.' });
  owls = await api.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'text', title: 'Owls', text: 'Owls hunt' });
  board = await api.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'image', title: 'Owl sketches' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

async function headText(documentId: string): Promise<string | null> {
  const doc = await api.call<DocumentInfo>('documents.get', { id: documentId });
  return doc.headIterationId ? (await api.call<{ text: string | null }>('history.get', { id: doc.headIterationId })).text : null;
}

describe('a document moved to the trash in another window', () => {
  it('its project trashed while this window has unsaved text: the text is offered, the first project (Welcome) shown; Restore reopens it with the text', { timeout: 180_000 }, async () => {
    const drop = { on: true };
    const writer = await openDroppingSaves(studio, drop);
    await openDocumentIn(writer, 'Atlas', 'Chapter 3');
    await typeAtEnd(writer, ' And cold.');
    // Its save went nowhere: the text exists only in this editor.
    await writer.locator('[data-testid="save-state"][data-state="saving"]').waitFor(WAIT);

    const other = await studio.openApp('light');
    await closeDrawer(other);
    await other.getByTestId('project-item').filter({ hasText: 'Atlas' }).click();
    await other.getByTestId('trash-project').click();
    await other.getByTestId('confirm-ok').click();
    await expect.poll(async () => (await api.call<Project[]>('projects.list', { trashed: true })).map((p) => p.name), WAIT).toEqual(['Atlas']);

    await writer.getByTestId('document-gone').waitFor(WAIT);
    const message = writer.getByTestId('document-gone-message');
    expect(await message.textContent()).toBe("Project 'Atlas' was moved to the trash in another window or tab, so 'Chapter 3' was closed here.");
    expect(await message.getAttribute('data-how')).toBe('trashed');
    const kept = writer.getByTestId('document-gone-preview');
    expect(await kept.textContent()).toBe('It was dark. And cold.');
    expect(await kept.getAttribute('data-unsaved')).toBe('true');
    // The editor is closed and the first live project shows behind the notice.
    expect(await writer.locator('.cm-content').count()).toBe(0);
    await writer.getByTestId('project-page').waitFor(WAIT);
    expect(await writer.getByTestId('project-title').textContent()).toBe('Welcome');
    // Nothing saved the new text into the trashed document, and Escape does not throw it away.
    expect(await headText(chapter.id)).toBe('It was dark.');
    await writer.keyboard.press('Escape');
    expect(await writer.getByTestId('document-gone').isVisible()).toBe(true);
    await writer.screenshot({ path: join(SHOTS, 'trashed-elsewhere-project.png') });

    drop.on = false;
    await writer.getByTestId('document-gone-restore').click();
    await writer.getByTestId('document-gone').waitFor({ state: 'detached', ...WAIT });
    await writer.locator('#document-title').filter({ hasText: /^Chapter 3$/ }).waitFor(WAIT);
    await expect.poll(() => editorText(writer), WAIT).toBe('It was dark. And cold.');
    expect((await api.call<Project[]>('projects.list', {})).map((p) => p.id)).toContain(atlas.id);
    const doc = await api.call<DocumentInfo>('documents.get', { id: chapter.id });
    expect({ deletedAt: doc.deletedAt, versions: doc.iterationCount }).toEqual({ deletedAt: null, versions: 2 });
    expect(await headText(chapter.id)).toBe('It was dark. And cold.');
    await writer.context().close();
    await other.context().close();
  });

  it('the document alone trashed, its text saved: a notice, back in its project, Open the trash shows it there', { timeout: 180_000 }, async () => {
    const writer = await studio.openApp('dark');
    await openDocumentIn(writer, 'Bestiary', 'Owls');
    await typeAtEnd(writer, ' at night.');
    await writer.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    await expect.poll(() => headText(owls.id), WAIT).toBe('Owls hunt at night.');

    const other = await studio.openApp('dark');
    await closeDrawer(other);
    await other.getByTestId('project-item').filter({ hasText: 'Bestiary' }).click();
    const row = other.locator('.doc-row').filter({ has: other.locator(`[data-testid="document-item"][data-document-id="${owls.id}"]`) });
    await row.getByTestId('document-trash').click(WAIT);
    await other.getByTestId('confirm-ok').click();

    await writer.getByTestId('document-gone').waitFor(WAIT);
    expect(await writer.getByTestId('document-gone-message').textContent()).toBe("'Owls' was moved to the trash in another window or tab, so it was closed here.");
    // Saved: nothing to offer, it waits in the trash with its versions.
    expect(await writer.getByTestId('document-gone-preview').count()).toBe(0);
    expect(await writer.getByTestId('document-gone-copy').count()).toBe(0);
    expect(await writer.locator('.cm-content').count()).toBe(0);
    expect(await writer.getByTestId('project-title').textContent()).toBe('Bestiary');
    await writer.screenshot({ path: join(SHOTS, 'trashed-elsewhere-document-dark.png') });

    await writer.getByTestId('document-gone-open-trash').click();
    await writer.getByTestId('document-gone').waitFor({ state: 'detached', ...WAIT });
    await writer.getByTestId('trash-view').waitFor(WAIT);
    await writer.locator(`[data-testid="trash-document"][data-document-id="${owls.id}"]`).waitFor(WAIT);
    expect((await api.call<DocumentInfo>('documents.get', { id: owls.id })).deletedAt).not.toBeNull();
    expect(await headText(owls.id)).toBe('Owls hunt at night.');
    await writer.context().close();
    await other.context().close();
  });

  it('an open image board trashed: the notice with Restore, which reopens the board here', { timeout: 180_000 }, async () => {
    const viewer = await studio.openApp('light');
    await openDocumentIn(viewer, 'Bestiary', 'Owl sketches', 'image');
    await api.call('documents.trash', { id: board.id });

    await viewer.getByTestId('document-gone').waitFor(WAIT);
    expect(await viewer.getByTestId('document-gone-message').textContent()).toBe("'Owl sketches' was moved to the trash in another window or tab, so it was closed here.");
    expect(await viewer.getByTestId('image-board').count()).toBe(0);
    expect(await viewer.getByTestId('project-title').textContent()).toBe('Bestiary');
    await viewer.getByTestId('document-gone-restore').click();
    await viewer.getByTestId('document-gone').waitFor({ state: 'detached', ...WAIT });
    await viewer.getByTestId('image-board').waitFor(WAIT);
    expect((await api.call<DocumentInfo>('documents.get', { id: board.id })).deletedAt).toBeNull();
    await viewer.context().close();
  });
});
