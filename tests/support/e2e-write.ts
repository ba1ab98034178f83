// Steps in the writing studio that several browser tests take the same way: reading the editor's
// own text, setting up and starting a generation, waiting for it to end, keeping an alternative,
// and opening the versions tab. Assertions stay in the tests.
import type { Page } from 'playwright-core';
import { WAIT } from './chromium';
import { newTextDocument } from './e2e-setup';

/** The editor's text without ghost text or the placeholder (read from its lines). */
export const editorText = (page: Page): Promise<string> =>
  page.locator('.cm-content').evaluate((el) =>
    [...el.querySelectorAll('.cm-line')]
      .map((line) => {
        const copy = line.cloneNode(true) as typeof el;
        for (const extra of copy.querySelectorAll('.cm-ghost, .cm-placeholder')) extra.remove();
        return copy.textContent ?? '';
      })
      .join('\n'),
  );

/** Waits until the generation in flight has ended (done, or stopped). */
export const generationEnded = (page: Page, state: 'done' | 'stopped' = 'done'): Promise<void> =>
  page.locator(`[data-testid="write-gen-status"][data-state="${state}"]`).waitFor(WAIT);

/**
 * Opens the versions tab and answers how many versions its tree holds, read once. The tree fetches
 * the graph (and the head) again a moment after a save or a keep: right after one, poll this or
 * wait for the version itself.
 */
export async function showVersions(page: Page): Promise<number> {
  await page.getByTestId('side-tab-versions').click();
  await page.getByTestId('version-tree').waitFor(WAIT);
  return Number(await page.getByTestId('version-tree').getAttribute('data-count'));
}

/** Picks the model and how many tokens and alternatives to make in the settings tab. */
export async function writeSettings(page: Page, settings: { model: string; maxTokens: number; alternatives?: number }): Promise<void> {
  await page.getByTestId('side-tab-settings').click();
  await page.getByTestId('write-model').selectOption(settings.model);
  await page.getByTestId('write-max-tokens').fill(String(settings.maxTokens));
  if (settings.alternatives !== undefined) await page.getByTestId('write-alternatives').fill(String(settings.alternatives));
}

/** Types an opening into the empty editor, waits for it to be saved, and asks for alternatives at the end (Ctrl+Shift+Enter). */
export async function typeAndAskAlternatives(page: Page, opening: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.type(opening);
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Control+Shift+Enter');
}

/** Once the alternatives are done, keeps the one at `index` and waits for the strip to close. */
export async function keepAlternative(page: Page, index: number): Promise<void> {
  await generationEnded(page);
  await page.getByTestId('write-alt-card').nth(index).click();
  await page.getByTestId('write-alternatives-strip').waitFor({ state: 'detached', ...WAIT });
}

/** A new text document in the Welcome project, `opening` typed into it, and alternatives asked for with these settings. */
export async function newDocumentAskingAlternatives(
  page: Page,
  document: { title: string; opening: string },
  settings: { model: string; maxTokens: number; alternatives: number },
): Promise<void> {
  await newTextDocument(page, document.title);
  await writeSettings(page, settings);
  await typeAndAskAlternatives(page, document.opening);
}

/** Clicks into the editor and types at the end of its text. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** Reloads the page and waits until the writing studio has loaded its document again. */
export async function reloadWriting(page: Page): Promise<void> {
  await page.reload();
  await page.locator('.cm-content').waitFor(WAIT);
  await page.locator('.write-editor:not(.write-editor-loading)').waitFor(WAIT);
}
