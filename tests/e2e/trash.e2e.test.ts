// The Trash page lists trashed documents of every project, in Chromium against the real host: a
// document trashed in project Atlas shows there with "Atlas", its version count and when; Restore
// puts it back in Atlas, where it opens with all its versions. A document whose project is in the
// trash too says to restore that project first, and that project's row counts it as trashed apart
// from what its restore brings back. Empty trash for versions names each document's share and
// leaves the trashed versions of a trashed document. Expects out/renderer to be built.
// Screenshots: test-results/screenshots/trash-documents-{light,dark}.png.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, HistoryGraph, Iteration, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, startStudio, type Studio } from '../support/e2e-setup';
import { editorText, showVersions } from '../support/e2e-write';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
let atlas: Project;
let bestiary: Project;
let chapter: DocumentInfo;
let notes: DocumentInfo;

beforeAll(async () => {
  studio = await startStudio('trash', { models: null });
  api = await connectApi(studio.host);
  atlas = await api.call<Project>('projects.create', { name: 'Atlas' });
  bestiary = await api.call<Project>('projects.create', { name: 'Bestiary' });
  chapter = await api.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Chapter 3', text: 'One.' });
  let parent = chapter.headIterationId as string;
  for (const text of ['One. Two.', 'One. Two. Three.']) parent = (await api.call<Iteration>('history.commitText', { documentId: chapter.id, parentIds: [parent], text })).id;
  notes = await api.call<DocumentInfo>('documents.create', { projectId: bestiary.id, kind: 'text', title: 'Field notes', text: 'Owls.' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

describe('documents on the Trash page', () => {
  it('lists a document trashed in one project with that project; Restore puts it back there with its versions', { timeout: 120_000 }, async () => {
    const page = await studio.openApp('light');
    await closeDrawer(page);
    await page.getByTestId('project-item').filter({ hasText: 'Atlas' }).click();
    const row = page.locator('.doc-row').filter({ has: page.getByTestId('document-item').filter({ hasText: 'Chapter 3' }) });
    await row.getByTestId('document-trash').click();
    expect(await page.getByTestId('confirm-message').textContent(WAIT)).toBe("Move 'Chapter 3' and its 3 versions to the trash?");
    await page.getByTestId('confirm-ok').click();
    await row.waitFor({ state: 'detached', ...WAIT });

    // Elsewhere, Bestiary's notes and then Bestiary itself go to the trash (another client).
    await api.call('documents.trash', { id: notes.id });
    await api.call('projects.trash', { id: bestiary.id });

    await page.getByTestId('open-trash').click();
    const item = page.locator(`[data-testid="trash-document"][data-document-id="${chapter.id}"]`);
    await item.waitFor(WAIT);
    expect(await item.getAttribute('data-project-id')).toBe(atlas.id);
    expect(await item.getByTestId('document-project').textContent()).toBe(' · Atlas');
    expect(await item.locator('.row-meta').textContent()).toMatch(/^3 versions · trashed \S/);
    expect(await page.getByTestId('documents-trash').getAttribute('data-total')).toBe('2');

    // The notes wait for their project, which is listed above them.
    const waiting = page.locator(`[data-testid="trash-document"][data-document-id="${notes.id}"]`);
    await waiting.waitFor(WAIT);
    expect(await waiting.getByTestId('trash-document-waits').textContent()).toBe('Restore Bestiary first');
    expect(await waiting.getByTestId('trash-document-restore').isDisabled()).toBe(true);
    // Bestiary's only document was trashed on its own before: the row says it stays behind on restore.
    const bestiaryRow = page.locator(`[data-testid="trash-item"][data-project-id="${bestiary.id}"]`);
    await bestiaryRow.waitFor(WAIT);
    expect(await bestiaryRow.getByTestId('trash-project-counts').textContent()).toBe('0 documents + 1 trashed (stays in the trash on restore)');
    await page.screenshot({ path: join(SHOTS, 'trash-documents-light.png') });

    await item.getByTestId('trash-document-restore').click();
    await item.waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByTestId('documents-trash').getAttribute('data-total')).toBe('1');
    const toast = page.getByTestId('toast').filter({ hasText: "Restored 'Chapter 3' to Atlas." });
    await toast.waitFor(WAIT);
    await toast.getByTestId('toast-action').click();

    // Back in Atlas, with its three versions and its latest text.
    await page.getByTestId('project-title').filter({ hasText: /^Atlas$/ }).waitFor(WAIT);
    const back = page.getByTestId('document-item').filter({ hasText: 'Chapter 3' });
    expect(await back.locator('.row-meta').textContent(WAIT)).toMatch(/^3 versions/);
    expect(await page.getByTestId('trashed-document').count()).toBe(0);
    await back.click();
    await page.locator('.cm-content').filter({ hasText: 'One. Two. Three.' }).waitFor(WAIT);
    expect(await editorText(page)).toBe('One. Two. Three.');
    expect(await showVersions(page)).toBe(3);
    await page.context().close();
  });

  it('a Trash page open in another window follows: restoring the project lets its document come back', { timeout: 90_000 }, async () => {
    const page = await studio.openApp('dark');
    await page.getByTestId('open-trash').click();
    const waiting = page.locator(`[data-testid="trash-document"][data-document-id="${notes.id}"]`);
    await waiting.getByTestId('trash-document-waits').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'trash-documents-dark.png') });

    await api.call('projects.restore', { id: bestiary.id });
    await waiting.getByTestId('trash-document-waits').waitFor({ state: 'detached', ...WAIT });
    await waiting.getByTestId('trash-document-restore').click();
    await page.getByTestId('documents-trash-none').waitFor(WAIT);
    const live = await api.call<DocumentInfo[]>('documents.list', { projectId: bestiary.id });
    expect(live.map((d) => [d.title, d.deletedAt, d.iterationCount])).toEqual([['Field notes', null, 1]]);
    await page.context().close();
  });

  it('Empty trash for versions names each document\'s share, deletes those, and leaves a trashed document\'s versions', { timeout: 90_000 }, async () => {
    // Two of Chapter 3's older versions and one of Field notes' go to the trash; Scraps has one
    // trashed version and is then trashed itself.
    const head = (await api.call<DocumentInfo>('documents.get', { id: chapter.id })).headIterationId;
    const graph = await api.call<HistoryGraph>('history.graph', { documentId: chapter.id });
    const older = graph.iterations.map((i) => i.id).filter((id) => id !== head);
    expect(older).toHaveLength(2);
    for (const id of older) await api.call('history.trash', { id });
    const notesHead = (await api.call<DocumentInfo>('documents.get', { id: notes.id })).headIterationId;
    const note = await api.call<Iteration>('history.commitText', { documentId: notes.id, parentIds: [notesHead], text: 'Owls, again.' });
    await api.call('history.trash', { id: note.id });
    const scraps = await api.call<DocumentInfo>('documents.create', { projectId: atlas.id, kind: 'text', title: 'Scraps', text: 'a' });
    const scrap = await api.call<Iteration>('history.commitText', { documentId: scraps.id, parentIds: [scraps.headIterationId], text: 'a b' });
    await api.call('history.trash', { id: scraps.headIterationId });
    await api.call('documents.trash', { id: scraps.id });

    const page = await studio.openApp('light');
    await page.getByTestId('open-trash').click();
    await page.locator('[data-testid="versions-trash"][data-total="3"]').waitFor(WAIT);
    await page.getByTestId('versions-trash-empty').click();
    expect(await page.getByTestId('confirm-message').textContent(WAIT)).toBe("Delete 3 versions for good? 2 of 'Chapter 3' (Atlas), 1 of 'Field notes' (Bestiary).");
    expect(await page.getByTestId('confirm-left').textContent()).toBe('1 trashed version stays: its document or project is in the trash.');
    await page.screenshot({ path: join(SHOTS, 'trash-versions-empty-light.png') });
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('versions-trash-none').waitFor(WAIT);

    const after = await api.call<HistoryGraph>('history.graph', { documentId: chapter.id });
    expect(after.iterations.map((i) => i.id)).toEqual([head]);
    await api.call('documents.restore', { id: scraps.id });
    const kept = await api.call<HistoryGraph>('history.graph', { documentId: scraps.id });
    expect(kept.iterations.map((i) => [i.id, i.deletedAt !== null]).sort()).toEqual(
      [
        [scraps.headIterationId, true],
        [scrap.id, false],
      ].sort(),
    );
    await page.context().close();
  });
});
