// A project name another project has is refused by the host, and the studio says so under the
// name field, keeping what was typed, for a new project and a rename alike. Before the fix the
// second "Novel" was created and the sidebar showed two identical rows. In Chromium against the
// real host; expects out/renderer to be built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { closeDrawer, startStudio, type Studio } from '../support/e2e-setup';
import { connectApi, type HostApi } from '../support/host-api';

let studio: Studio;
let api: HostApi;

beforeAll(async () => {
  studio = await startStudio('project-name-taken', { models: null });
  api = await connectApi(studio.host);
  await api.call<Project>('projects.create', { name: 'Novel' });
  await api.call<Project>('projects.create', { name: 'Poems' });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await studio?.close();
});

const TAKEN = "A project named 'Novel' already exists; choose another name";

describe('a taken project name', () => {
  it('is refused under the new-project field and under the rename field, keeping the text', { timeout: 60_000 }, async () => {
    const page = await studio.openApp('light');
    await closeDrawer(page);
    const rows = page.getByTestId('project-item').filter({ hasText: /^\s*Novel/ });
    await rows.first().waitFor(WAIT);

    await page.getByTestId('new-project').click();
    const field = page.getByTestId('project-name-input');
    await field.fill('  novel ');
    await field.press('Enter');
    const error = page.getByTestId('project-name-input-error');
    await error.waitFor(WAIT);
    expect(await error.textContent()).toBe(TAKEN);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('  novel ');
    expect(await rows.count()).toBe(1);

    // Another name goes through, and the error goes with the edit.
    await field.fill('Novella');
    expect(await error.count()).toBe(0);
    await field.press('Enter');
    await page.getByTestId('project-title').filter({ hasText: 'Novella' }).waitFor(WAIT);

    await page.getByTestId('project-item').filter({ hasText: 'Poems' }).click();
    await page.getByTestId('project-title').filter({ hasText: 'Poems' }).waitFor(WAIT);
    await page.getByTestId('rename-project').click();
    const rename = page.getByTestId('project-rename-input');
    await rename.fill('Novel');
    await rename.press('Enter');
    const renameError = page.getByTestId('project-rename-input-error');
    await renameError.waitFor(WAIT);
    expect(await renameError.textContent()).toBe(TAKEN);
    expect(await rename.inputValue()).toBe('Novel');
    const names = (await api.call<Project[]>('projects.list')).map((p) => p.name);
    expect(names.filter((n) => n.toLowerCase() === 'novel')).toEqual(['Novel']);
    expect(names).toContain('Poems');
    await page.context().close();
  });
});
