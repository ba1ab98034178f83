// T and N in the version tree move the keyboard into the Tags and Note fields; leaving them must
// bring it back to the tree row it came from: Enter (Ctrl+Enter in the note) saves and returns,
// Esc puts back what is stored and returns. Before, focus stayed in the field and Esc did nothing.
// In Chromium against the real host; expects out/renderer to be built.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Iteration } from '../../shared/contract';
import { WAIT } from '../support/chromium';
import { focusedElement } from '../support/e2e-focus';
import type { HostApi } from '../support/host-api';
import { openTwoVersions, type TwoVersions } from '../support/e2e-two-versions';

let setup: TwoVersions;
let api: HostApi;
let page: Page;
let first = '';
let second = '';

beforeAll(async () => {
  setup = await openTwoVersions('marks-focus');
  ({ api, page, first, second } = setup);
}, 120_000);

afterAll(async () => {
  await setup?.close();
});

const waitFocus = (want: string) => expect.poll(() => focusedElement(page), WAIT).toBe(want);
const stored = (id: string) => api.call<Iteration>('history.get', { id });

/** Puts focus on the version's row the keyboard's way (the arrows select as they move) and waits for the inspector to show it. */
async function onRow(id: string) {
  await page.locator('[data-testid="version-node"][tabindex="0"]').focus();
  await page.keyboard.press(id === first ? 'ArrowUp' : 'ArrowDown');
  await waitFocus(`version-node:${id}`);
  await page.locator(`[data-testid="history-inspector"][data-iteration-id="${id}"]`).waitFor(WAIT);
}

describe('tags and note fields opened from the tree', () => {
  it('T, then Enter, saves the tags and gives focus back to the row', async () => {
    await onRow(first);
    await page.keyboard.press('t');
    await waitFocus('history-tags');
    await page.keyboard.type('keeper, tide');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('history-announce').textContent(), WAIT).toBe('Saved 2 tags');
    await waitFocus(`version-node:${first}`);
    expect((await stored(first)).tags).toEqual(['keeper', 'tide']);
  });

  it('Esc in the tags puts back what is stored and gives focus back to the row', async () => {
    await onRow(first);
    await page.keyboard.press('t');
    await waitFocus('history-tags');
    await page.keyboard.type(', unsaved');
    await page.keyboard.press('Escape');
    await waitFocus(`version-node:${first}`);
    expect(await page.getByTestId('history-tags').inputValue()).toBe('keeper, tide');
    expect((await stored(first)).tags).toEqual(['keeper', 'tide']);
  });

  it('N, then Ctrl+Enter, saves the note and gives focus back to the row', async () => {
    await onRow(second);
    await page.keyboard.press('n');
    await waitFocus('history-note');
    await page.keyboard.type('Six is right.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('history-announce').textContent(), WAIT).toBe('Saved 0 tags and the note');
    await waitFocus(`version-node:${second}`);
    expect((await stored(second)).note).toBe('Six is right.');
  });

  it('Esc in the note puts back what is stored and gives focus back to the row', async () => {
    await onRow(second);
    await page.keyboard.press('n');
    await waitFocus('history-note');
    await page.keyboard.type(' Or seven.');
    await page.keyboard.press('Escape');
    await waitFocus(`version-node:${second}`);
    expect(await page.getByTestId('history-note').inputValue()).toBe('Six is right.');
    expect((await stored(second)).note).toBe('Six is right.');
  });
});
