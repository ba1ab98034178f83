// Importing a model folder from the keyboard keeps the user's place: the "Import and check" button
// is disabled while the folder is checked, which dropped focus to the top of the page; once the
// check answers (a refusal or an import), focus is on the path field, which the outcome describes,
// ready for the corrected path or the next folder. In Chromium against the real host; expects
// out/renderer to be built.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { WAIT } from '../support/chromium';
import { focusedElement } from '../support/e2e-focus';
import { openModels, startStudio, type Studio } from '../support/e2e-setup';

const tmp = mkdtempSync(join(tmpdir(), 'atelier-e2e-import-focus-'));
const good = join(tmp, 'tiny-gpt2-onnx');
const broken = join(tmp, 'half-copied-model');
let studio: Studio;
let page: Page;

beforeAll(async () => {
  writeDecoderFolder(good, TINY_GPT2);
  cpSync(good, broken, { recursive: true });
  rmSync(join(broken, 'tokenizer.json'));
  studio = await startStudio('import-focus', { models: null });
  page = await studio.openApp('light');
  await openModels(page);
  await page.getByTestId('open-import').click();
}, 120_000);

afterAll(async () => {
  await studio?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const focused = () => focusedElement(page);

/** Types the path, tabs to the submit button and presses it with the space bar, as a keyboard user does. */
async function importFromKeyboard(path: string) {
  await page.getByTestId('import-path').fill(path);
  await page.getByTestId('import-submit').focus();
  await page.keyboard.press('Space');
}

describe('importing a model from the keyboard', () => {
  it('a refused folder leaves focus on the path field, described by the reason', { timeout: 60_000 }, async () => {
    await importFromKeyboard(broken);
    await page.getByTestId('import-error-message').waitFor(WAIT);
    await expect.poll(focused, WAIT).toBe('import-path');
    expect(await page.getByTestId('import-error-message').textContent()).toBe(
      'tokenizer.json is missing — a text model needs its tokenizer: copy tokenizer.json from the same model repository',
    );
    expect(await page.getByTestId('import-path').inputValue()).toBe(broken);
  });

  it('an imported folder leaves focus on the emptied path field, for the next one', { timeout: 60_000 }, async () => {
    await importFromKeyboard(good);
    await page.getByTestId('import-result').waitFor(WAIT);
    await expect.poll(focused, WAIT).toBe('import-path');
    expect(await page.getByTestId('import-path').inputValue()).toBe('');
  });
});
