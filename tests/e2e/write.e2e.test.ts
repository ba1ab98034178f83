// The writing studio end to end: the real host (`atelier serve`) with tiny random-weight decoders
// (tests/fixtures) as models, driven in Chromium. Gibberish text, real everything else: streaming
// ghost text, accept/reject, alternatives, token popover branches, Stop, versions after a reload,
// memory sent with a generation, rewriting a selection with an instruct (chat template) model, and
// exporting as Markdown and as Word (.docx, read back with tests/support/docx-read.ts).
// Expects out/renderer to be built (npm test builds first). Screenshots land in
// test-results/screenshots/write-*.png, light and dark.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { newTextDocument, openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { editorText as editorTextOf, generationEnded, showVersions } from '../support/e2e-write';
import type { GenerateTextPayload, Job } from '../../shared/contract';
import { TINY_GPT2, TINY_LLAMA, writeDecoderFolder, type DecoderSpec } from '../fixtures/tiny-decoders';
import { connect } from '../support/ws-client';
import { readDocx } from '../support/docx-read';

/** Wide enough context (1024 positions) and heavy enough per token that Stop lands mid-stream. */
const SLOW_GPT2: DecoderSpec = { arch: 'gpt2', hidden: 128, layers: 2, heads: 4, maxPositions: 1024, seed: 77 };
const TITLE = 'The old house';
const OPENING = 'The old house stood at the end of the road, and nobody had lived there since the winter of the great storm.';
/** A Llama-2 style chat template: what makes a model an instruct model for rewriting. */
const CHAT_TEMPLATE =
  "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}<<SYS>>{{ m['content'] }}<</SYS>>{% elif m['role'] == 'user' %}[INST] {{ m['content'] }} [/INST]{% endif %}{% endfor %}";

function writeModels(modelsDir: string): void {
  writeDecoderFolder(join(modelsDir, 'tiny-gpt2'), TINY_GPT2);
  writeDecoderFolder(join(modelsDir, 'slow-gpt2'), SLOW_GPT2);
  writeDecoderFolder(join(modelsDir, 'tiny-llama'), TINY_LLAMA);
  writeDecoderFolder(join(modelsDir, 'tiny-llama-chat'), TINY_LLAMA);
  const cfgPath = join(modelsDir, 'tiny-llama-chat', 'tokenizer_config.json');
  writeFileSync(cfgPath, JSON.stringify({ ...JSON.parse(readFileSync(cfgPath, 'utf8')), chat_template: CHAT_TEMPLATE }));
}

describe('writing studio against the real host', () => {
  let studio: Studio;
  let page: Page;

  const ghost = () => page.getByTestId('write-ghost');
  const nodes = () => page.getByTestId('version-node');
  /**
   * Waits until the tree marks a version made by `source` as the head. A kept generation's version
   * is in the tree once its job ended; the head moves to it when the tree fetches the document
   * again after the keep's checkout, so read at once the head can still be the version before.
   */
  const headIs = (source: 'model' | 'mixed') => page.locator(`[data-testid="version-node"][data-head="true"][data-source="${source}"]`).waitFor(WAIT);

  const editorText = () => editorTextOf(page);
  const finished = (state?: 'done' | 'stopped') => generationEnded(page, state);

  async function openTheDocument(p: Page): Promise<void> {
    await openDocument(p, TITLE, 'text');
    await p.locator('[data-testid="save-state"]').waitFor(WAIT);
  }

  /** The newest text generation job as the queue keeps it (its payload is the request sent). */
  async function newestTextJob(): Promise<Job & { payload: GenerateTextPayload }> {
    const url = new URL(studio.host.url);
    const sock = await connect(Number(url.port), { Authorization: `Bearer ${url.searchParams.get('token') ?? ''}` });
    try {
      const reply = await sock.call('jobs.list', { limit: 50 });
      if (!reply.ok) throw new Error(reply.error.message);
      const jobs = (reply.result as Job[]).filter((j) => j.kind === 'generate-text').sort((a, b) => b.createdAt - a.createdAt);
      if (!jobs[0]) throw new Error('no generate-text job in the queue');
      return jobs[0] as Job & { payload: GenerateTextPayload };
    } finally {
      await sock.close();
    }
  }

  /** Selects `length` characters from the start of the document with the keyboard. */
  async function selectFromStart(length: number): Promise<void> {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowRight');
  }

  beforeAll(async () => {
    studio = await startStudio('write', { models: writeModels, viewport: { width: 1280, height: 800 } });
    page = await studio.openApp('light');
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('types, continues with streamed ghost text, accepts with Tab and rejects with Esc', { timeout: 90_000 }, async () => {
    // Writing wants the room: the queue drawer folds away (the choice is remembered).
    await newTextDocument(page, TITLE);
    await page.getByTestId('write-empty-hint').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'write-empty-light.png') });

    // A setting out of range is refused next to its field, before anything runs.
    await page.getByTestId('write-temperature').fill('9');
    expect(await page.getByTestId('write-temperature-error').textContent()).toMatch(/at most 5/);
    await page.getByTestId('write-temperature').fill('0.8');
    await page.getByTestId('write-temperature-error').waitFor({ state: 'detached', ...WAIT });

    await page.getByTestId('write-model').selectOption('tiny-gpt2');
    await page.getByTestId('write-max-tokens').fill('24');

    await page.locator('.cm-content').click();
    await page.keyboard.type(OPENING);
    await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor(WAIT);
    expect(await editorText()).toBe(OPENING);
    await expect.poll(() => showVersions(page), WAIT).toBe(1);

    // Continue: the new text streams in as ghost text at the cursor.
    await page.locator('.cm-content').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Control+Enter');
    await ghost().waitFor(WAIT);
    await finished();
    const continuation = (await ghost().textContent()) ?? '';
    expect(continuation.length).toBeGreaterThan(0);
    expect(await editorText()).toBe(OPENING);
    await page.screenshot({ path: join(SHOTS, 'write-ghost-light.png') });

    await page.keyboard.press('Tab');
    await ghost().waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(OPENING + continuation);
    expect(await page.locator('.cm-prov-model').count()).toBeGreaterThan(0);
    await expect.poll(() => showVersions(page), WAIT).toBe(2);
    await headIs('model');

    // Esc rejects: the editor goes back, the generated version stays in the tree.
    const before = await editorText();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await finished();
    await page.keyboard.press('Escape');
    await ghost().waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(before);
    await expect.poll(() => showVersions(page), WAIT).toBe(3);
    expect(await page.locator('[data-testid="version-node"][data-head="true"]').getAttribute('data-source')).toBe('model');
  });

  it('writes three alternatives side by side and keeps the one clicked', { timeout: 60_000 }, async () => {
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
    expect(texts.every((t) => t.length > 0)).toBe(true);
    await cards.nth(1).hover();
    await ghost().waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'write-alternatives-light.png') });

    await cards.nth(1).click();
    await page.getByTestId('write-alternatives-strip').waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(before + texts[1]);
    // Three new versions (one per alternative); the picked one is current.
    await expect.poll(() => showVersions(page), WAIT).toBe(6);
    await headIs('model');
  });

  it('shows a model token’s alternatives on hover and branches from one', { timeout: 60_000 }, async () => {
    const count = await showVersions(page);
    const token = page.locator('.cm-prov-model').first();
    await token.hover();
    const popover = page.getByTestId('token-popover');
    await popover.waitFor(WAIT);
    expect(await popover.getByTestId('token-alt').count()).toBeGreaterThanOrEqual(2);
    expect(await popover.textContent()).toMatch(/\d+(\.\d+)?%/);
    await page.screenshot({ path: join(SHOTS, 'write-token-popover-light.png') });

    const alt = popover.locator('.token-alt:not(.token-alt-chosen)').first();
    const altText = ((await alt.locator('.token-alt-text').textContent()) ?? '').replace(/␣/g, ' ').replace(/⏎/g, '\n');
    await alt.click();
    await ghost().waitFor(WAIT);
    await finished();
    expect(await page.locator('.cm-ghost-lead').textContent()).toBe(altText);
    await page.keyboard.press('Tab');
    await ghost().waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toContain(altText);
    await expect.poll(() => showVersions(page), WAIT).toBe(count + 1);
  });

  it('tints model text the writer edits, saves it as a mixed version, and regenerates after the edit', { timeout: 60_000 }, async () => {
    const count = await showVersions(page);
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('zz');
    await page.locator('.cm-prov-edited').first().waitFor(WAIT);
    await expect.poll(() => showVersions(page), WAIT).toBe(count + 1);
    const head = page.locator('[data-testid="version-node"][data-head="true"]');
    expect(await head.getAttribute('data-source')).toBe('mixed');
    expect(await page.getByTestId('save-state').getAttribute('data-state')).toBe('saved');

    // Save & regenerate: the model rewrites its passage from the cursor on.
    const edited = await editorText();
    const cut = edited.indexOf('zz') + 2;
    await page.getByTestId('write-regenerate').click();
    await finished();
    const rewrite = (await ghost().textContent()) ?? '';
    await page.keyboard.press('Tab');
    await ghost().waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(edited.slice(0, cut) + rewrite);
    await expect.poll(() => showVersions(page), WAIT).toBe(count + 2);
    await headIs('model');
  });

  it('keeps a stopped version when Stop ends a long generation', { timeout: 90_000 }, async () => {
    await page.getByTestId('side-tab-settings').click();
    await page.getByTestId('write-model').selectOption('slow-gpt2');
    await page.getByTestId('write-max-tokens').fill('900');
    const count = await showVersions(page);
    const before = await editorText();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => ((await ghost().textContent()) ?? '').length, { timeout: 60_000, interval: 100 }).toBeGreaterThan(20);
    await page.getByTestId('write-stop').click();
    await finished('stopped');
    // Stop went with the run; its focus is back in the editor, where Tab and Esc work as the buttons say.
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('cm-content')), WAIT).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'write-stopped-light.png') });
    await expect.poll(() => showVersions(page), WAIT).toBe(count + 1);
    expect(await page.locator('[data-testid="version-node"][data-status="stopped"]').count()).toBe(1);
    // The partial text is a version of its own; rejecting leaves the editor as it was.
    await page.getByTestId('write-reject').click();
    await ghost().waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(before);
  });

  it('exports Markdown whose front matter carries the recipe', { timeout: 30_000 }, async () => {
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-markdown').click()]);
    expect(download.suggestedFilename()).toBe('The-old-house.md');
    const md = readFileSync(await download.path(), 'utf8');
    expect(md).toMatch(/^---\ntitle: The old house\n/);
    expect(md).toMatch(/\nrecipe:\n {2}version: \S+\n/);
    expect(md).toMatch(/\n {4}id: tiny-gpt2\n/);
    expect(md).toMatch(/\n {2}seed: \d+\n/);
    expect(md).toContain(`---\n\n${OPENING}`);
  });

  it('exports Word (.docx) holding the text, the model and its sha256 in the custom properties, the whole recipe in a custom XML part', { timeout: 30_000 }, async () => {
    const text = await editorText();
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-docx').click()]);
    expect(download.suggestedFilename()).toBe('The-old-house.docx');
    const doc = readDocx(readFileSync(await download.path()));
    expect(doc.title).toBe(TITLE);
    expect(doc.paragraphs[1]!.runs[0]!.text.startsWith(OPENING.slice(0, 20))).toBe(true);
    // The model's gibberish may hold a `#` line or a character XML cannot; otherwise it comes back as typed.
    const expected = text.replace(/\r\n?/g, '\n').replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
    if (/^#{1,3} .*\S/m.test(expected)) expect(doc.markdown.replace(/\n/g, '')).toBe(expected.replace(/\n/g, ''));
    else expect(doc.markdown).toBe(expected);
    const sha256 = createHash('sha256').update(readFileSync(join(studio.modelsDir, 'tiny-gpt2', 'onnx', 'model.onnx'))).digest('hex');
    expect(doc.custom.get('AtelierRecipeModelId')?.value).toBe('tiny-gpt2');
    expect(doc.custom.get('AtelierRecipeModelSha256')?.value).toBe(sha256);
    expect(doc.custom.get('AtelierRecipeSeed')?.value).toMatch(/^\d+$/);
    // The whole recipe is in the custom XML part (Word keeps it on save); the property points there.
    expect((doc.recipe as { recipe: { model: unknown } }).recipe.model).toMatchObject({ id: 'tiny-gpt2', sha256 });
    expect((doc.recipe as { recipe: { seed: number } }).recipe.seed).toBe(Number(doc.custom.get('AtelierRecipeSeed')!.value));
    expect(doc.custom.get('AtelierRecipe')!.value).toContain(`customXml/item1.xml: item ${doc.customXml[0]!.itemId}`);
    expect(doc.core['dc:creator']).toBe('Atelier');
  });

  it('still has the whole tree after a reload, and keeps screenshots in light and dark', { timeout: 90_000 }, async () => {
    const count = await showVersions(page);
    expect(count).toBe(10);
    const text = await editorText();
    await page.reload();
    await openTheDocument(page);
    expect(await showVersions(page)).toBe(count);
    expect(await nodes().count()).toBe(count);
    expect(await editorText()).toBe(text);
    expect(await page.locator('.cm-prov-model').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, 'write-versions-light.png') });

    // Viewing an older version is read-only until it is restored.
    await nodes().first().click();
    await page.getByTestId('version-preview').waitFor(WAIT);
    expect(await editorText()).toBe(OPENING);
    await page.getByTestId('version-back').click();
    await page.getByTestId('version-preview').waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(text);

    const dark = await studio.openApp('dark');
    await openTheDocument(dark);
    if ((await dark.getByTestId('toggle-drawer').getAttribute('aria-pressed')) === 'true') await dark.getByTestId('toggle-drawer').click();
    await dark.getByTestId('side-tab-settings').click();
    await dark.screenshot({ path: join(SHOTS, 'write-settings-dark.png') });
    await showVersions(dark);
    await dark.locator('.cm-prov-model').last().hover();
    await dark.getByTestId('token-popover').waitFor(WAIT);
    await dark.screenshot({ path: join(SHOTS, 'write-versions-dark.png') });
    await dark.context().close();
  });

  it('sends the document’s memory with a generation and keeps it with the document', { timeout: 60_000 }, async () => {
    const memory = 'A quiet ghost story, told by the house itself.';
    await page.getByTestId('side-tab-settings').click();
    await page.getByTestId('write-model').selectOption('tiny-gpt2');
    await page.getByTestId('write-max-tokens').fill('12');
    await page.getByTestId('write-memory').fill(memory);
    await page.getByTestId('write-memory-badge').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'write-memory-light.png') });
    const before = await editorText();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Enter');
    await finished();
    // The queue keeps the request as it was sent.
    const job = await newestTextJob();
    expect(job.payload.request.memory).toBe(memory);
    expect(job.payload.request.rewrite).toBeNull();
    await page.keyboard.press('Escape');
    await ghost().waitFor({ state: 'detached', ...WAIT });
    expect(await editorText()).toBe(before);

    // It belongs to this document: still there after a reload.
    await page.reload();
    await openTheDocument(page);
    await page.getByTestId('side-tab-settings').click();
    expect(await page.getByTestId('write-memory').inputValue()).toBe(memory);
  });

  it('rewrites a selection with an instruct model: the new text streams after the struck-through original, Tab replaces it', { timeout: 60_000 }, async () => {
    await page.getByTestId('write-model').selectOption('tiny-llama-chat');
    await page.getByTestId('write-max-tokens').fill('10');
    const count = await showVersions(page);
    const before = await editorText();
    const selected = 'The old house';
    expect(before.startsWith(selected)).toBe(true);

    await selectFromStart(selected.length);
    await page.getByTestId('write-rewrite').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'write-rewrite-offer-light.png') });
    await page.getByTestId('write-rewrite').click();
    await page.getByTestId('write-rewrite-bar').waitFor(WAIT);
    expect(await page.getByTestId('write-rewrite-target').textContent()).toBe(selected);
    await expect.poll(() => page.getByTestId('write-rewrite-instruction').evaluate((el) => el === el.ownerDocument.activeElement), WAIT).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'write-rewrite-ask-light.png') });

    await page.getByTestId('write-rewrite-pick').filter({ hasText: 'Make it more vivid' }).click();
    await ghost().waitFor(WAIT);
    await finished();
    expect(await page.getByTestId('write-gen-status').getAttribute('data-mode')).toBe('rewrite');
    expect(await page.getByTestId('write-rewrite-original').textContent()).toBe(selected);
    expect(await editorText()).toBe(before);
    await page.screenshot({ path: join(SHOTS, 'write-rewrite-light.png') });

    // The request: the text around the selection, the selection and the instruction, and the memory.
    const first = await newestTextJob();
    const { request } = first.payload;
    expect(request.rewrite).toEqual({ selection: selected, instruction: 'Make it more vivid' });
    expect(request.prompt).toBe('');
    expect(request.suffix).toBe(before.slice(selected.length));
    expect(request.memory).toBe('A quiet ghost story, told by the house itself.');

    // Again: the first rewrite is rejected (it stays in the tree) and the same instruction runs anew.
    await page.getByTestId('write-rewrite-again').click();
    await expect.poll(async () => {
      const job = await newestTextJob();
      return job.id !== first.id && job.status === 'done';
    }, WAIT).toBe(true);
    await finished();
    expect(await page.getByTestId('write-rewrite-original').textContent()).toBe(selected);
    const replacement = (await ghost().textContent()) ?? '';

    await page.keyboard.press('Tab');
    await ghost().waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByTestId('write-rewrite-original').count()).toBe(0);
    // Only the selection changed.
    expect(await editorText()).toBe(replacement + before.slice(selected.length));
    await expect.poll(() => showVersions(page), WAIT).toBe(count + 2);
    await headIs('model');
  });

  it('says inline that rewriting needs a chat template when the model has none', { timeout: 60_000 }, async () => {
    await page.getByTestId('side-tab-settings').click();
    await page.getByTestId('write-model').selectOption('tiny-llama');
    const count = await showVersions(page);
    const before = await editorText();

    await selectFromStart(8);
    await page.keyboard.press('Control+Shift+E');
    await page.getByTestId('write-rewrite-bar').waitFor(WAIT);
    await page.getByTestId('write-rewrite-instruction').fill('Shorten');
    await page.getByTestId('write-rewrite-instruction').press('Enter');
    const error = page.getByTestId('write-rewrite-error');
    await error.waitFor(WAIT);
    expect(await error.textContent()).toMatch(/Rewriting a selection needs an instruct model with a chat template/);
    // The field stays open with the instruction and the selection, ready for another model.
    expect(await page.getByTestId('write-rewrite-instruction').inputValue()).toBe('Shorten');
    expect(await page.getByTestId('write-rewrite-target').textContent()).toBe(before.slice(0, 8));
    await page.screenshot({ path: join(SHOTS, 'write-rewrite-error-light.png') });
    expect(await editorText()).toBe(before);
    expect(await showVersions(page)).toBe(count);

    await page.getByTestId('write-rewrite-cancel').click();
    await page.getByTestId('write-rewrite-bar').waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByTestId('write-rewrite-target').count()).toBe(0);
    expect(await editorText()).toBe(before);
  });
});
