// Every way a window is asked to open a document, when that document (or its project) went to the
// trash in the meantime, in Chromium against one real host: a search result, Compare's Open, Back
// (to a document whose project went), and a view remembered for the tab. The host still answers
// documents.get for a trashed document, so each must show the trashed notice with Restore, never
// an editor to write into; Restore brings it (and its project) back and opens it, its text whole.
// Expects out/renderer to be built. Screenshots: test-results/screenshots/trashed-arrival-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Iteration, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { closeDrawer, openDocumentIn, startStudio, type Studio } from '../support/e2e-setup';
import { editorText } from '../support/e2e-write';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;

beforeAll(async () => {
  studio = await startStudio('trashed-arrival', { models: null });
  api = await connectApi(studio.host);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

/** A project with one text document holding `texts` as versions, newest last (the head). */
async function documentWith(project: string, title: string, texts: string[]): Promise<{ project: Project; doc: DocumentInfo }> {
  const p = await api.call<Project>('projects.create', { name: project });
  const doc = await api.call<DocumentInfo>('documents.create', { projectId: p.id, kind: 'text', title, text: texts[0] });
  let parent = doc.headIterationId as string;
  for (const text of texts.slice(1)) parent = (await api.call<Iteration>('history.commitText', { documentId: doc.id, parentIds: [parent], text })).id;
  return { project: p, doc };
}

async function search(page: Page, q: string): Promise<void> {
  await page.getByTestId('search-input').fill(q);
  await page.getByTestId('search-input').press('Enter');
  await page.getByTestId('search-view').waitFor(WAIT);
  await expect.poll(() => page.getByTestId('search-result').count(), WAIT).toBeGreaterThan(0);
}

/** The notice is up, saying `message`, and no editor is open. */
async function noticeSays(page: Page, message: string, shot: string): Promise<void> {
  // The dialog's text is in the page a moment before it is opened (showModal runs after the render).
  await page.locator('dialog[data-testid="document-gone"][open]').waitFor(WAIT);
  expect(await page.getByTestId('document-gone-message').textContent()).toBe(message);
  await page.screenshot({ path: join(SHOTS, `trashed-arrival-${shot}.png`) });
  expect(await page.locator('.cm-content').count()).toBe(0);
}

/** Restore on the notice: the document opens in the editor with `text`, and the host has it live. */
async function restoreOpens(page: Page, doc: DocumentInfo, text: string): Promise<void> {
  await page.getByTestId('document-gone-restore').click();
  await page.locator('#document-title').filter({ hasText: doc.title }).waitFor(WAIT);
  await expect.poll(() => editorText(page), WAIT).toBe(text);
  const live = await api.call<DocumentInfo>('documents.get', { id: doc.id });
  expect({ deletedAt: live.deletedAt, projectDeletedAt: live.projectDeletedAt }).toEqual({ deletedAt: null, projectDeletedAt: null });
}

describe('opening a document that is in the trash shows the trashed notice with Restore, never the editor', () => {
  it('a search result, the document trashed after the search', { timeout: 120_000 }, async () => {
    const { doc } = await documentWith('Harbour', 'Gulls', ['Gulls wheel over the quay.']);
    const page = await studio.openApp('light');
    await closeDrawer(page);
    await search(page, 'wheel quay');
    await api.call('documents.trash', { id: doc.id });

    await page.locator(`[data-testid="search-result"][data-document-id="${doc.id}"]`).first().getByTestId('search-result-open').click();
    await noticeSays(page, "'Gulls' is in the trash, so it did not open.", 'search');
    await restoreOpens(page, doc, 'Gulls wheel over the quay.');
    await page.context().close();
  });

  it("Compare's Open, the document trashed while its versions are compared", { timeout: 120_000 }, async () => {
    const { doc } = await documentWith('Fells', 'Ridge', ['Mist on the ridge.', 'Mist on the ridge at dawn.']);
    const page = await studio.openApp('light');
    await closeDrawer(page);
    await search(page, 'mist ridge');
    await expect.poll(() => page.locator(`[data-testid="search-result"][data-document-id="${doc.id}"]`).count(), WAIT).toBe(2);
    await page.getByTestId('search-result-pick').nth(0).check();
    await page.getByTestId('search-result-pick').nth(1).check();
    await page.getByTestId('search-compare').click();
    await page.getByTestId('compare-open').first().waitFor(WAIT);
    await api.call('documents.trash', { id: doc.id });

    await page.getByTestId('compare-open').first().click();
    await noticeSays(page, "'Ridge' is in the trash, so it did not open.", 'compare');
    await restoreOpens(page, doc, 'Mist on the ridge at dawn.');
    await page.context().close();
  });

  it('Back to a document whose project went to the trash elsewhere', { timeout: 120_000 }, async () => {
    const { project, doc } = await documentWith('Orchard', 'Pears', ['Pears ripen late.']);
    const page = await studio.openApp('light');
    await openDocumentIn(page, 'Orchard', 'Pears');
    await page.getByTestId('open-trash').click();
    await page.getByTestId('trash-view').waitFor(WAIT);
    await api.call('projects.trash', { id: project.id });
    await page.getByTestId('trash-item').filter({ hasText: 'Orchard' }).waitFor(WAIT);

    await page.goBack();
    await noticeSays(page, "'Pears' did not open: its project is in the trash.", 'back-project');
    // Restore brings the project back, then the document in it.
    await restoreOpens(page, doc, 'Pears ripen late.');
    expect((await api.call<Project[]>('projects.list', {})).map((p) => p.name)).toContain('Orchard');
    await page.context().close();
  });

  it('a view remembered for the tab (a reload, a restored session), the document trashed since', { timeout: 120_000 }, async () => {
    const { project, doc } = await documentWith('Attic', 'Letters', ['Dear M.']);
    await api.call('documents.trash', { id: doc.id });
    const ctx = await studio.browser.newContext({ colorScheme: 'light', viewport: { width: 1280, height: 860 } });
    // The tab's storage as a session restore brings it back: the document was the view.
    await ctx.addInitScript(
      ({ projectId, id, title }) => sessionStorage.setItem('atelier.view', JSON.stringify({ kind: 'project', projectId, document: { id, title } })),
      { projectId: project.id, id: doc.id, title: doc.title },
    );
    const page = await ctx.newPage();
    await page.goto(studio.host.url);
    await noticeSays(page, "'Letters' is in the trash, so it did not open.", 'remembered');
    // It fell back to the document's project.
    expect(await page.getByTestId('project-title').textContent(WAIT)).toBe('Attic');
    await restoreOpens(page, doc, 'Dear M.');
    await ctx.close();
  });
});
