// A keyboard user who opens an inline name field (F2 on a project or a document, N for a new
// project) and closes it (Esc, or Enter on a document's new title) keeps their place: focus goes
// back to the control they were on, not to the top of the page. In Chromium against the real
// host; expects out/renderer to be built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocumentInfo, Project } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { focusedElement } from '../support/e2e-focus';
import { closeDrawer, startStudio, type Studio } from '../support/e2e-setup';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
let poems: Project;
let ode: DocumentInfo;
let page: Page;

beforeAll(async () => {
  studio = await startStudio('name-focus', { models: null });
  api = await connectApi(studio.host);
  poems = await api.call<Project>('projects.create', { name: 'Poems' });
  ode = await api.call<DocumentInfo>('documents.create', { projectId: poems.id, kind: 'text', title: 'Ode draft', text: 'O wind.' });
  page = await studio.openApp('light');
  await closeDrawer(page);
  await page.getByTestId('project-item').filter({ hasText: 'Poems' }).click();
  await page.getByTestId('document-item').filter({ hasText: 'Ode draft' }).waitFor(WAIT);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

/** The focused element as "testid" plus the id of the project or document it stands for. */
const focused = () => focusedElement(page);
const waitFocus = (want: string) => expect.poll(focused, WAIT).toBe(want);

describe('inline name fields give focus back', () => {
  it('Esc on a project name opened with F2 goes back to the project', async () => {
    await page.getByTestId('project-item').filter({ hasText: 'Poems' }).focus();
    await page.keyboard.press('F2');
    await waitFocus('project-rename-input');
    await page.keyboard.press('Escape');
    await waitFocus(`project-item:${poems.id}`);
  });

  it('Esc on a new project name opened with N goes back to the project', async () => {
    await page.getByTestId('project-item').filter({ hasText: 'Poems' }).focus();
    await page.keyboard.press('n');
    await waitFocus('project-name-input');
    await page.keyboard.press('Escape');
    await waitFocus(`project-item:${poems.id}`);
    expect(await page.getByTestId('project-name-input').count()).toBe(0);
  });

  it('Esc on a document title opened with F2 goes back to that document, whose row it replaced', async () => {
    await page.getByTestId('document-item').filter({ hasText: 'Ode draft' }).focus();
    await page.keyboard.press('F2');
    await waitFocus('document-rename-input');
    await page.keyboard.press('Escape');
    await waitFocus(`document-item:${ode.id}`);
  });

  it('a new document title saved with Enter leaves focus on the renamed document', async () => {
    await page.getByTestId('document-item').filter({ hasText: 'Ode draft' }).focus();
    await page.keyboard.press('F2');
    await waitFocus('document-rename-input');
    await page.keyboard.type('Ode to the west wind');
    await page.keyboard.press('Enter');
    await page.getByTestId('document-item').filter({ hasText: 'Ode to the west wind' }).waitFor(WAIT);
    await waitFocus(`document-item:${ode.id}`);
  });
});
