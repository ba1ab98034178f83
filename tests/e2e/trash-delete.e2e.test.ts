// Delete for good on the Trash page, in Chromium against the real host: a trashed document's row
// asks first, naming its versions; once confirmed the row goes and stays gone after a reload. A
// trashed project goes with all its documents (one trashed on its own before included), and
// "Empty trash" at the top deletes everything the page lists, after naming it. Expects
// out/renderer to be built. Screenshots: test-results/screenshots/trash-delete-{light,dark}.png.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Iteration, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
let atlas: Project;
let bestiary: Project;
let chapter: DocumentInfo;
let draft: DocumentInfo;

async function textDoc(projectId: string, title: string, versions: number): Promise<DocumentInfo> {
  const d = await api.call<DocumentInfo>('documents.create', { projectId, kind: 'text', title, text: `${title} 0` });
  let parent = d.headIterationId as string;
  for (let i = 1; i < versions; i++) parent = (await api.call<Iteration>('history.commitText', { documentId: d.id, parentIds: [parent], text: `${title} ${i}` })).id;
  return d;
}

beforeAll(async () => {
  studio = await startStudio('trash-delete', { models: null });
  api = await connectApi(studio.host);
  atlas = await api.call<Project>('projects.create', { name: 'Atlas' });
  bestiary = await api.call<Project>('projects.create', { name: 'Bestiary' });
  chapter = await textDoc(atlas.id, 'Chapter 3', 3);
  draft = await textDoc(atlas.id, 'Draft', 2);
  await textDoc(bestiary.id, 'Field notes', 1);
  const sketches = await textDoc(bestiary.id, 'Sketches', 2);
  await api.call('documents.trash', { id: chapter.id });
  await api.call('documents.trash', { id: sketches.id });
  await api.call('projects.trash', { id: bestiary.id });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

describe('Delete for good on the Trash page', () => {
  it('deletes a trashed document after naming its versions; it stays gone after a reload', { timeout: 120_000 }, async () => {
    const page = await studio.openApp('light');
    await page.getByTestId('open-trash').click();
    const row = page.locator(`[data-testid="trash-document"][data-document-id="${chapter.id}"]`);
    await row.waitFor(WAIT);
    expect(await page.getByTestId('documents-trash').getAttribute('data-total')).toBe('2');

    // Cancel deletes nothing.
    await row.getByTestId('trash-document-delete').click();
    expect(await page.getByTestId('confirm-message').textContent(WAIT)).toBe("Delete 'Chapter 3' (Atlas) for good? Its 3 versions go.");
    await page.getByTestId('confirm-cancel').click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached', ...WAIT });
    expect((await api.call<DocumentInfo>('documents.get', { id: chapter.id })).iterationCount).toBe(3);

    await row.getByTestId('trash-document-delete').click();
    await page.getByTestId('confirm-message').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'trash-delete-light.png') });
    await page.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('toast').filter({ hasText: 'Deleted 1 document, 3 versions for good.' }).waitFor(WAIT);
    expect(await page.getByTestId('documents-trash').getAttribute('data-total')).toBe('1');

    await page.reload();
    await page.getByTestId('open-trash').click();
    await page.locator('[data-testid="documents-trash"][data-total="1"]').waitFor(WAIT);
    expect(await page.locator(`[data-testid="trash-document"][data-document-id="${chapter.id}"]`).count()).toBe(0);
    await expect(api.call('documents.get', { id: chapter.id })).rejects.toThrow(/No document with id/);
    // Atlas keeps its other document.
    expect((await api.call<DocumentInfo[]>('documents.list', { projectId: atlas.id })).map((d) => d.title)).toEqual(['Draft']);
    await page.context().close();
  });

  it('deletes a trashed project with all its documents, the one trashed on its own before included', { timeout: 120_000 }, async () => {
    const page = await studio.openApp('dark');
    await page.getByTestId('open-trash').click();
    const row = page.locator(`[data-testid="trash-item"][data-project-id="${bestiary.id}"]`);
    await row.getByTestId('delete-project-for-good').click(WAIT);
    expect(await page.getByTestId('confirm-message').textContent(WAIT)).toBe("Delete project 'Bestiary' for good? Its 2 documents and 3 versions go.");
    await page.screenshot({ path: join(SHOTS, 'trash-delete-dark.png') });
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('projects-trash-none').waitFor(WAIT);
    await page.getByTestId('documents-trash-none').waitFor(WAIT);
    await expect(api.call('projects.restore', { id: bestiary.id })).rejects.toThrow(/No project with id/);
    await page.context().close();
  });

  it('Empty trash names everything the page lists and deletes it; live documents stay', { timeout: 120_000 }, async () => {
    const attic = await api.call<Project>('projects.create', { name: 'Attic' });
    await textDoc(attic.id, 'Boxes', 2);
    await api.call('projects.trash', { id: attic.id });
    await api.call('documents.trash', { id: draft.id });
    const live = await textDoc(atlas.id, 'Outline', 3);
    // Its first version (the head when it was made, no longer) goes to the trash on its own.
    await api.call('history.trash', { id: live.headIterationId });

    const page = await studio.openApp('light');
    await page.getByTestId('open-trash').click();
    await page.locator('[data-testid="versions-trash"][data-total="1"]').waitFor(WAIT);
    await page.getByTestId('trash-empty-all').click();
    expect(await page.getByTestId('confirm-message').textContent(WAIT)).toBe(
      "Delete 1 project ('Attic'; 1 document), 1 document ('Draft'), 1 single version for good? 5 versions in all go.",
    );
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('projects-trash-none').waitFor(WAIT);
    await page.getByTestId('documents-trash-none').waitFor(WAIT);
    await page.getByTestId('versions-trash-none').waitFor(WAIT);
    expect((await api.call<DocumentInfo[]>('documents.list', { projectId: atlas.id })).map((d) => [d.title, d.iterationCount])).toEqual([['Outline', 2]]);
    await page.context().close();
  });

  it('Empty trash on an empty trash says there is nothing to delete, with no confirm to delete for good', { timeout: 60_000 }, async () => {
    // The test before emptied the trash.
    const page = await studio.openApp('light');
    await page.getByTestId('open-trash').click();
    await page.getByTestId('projects-trash-none').waitFor(WAIT);
    await page.getByTestId('documents-trash-none').waitFor(WAIT);
    await page.getByTestId('versions-trash-none').waitFor(WAIT);
    await page.getByTestId('trash-empty-all').click();
    expect(await page.getByTestId('toast').textContent(WAIT)).toContain('The trash is empty: nothing to delete.');
    expect(await page.getByTestId('confirm-dialog').count()).toBe(0);
    await page.context().close();
  });
});
