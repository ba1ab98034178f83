// Esc in the top-bar search box, reached with Ctrl+K, leaves it for where the keyboard was before
// the shortcut (or the main region when that was nowhere), not the top of the page.
// In Chromium against the real host; expects out/renderer to be built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Project } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { focusedElement } from '../support/e2e-focus';
import { closeDrawer, startStudio, type Studio } from '../support/e2e-setup';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;
let page: Page;
let harbour: Project;

beforeAll(async () => {
  studio = await startStudio('search-focus', { models: null });
  api = await connectApi(studio.host);
  harbour = await api.call<Project>('projects.create', { name: 'Harbour' });
  page = await studio.openApp('light');
  await closeDrawer(page);
  await page.getByTestId('project-item').filter({ hasText: 'Harbour' }).waitFor(WAIT);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

const waitFocus = (want: string) => expect.poll(() => focusedElement(page), WAIT).toBe(want);

describe('Esc in the search box after Ctrl+K', () => {
  it('goes back to the project row the shortcut was pressed on', async () => {
    await page.getByTestId('project-item').filter({ hasText: 'Harbour' }).focus();
    await page.keyboard.press('Control+k');
    await waitFocus('search-input');
    await page.keyboard.type('gulls');
    await page.keyboard.press('Escape');
    await waitFocus(`project-item:${harbour.id}`);
    // Nothing was searched: the page is still the project's.
    expect(await page.getByTestId('search-view').count()).toBe(0);
  });

  it('goes to the main region when the keyboard was nowhere before', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await waitFocus('body');
    await page.keyboard.press('Control+k');
    await waitFocus('search-input');
    await page.keyboard.press('Escape');
    await waitFocus('workspace');
  });
});
