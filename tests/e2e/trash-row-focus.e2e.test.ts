// Moving a project or a document to the trash from the keyboard (Delete, then the confirm) keeps
// the user's place: its row leaves the list, and focus goes to the row after it (else the one
// before, else the project's heading) instead of the top of the page; Undo in the notice brings
// focus back to the restored row rather than the main region.
// In Chromium against the real host; expects out/renderer to be built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocumentInfo, Project } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { focusedElement } from '../support/e2e-focus';
import { closeDrawer, startStudio, type Studio } from '../support/e2e-setup';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
let page: Page;
let shelf: Project;

beforeAll(async () => {
  studio = await startStudio('trash-row-focus', { models: null });
  api = await connectApi(studio.host);
  shelf = await api.call<Project>('projects.create', { name: 'Shelf' });
  for (const title of ['Alpha', 'Beta', 'Gamma']) {
    await api.call<DocumentInfo>('documents.create', { projectId: shelf.id, kind: 'text', title, text: `${title} text.` });
  }
  await api.call<Project>('projects.create', { name: 'Spare' });
  page = await studio.openApp('light');
  await closeDrawer(page);
  await page.getByTestId('project-item').filter({ hasText: 'Shelf' }).click();
  await page.getByTestId('document-item').nth(2).waitFor(WAIT);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

const waitFocus = (want: string) => expect.poll(() => focusedElement(page), WAIT).toBe(want);
const rowIds = (testId: string, attr: string) => page.getByTestId(testId).evaluateAll((els, a) => els.map((el) => el.getAttribute(a) ?? ''), attr);

/** Delete on the focused row, then the confirm's "Move to trash" from the keyboard. */
async function trashFocused() {
  await page.keyboard.press('Delete');
  await page.getByTestId('confirm-ok').focus();
  await page.keyboard.press('Enter');
}

async function undo() {
  await page.getByTestId('toast-action').focus();
  await page.keyboard.press('Enter');
}

describe('trashing a row from the keyboard', () => {
  it('a document: focus goes to the next row; Undo gives it back to the restored row', async () => {
    const [top, middle, bottom] = await rowIds('document-item', 'data-document-id');
    await page.locator(`[data-testid="document-item"][data-document-id="${middle}"]`).focus();
    await trashFocused();
    await expect.poll(() => rowIds('document-item', 'data-document-id'), WAIT).toEqual([top, bottom]);
    await waitFocus(`document-item:${bottom}`);

    await undo();
    await expect.poll(() => rowIds('document-item', 'data-document-id'), WAIT).toContain(middle);
    await waitFocus(`document-item:${middle}`);
  });

  it('the last document row: focus goes to the row before; the only one left: to the heading', async () => {
    const [top, middle, bottom] = await rowIds('document-item', 'data-document-id');
    await page.locator(`[data-testid="document-item"][data-document-id="${bottom}"]`).focus();
    await trashFocused();
    await waitFocus(`document-item:${middle}`);

    await page.locator(`[data-testid="document-item"][data-document-id="${middle}"]`).focus();
    await trashFocused();
    await waitFocus(`document-item:${top}`);

    await page.locator(`[data-testid="document-item"][data-document-id="${top}"]`).focus();
    await trashFocused();
    await page.getByTestId('document-item').first().waitFor({ state: 'detached', ...WAIT });
    await waitFocus('project-title');
  });

  it('a project: focus goes to the next project; Undo gives it back to the restored project', async () => {
    const before = await rowIds('project-item', 'data-project-id');
    const at = before.indexOf(shelf.id);
    const next = before[at + 1] ?? before[at - 1];
    await page.locator(`[data-testid="project-item"][data-project-id="${shelf.id}"]`).focus();
    await trashFocused();
    await expect.poll(() => rowIds('project-item', 'data-project-id'), WAIT).not.toContain(shelf.id);
    await waitFocus(`project-item:${next}`);

    await undo();
    await expect.poll(() => rowIds('project-item', 'data-project-id'), WAIT).toContain(shelf.id);
    await waitFocus(`project-item:${shelf.id}`);
  });
});
