// The Queue/Status drawer in a narrow window, in Chromium against the real host. At 800 px it
// floats over the page; before, once open it covered the right side of the Trash, Models and
// Project pages, the Trash page's Restore buttons among them, and pressing the page left it there.
// Now a press on the page beside it closes it (and still acts), and so does Esc inside it; at
// 1280 px, where it is a column beside the page, neither closes it. Expects out/renderer built.
// Screenshots: test-results/screenshots/narrow-drawer-trash-{open,closed}.png.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInfo, Project } from '../../shared/contract';
import { SHOTS, WAIT } from '../support/chromium';
import { startStudio, type Studio } from '../support/e2e-setup';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
const trashed: DocumentInfo[] = [];

beforeAll(async () => {
  studio = await startStudio('narrow-drawer', { models: null });
  api = await connectApi(studio.host);
  const project = await api.call<Project>('projects.create', { name: 'Atlas' });
  for (const title of ['Chapter 1', 'Chapter 2']) {
    const doc = await api.call<DocumentInfo>('documents.create', { projectId: project.id, kind: 'text', title, text: `${title}.` });
    await api.call('documents.trash', { id: doc.id });
    trashed.push(doc);
  }
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

/**
 * What a press at the centre of `target` would hit: 'drawer' when the topmost element there is inside
 * the Queue/Status drawer (its panel can be shorter than the drawer, so the drawer's own body may be
 * what covers), else the test id of the nearest element that has one; and whether it is `target` or inside it.
 */
function hitAtCentre(target: Locator): Promise<{ hits: boolean; topmost: string }> {
  return target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const owner = top?.closest('aside.drawer') ? 'drawer' : top?.closest('[data-testid]')?.getAttribute('data-testid');
    return { hits: top !== null && (top === el || el.contains(top)), topmost: owner ?? top?.tagName ?? 'nothing' };
  });
}

const drawerOpen = async (page: Page) => (await page.getByTestId('toggle-drawer').getAttribute('aria-pressed')) === 'true';

async function openDrawer(page: Page): Promise<void> {
  if (!(await drawerOpen(page))) await page.getByTestId('toggle-drawer').click();
  await page.getByTestId('queue-panel').waitFor(WAIT);
}

/** Presses the page's own heading area, at its left, away from any control and from the drawer. */
async function pressPage(page: Page): Promise<void> {
  const box = (await page.locator('#workspace').boundingBox())!;
  await page.mouse.click(box.x + 8, box.y + 8);
}

const restoreOf = (page: Page, doc: DocumentInfo) =>
  page.locator(`[data-testid="trash-document"][data-document-id="${doc.id}"]`).getByTestId('trash-document-restore');

describe('the Queue/Status drawer in a narrow window', () => {
  it('at 800 px a press on the Trash page closes it, uncovering Restore, which then restores', { timeout: 120_000 }, async () => {
    const page = await studio.openApp('light', { width: 800, height: 700 });
    await page.getByTestId('open-trash').click();
    const restore = restoreOf(page, trashed[0]!);
    await restore.waitFor(WAIT);

    await openDrawer(page);
    // The setup shows the fault: open, the drawer is what a press on Restore would hit.
    const covered = await hitAtCentre(restore);
    expect(covered.hits).toBe(false);
    expect(covered.topmost).toBe('drawer');
    await page.screenshot({ path: join(SHOTS, 'narrow-drawer-trash-open.png') });

    await pressPage(page);
    await page.getByTestId('queue-panel').waitFor({ state: 'detached', ...WAIT });
    expect(await drawerOpen(page)).toBe(false);
    expect(await hitAtCentre(restore)).toEqual({ hits: true, topmost: 'trash-document-restore' });
    expect(await restore.isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'narrow-drawer-trash-closed.png') });
    await restore.click();
    await page.getByTestId('toast').filter({ hasText: "Restored 'Chapter 1' to Atlas." }).waitFor(WAIT);

    // A press on the page's own control closes the drawer and acts in one go.
    const second = restoreOf(page, trashed[1]!);
    await openDrawer(page);
    expect((await hitAtCentre(second)).hits).toBe(false);
    const sidebarTrash = page.getByTestId('open-trash'); // beside the drawer, not under it
    expect((await hitAtCentre(sidebarTrash)).hits).toBe(true);
    await sidebarTrash.click();
    await page.getByTestId('queue-panel').waitFor({ state: 'detached', ...WAIT });

    // Esc inside it closes it too, and focus goes back to the toggle that opened it.
    await openDrawer(page);
    await page.getByTestId('tab-status').click();
    await page.keyboard.press('Escape');
    await page.getByTestId('queue-panel').waitFor({ state: 'detached', ...WAIT });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('toggle-drawer');
    expect(await hitAtCentre(second)).toEqual({ hits: true, topmost: 'trash-document-restore' });
    // Closed by a press, it stays closed after a reload (the layout choice is kept).
    await page.reload();
    await page.getByTestId('project-item').first().waitFor(WAIT);
    expect(await drawerOpen(page)).toBe(false);
    await page.context().close();
  });

  it('at 1280 px it is a column beside the page: a press on the page and Esc leave it open', { timeout: 120_000 }, async () => {
    const page = await studio.openApp('light', { width: 1280, height: 800 });
    await page.getByTestId('open-trash').click();
    const restore = restoreOf(page, trashed[1]!);
    await restore.waitFor(WAIT);
    await openDrawer(page);
    expect(await hitAtCentre(restore)).toEqual({ hits: true, topmost: 'trash-document-restore' });
    await pressPage(page);
    await page.getByTestId('tab-status').click();
    await page.keyboard.press('Escape');
    // Still there after both: its tabs still switch, and the toggle still says open.
    await page.getByTestId('tab-queue').click();
    await page.getByTestId('queue-panel').waitFor(WAIT);
    expect(await drawerOpen(page)).toBe(true);
    await page.context().close();
  });
});
