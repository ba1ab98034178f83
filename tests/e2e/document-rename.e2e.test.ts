// Renaming a document reaches every window at once, in Chromium against the real host: while it is
// open in the writing studio (or an image board) in one window, a rename in another window's
// project list changes the open view's title and its breadcrumb, and that list, without a reload;
// the writer's text stays as it was. Expects out/renderer to be built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Project } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { closeDrawer, startStudio, type Studio } from '../support/e2e-setup';
import { editorText } from '../support/e2e-write';
import { connectApi, type HostApi } from '../support/host-api';
import type { Page } from 'playwright-core';

let studio: Studio;
let api: HostApi;
let poems: Project;
let ode: DocumentInfo;
let board: DocumentInfo;

beforeAll(async () => {
  studio = await startStudio('rename', { models: null });
  api = await connectApi(studio.host);
  poems = await api.call<Project>('projects.create', { name: 'Poems' });
  ode = await api.call<DocumentInfo>('documents.create', { projectId: poems.id, kind: 'text', title: 'Ode draft', text: 'O wind.' });
  board = await api.call<DocumentInfo>('documents.create', { projectId: poems.id, kind: 'image', title: 'Sketches' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

const title = (page: Page) => page.locator('#document-title');
const lastCrumb = (page: Page) => page.getByTestId('breadcrumb').locator('.crumb').last();

/** Opens a document of Poems from its project page. */
async function open(page: Page, name: string, kind: 'text' | 'image') {
  await page.getByTestId('project-item').filter({ hasText: 'Poems' }).click();
  await page.getByTestId('document-item').filter({ hasText: name }).click();
  await (kind === 'text' ? page.locator('.cm-content') : page.getByTestId('image-board')).waitFor(WAIT);
  await title(page).filter({ hasText: name }).waitFor(WAIT);
}

/** Renames a document from the project list of `page`, which shows Poems. */
async function renameFromList(page: Page, from: string, to: string) {
  const row = page.locator('.doc-row').filter({ has: page.getByTestId('document-item').filter({ hasText: from }) });
  await row.getByTestId('document-rename').click();
  await page.getByTestId('document-rename-input').fill(to);
  await page.getByTestId('document-rename-input').press('Enter');
  await page.getByTestId('document-item').filter({ hasText: to }).waitFor(WAIT);
}

describe('a document renamed while it is open', () => {
  it('the writing studio in another window takes the new title at once, and keeps its text', { timeout: 120_000 }, async () => {
    const writer = await studio.openApp('light');
    await closeDrawer(writer);
    await open(writer, 'Ode draft', 'text');
    await writer.locator('.cm-content').click();
    await writer.keyboard.press('Control+End');
    await writer.keyboard.type(' O rain');
    await writer.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);

    const other = await studio.openApp('light');
    await other.getByTestId('project-item').filter({ hasText: 'Poems' }).click();
    await renameFromList(other, 'Ode draft', 'Ode to the west wind');

    await title(writer).filter({ hasText: /^Ode to the west wind$/ }).waitFor(WAIT);
    await lastCrumb(writer).filter({ hasText: /^Ode to the west wind$/ }).waitFor(WAIT);
    expect(await other.getByTestId('document-item').filter({ hasText: 'Ode draft' }).count()).toBe(0);
    expect((await api.call<DocumentInfo>('documents.get', { id: ode.id })).title).toBe('Ode to the west wind');
    expect(await editorText(writer)).toBe('O wind. O rain');

    // Back in the writer's own project list, the new title is there too.
    await writer.getByTestId('document-back').click();
    await writer.getByTestId('document-item').filter({ hasText: 'Ode to the west wind' }).waitFor(WAIT);
    expect(await writer.getByTestId('document-item').filter({ hasText: 'Ode draft' }).count()).toBe(0);
    await writer.context().close();
    await other.context().close();
  });

  it('an open image board takes the new title at once; a rename by another client reaches both windows', { timeout: 120_000 }, async () => {
    const viewer = await studio.openApp('dark');
    await open(viewer, 'Sketches', 'image');
    const other = await studio.openApp('dark');
    await other.getByTestId('project-item').filter({ hasText: 'Poems' }).click();
    await renameFromList(other, 'Sketches', 'Storm sketches');
    await title(viewer).filter({ hasText: /^Storm sketches$/ }).waitFor(WAIT);
    await lastCrumb(viewer).filter({ hasText: /^Storm sketches$/ }).waitFor(WAIT);

    await api.call('documents.rename', { id: board.id, title: 'Storm studies' });
    await title(viewer).filter({ hasText: /^Storm studies$/ }).waitFor(WAIT);
    await other.getByTestId('document-item').filter({ hasText: 'Storm studies' }).waitFor(WAIT);
    await viewer.context().close();
    await other.context().close();
  });
});
