// The writing studio with the shipped starter text model (resources/models/starter-text), no
// fixtures: a writer types, continues, sees English words from the model's corpus, picks one of
// three alternatives, reloads, and finds the whole version tree. Expects out/renderer to be built.
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { newTextDocument, openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText as editorTextOf, generationEnded, showVersions as showVersionsOf } from '../support/e2e-write';

const TITLE = 'In the beginning';
const PROMPT = 'And God said unto Moses,';
/** Common words of the King James Bible, the starter model's corpus. */
const KJV_WORDS = new Set(
  'the and of to that in he shall unto i his a for they be is him not them it with all thou thy was lord which my me said but ye their have will thee from as are when this out were by upon man god israel king there son up people came day had house come one land before her so then also these against hath children went saying go even let made'.split(
    ' ',
  ),
);
const words = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];
const knownWords = (text: string) => words(text).filter((w) => KJV_WORDS.has(w));

describe('writing with the starter text model', () => {
  let studio: Studio;
  let page: Page;

  const ghost = () => page.getByTestId('write-ghost');
  const editorText = () => editorTextOf(page);
  const finished = () => generationEnded(page);
  const showVersions = () => showVersionsOf(page);

  beforeAll(async () => {
    // models: null: only the starter models from resources/ are offered.
    studio = await startStudio('starter', { models: null, viewport: { width: 1280, height: 800 } });
    page = await studio.openApp('light');
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('continues a prompt with real words, keeps one of three alternatives, and has the tree after a reload', { timeout: 180_000 }, async () => {
    await newTextDocument(page, TITLE);

    await page.getByTestId('side-tab-settings').click();
    await page.getByTestId('write-model').selectOption('starter-text');
    expect(await page.getByTestId('write-model').locator('option:checked').textContent()).toContain('starter model');
    await page.getByTestId('write-starter-hint').waitFor(WAIT);
    await page.getByTestId('write-max-tokens').fill('24');

    await page.locator('.cm-content').click();
    await page.keyboard.type(PROMPT);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Enter');
    await ghost().waitFor(WAIT);
    await finished();
    const continuation = (await ghost().textContent()) ?? '';
    // Words of its corpus, not noise: most of what it writes is words, several of them the
    // Bible's commonest.
    expect(words(continuation).length).toBeGreaterThanOrEqual(4);
    expect(knownWords(continuation).length, continuation).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(SHOTS, 'write-starter-ghost-light.png') });
    await page.keyboard.press('Tab');
    await ghost().waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(PROMPT + continuation);
    await expect.poll(showVersions, WAIT).toBe(2);

    await page.getByTestId('side-tab-settings').click();
    await page.getByTestId('write-alternatives').fill('3');
    const before = await editorText();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Shift+Enter');
    const cards = page.getByTestId('write-alt-card');
    await expect.poll(() => cards.count(), WAIT).toBe(3);
    await finished();
    const texts = await cards.locator('.alt-card-text').allTextContents();
    expect(texts).toHaveLength(3);
    for (const t of texts) expect(words(t).length, t).toBeGreaterThanOrEqual(2);
    expect(knownWords(texts.join(' ')).length).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(SHOTS, 'write-starter-alternatives-light.png') });
    await cards.nth(2).click();
    await page.getByTestId('write-alternatives-strip').waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(before + texts[2]);
    // The typed text, the accepted continuation and one version per alternative.
    await expect.poll(showVersions, WAIT).toBe(5);
    const text = await editorText();

    await page.reload();
    await page.getByTestId('project-item').first().waitFor(WAIT);
    await openDocument(page, TITLE, 'text');
    expect(await showVersions()).toBe(5);
    expect(await page.getByTestId('version-node').count()).toBe(5);
    expect(await page.locator('[data-testid="version-node"][data-source="model"]').count()).toBe(4);
    expect(await editorText()).toBe(text);
    expect(await page.locator('.cm-prov-model').count()).toBeGreaterThan(0);
  });
});
