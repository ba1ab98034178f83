// `atelier trash …` run in a terminal while the studio is open on the same data folder, in Chromium
// against a real `atelier serve`: the CLI is its own process, and the studio learns of its changes
// only through the host's watch of the data folder. An open document it trashes closes with the
// "moved to the trash elsewhere" notice, which keeps the text the window had not saved yet and
// brings it back with Restore; a window on the Trash page lists it at once and drops it after the
// restore; a project it trashes leaves the project list and shows in the trash, and one it deletes
// for good leaves the trash, all without a reload. The notice names where the change came from
// (another program, not another window). A document's version trashed, restored (by a second
// connection to the data folder, as another app would) or deleted for good (`trash empty`) there
// updates the history a window shows.
// Expects out/renderer to be built. Screenshots: test-results/screenshots/trashed-by-cli-*.png.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/store';
import type { DocumentInfo, Iteration, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { openDroppingSaves } from '../support/e2e-dropped-saves';
import { closeDrawer, openDocumentIn, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, typeAtEnd } from '../support/e2e-write';
import { connectApi, type HostApi } from '../support/host-api';
import { runAtelier } from '../support/cli-run';

let studio: Studio;
let api: HostApi;
let bestiary: Project;
let chapter: DocumentInfo;

/** `atelier ARGS` on the studio's data folder, as its own process. */
const atelier = (...args: string[]) => runAtelier(studio.dataDir, args);

async function headText(documentId: string): Promise<string | null> {
  const doc = await api.call<DocumentInfo>('documents.get', { id: documentId });
  return doc.headIterationId ? (await api.call<{ text: string | null }>('history.get', { id: doc.headIterationId })).text : null;
}

beforeAll(async () => {
  studio = await startStudio('trashed-by-cli', { models: null });
  api = await connectApi(studio.host);
  const atlas = await api.call<Project>('projects.create', { name: 'Atlas' });
  bestiary = await api.call<Project>('projects.create', { name: 'Bestiary' });
  chapter = await api.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Chapter 3', text: 'It was dark.' });
  await api.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'text', title: 'Owls', text: 'Owls hunt.' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

describe('the CLI moves things to the trash while the studio is open', () => {
  it('the open document: the notice with Restore keeps the unsaved text; the Trash page follows', { timeout: 240_000 }, async () => {
    const drop = { on: true };
    const writer = await openDroppingSaves(studio, drop);
    await openDocumentIn(writer, 'Atlas', 'Chapter 3');
    await typeAtEnd(writer, ' And cold.');
    await writer.locator('[data-testid="save-state"][data-state="saving"]').waitFor(WAIT);

    const trash = await studio.openApp('dark');
    await closeDrawer(trash);
    await trash.getByTestId('open-trash').click();
    await trash.getByTestId('trash-view').waitFor(WAIT);
    const row = trash.locator(`[data-testid="trash-document"][data-document-id="${chapter.id}"]`);
    // Counted once the list has loaded (data-total comes with it): while it loads no row is there anyway.
    await trash.locator('[data-testid="documents-trash"][data-total]').waitFor(WAIT);
    expect(await row.count()).toBe(0);

    const moved = await atelier('trash', 'document', 'Chapter 3');
    expect(moved.code, moved.stderr).toBe(0);

    await writer.getByTestId('document-gone').waitFor(WAIT);
    await writer.getByRole('dialog', { name: 'Moved to the trash elsewhere' }).waitFor(WAIT);
    const message = writer.getByTestId('document-gone-message');
    expect(await message.getAttribute('data-how')).toBe('trashed');
    expect(await message.textContent()).toBe("'Chapter 3' was moved to the trash by another program (such as the atelier command line), so it was closed here.");
    const kept = writer.getByTestId('document-gone-preview');
    expect(await kept.textContent()).toBe('It was dark. And cold.');
    expect(await kept.getAttribute('data-unsaved')).toBe('true');
    expect(await writer.locator('.cm-content').count()).toBe(0);
    // The other window's Trash page lists it without a reload; nothing new was saved into it.
    await row.waitFor(WAIT);
    expect(await headText(chapter.id)).toBe('It was dark.');
    await writer.screenshot({ path: join(SHOTS, 'trashed-by-cli-notice.png') });

    drop.on = false;
    await writer.getByTestId('document-gone-restore').click();
    await writer.getByTestId('document-gone').waitFor({ state: 'detached', ...WAIT });
    await writer.locator('#document-title').filter({ hasText: /^Chapter 3$/ }).waitFor(WAIT);
    await expect.poll(() => editorText(writer), WAIT).toBe('It was dark. And cold.');
    expect((await api.call<DocumentInfo>('documents.get', { id: chapter.id })).deletedAt).toBeNull();
    expect(await headText(chapter.id)).toBe('It was dark. And cold.');
    await row.waitFor({ state: 'detached', ...WAIT });
    await writer.context().close();
    await trash.context().close();
  });

  it('a project leaves the project list and shows in the trash; deleted for good, it leaves the trash', { timeout: 240_000 }, async () => {
    const page = await studio.openApp('light');
    await closeDrawer(page);
    const item = page.getByTestId('project-item').filter({ hasText: 'Bestiary' });
    await item.waitFor(WAIT);
    await page.getByTestId('open-trash').click();
    await page.getByTestId('trash-view').waitFor(WAIT);

    expect((await atelier('trash', 'project', 'Bestiary')).code).toBe(0);
    await item.waitFor({ state: 'detached', ...WAIT });
    const trashed = page.locator(`[data-testid="trash-item"][data-project-id="${bestiary.id}"]`);
    await trashed.waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'trashed-by-cli-project.png') });

    const gone = await atelier('trash', 'delete', bestiary.id, '--yes');
    expect(gone.stdout).toBe('Deleted for good: 1 project, 1 document, 1 version, no image files\n');
    await trashed.waitFor({ state: 'detached', ...WAIT });
    expect((await api.call<Project[]>('projects.list', { trashed: true })).map((p) => p.id)).not.toContain(bestiary.id);
    await page.context().close();
  });

  it("a version trashed, restored and deleted for good elsewhere: the open document's history follows", { timeout: 240_000 }, async () => {
    const atlas = (await api.call<Project[]>('projects.list', {})).find((p) => p.name === 'Atlas')!;
    const drafts = await api.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Drafts', text: 'A.' });
    const first = drafts.headIterationId!;
    await api.call<Iteration>('history.commitText', { documentId: drafts.id, parentIds: [first], text: 'A. B.' });
    const page = await studio.openApp('light');
    await closeDrawer(page);
    await openDocumentIn(page, 'Atlas', 'Drafts');
    await page.getByTestId('side-tab-versions').click();
    const nodes = page.getByTestId('version-node');
    await expect.poll(() => nodes.count(), WAIT).toBe(2);
    const node = (trashed: boolean) => page.locator(`[data-testid="version-node"][data-iteration-id="${first}"][data-trashed="${trashed}"]`);
    await node(false).waitFor(WAIT);

    const elsewhere = openStore(studio.dataDir, { welcome: false });
    try {
      elsewhere.history.setTrashed(first, true);
      await node(true).waitFor(WAIT);
      elsewhere.history.setTrashed(first, false);
      await node(false).waitFor(WAIT);
      elsewhere.history.setTrashed(first, true);
      await node(true).waitFor(WAIT);
    } finally {
      elsewhere.close();
    }
    const emptied = await atelier('trash', 'empty', '--yes');
    expect(emptied.stdout).toBe('Deleted for good: 0 documents, 1 version, no image files\n');
    await expect.poll(() => nodes.count(), WAIT).toBe(1);
    expect(await page.locator(`[data-testid="version-node"][data-iteration-id="${first}"]`).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'trashed-by-cli-version.png') });
    await page.context().close();
  });
});
