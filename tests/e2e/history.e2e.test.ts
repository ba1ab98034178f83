// The history tree end to end: the real host (`atelier serve`) with the tiny fixture models, in
// Chromium. On a text document: the tree moves by keyboard (parent, child, siblings; each move
// announced), S stars, T and N reach the tags and the note; Reproduce re-runs an alternative and
// says "identical", the re-run hanging under the original, and "differs — the model file
// changed" once the model's weights are replaced. On an image board: the same tree with
// thumbnails, a reproduced image compared with its original from the tree (identical pixels),
// trash and restore, and Empty trash whose confirm names the count. After a reload all of it is
// still there. The Trash page lists trashed versions of every document and empties them too.
// (Comparing variations, grids and search are proven in compare.e2e and grid.e2e.) Expects
// out/renderer to be built. Screenshots: test-results/screenshots/history-*.png, light and dark.
import { join } from 'node:path';
import { type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { TINY_GPT2, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { closeDrawer, newImageBoard, openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { keepAlternative, newDocumentAskingAlternatives, showVersions } from '../support/e2e-write';

const DOC = 'Tide tables';
const BOARD = 'Lantern sketches';
const OPENING = 'The harbour master wrote the tides in a green ledger and';

describe('the history tree against the real host', () => {
  let studio: Studio;
  let page: Page;
  let headId = '';
  let altId = '';

  const nodes = (p: Page) => p.getByTestId('version-node');
  const node = (p: Page, id: string) => p.locator(`[data-testid="version-node"][data-iteration-id="${id}"]`);
  const focusedId = (p: Page) => p.evaluate(() => document.activeElement?.getAttribute('data-iteration-id') ?? null);
  const announced = (p: Page) => p.getByTestId('history-announce').textContent();
  const inspector = (p: Page) => p.getByTestId('history-inspector');

  async function press(p: Page, key: string): Promise<void> {
    await p.keyboard.press(key);
  }

  async function openDocumentVersions(p: Page): Promise<void> {
    await openDocument(p, DOC, 'text');
    await showVersions(p);
  }

  async function waitVerdict(p: Page): Promise<Locator> {
    const result = p.getByTestId('history-reproduce-result');
    await p.locator('[data-testid="history-reproduce-result"], [data-testid="history-reproduce-error"]').first().waitFor({ timeout: 90_000 });
    const failed = p.getByTestId('history-reproduce-error');
    if ((await failed.count()) > 0) throw new Error(`Reproduce failed: ${await failed.textContent()}`);
    return result;
  }

  beforeAll(async () => {
    studio = await startStudio('history');
    page = await studio.openApp('light');
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('moves through a text tree by keyboard: parent, child, siblings, each move announced', { timeout: 120_000 }, async () => {
    await newDocumentAskingAlternatives(page, { title: DOC, opening: OPENING }, { model: 'tiny-gpt2', maxTokens: 12, alternatives: 2 });
    await expect.poll(() => page.getByTestId('write-alt-card').count(), WAIT).toBe(2);
    await keepAlternative(page, 0);

    await page.getByTestId('side-tab-versions').click();
    const models = page.locator('[data-testid="version-node"][data-source="model"]');
    await expect.poll(() => models.count(), WAIT).toBe(2);
    const tree = page.getByTestId('version-tree');
    expect(await tree.getAttribute('role')).toBe('tree');
    // Both alternatives are in the tree once their job ended; the head moves to the kept one only
    // when the tree has fetched the document again after the keep: until then it marks the writer's.
    const head = page.locator('[data-testid="version-node"][data-source="model"][data-head="true"]');
    await head.waitFor(WAIT);
    headId = (await head.getAttribute('data-iteration-id')) ?? '';
    altId = (await models.evaluateAll((els) => els.map((e) => e.getAttribute('data-iteration-id')))).find((id) => id !== headId) ?? '';
    expect(headId).not.toBe('');
    expect(altId).not.toBe('');
    // Text rows show a line: the first version its first line, a continuation what it added.
    const rootLine = page.locator('[data-testid="version-node"][data-source="user"]').first().getByTestId('version-node-line');
    await expect.poll(() => rootLine.textContent(), WAIT).toContain('The harbour master');
    // The line starts at the word where the model took over ("and", or "and…" when the model went on
    // mid-word) and leaves the shared opening out.
    const headLine = node(page, headId).getByTestId('version-node-line');
    await expect.poll(() => headLine.textContent(), WAIT).toMatch(/^…and.*\S/);
    expect(await headLine.textContent()).not.toContain('harbour');

    // One row is in the tab order (the current version); it has the treeitem role.
    const tabbable = await nodes(page).evaluateAll((els) => els.filter((e) => (e as HTMLElement).tabIndex === 0).map((e) => e.getAttribute('data-iteration-id')));
    expect(tabbable).toEqual([headId]);
    expect(await node(page, headId).getAttribute('role')).toBe('treeitem');
    await node(page, headId).focus();

    // Up: the parent, the writer's version.
    await press(page, 'ArrowUp');
    const parentId = await focusedId(page);
    expect(parentId).not.toBe(headId);
    expect(await node(page, parentId!).getAttribute('data-source')).toBe('user');
    expect(await node(page, parentId!).getAttribute('aria-selected')).toBe('true');
    expect(await announced(page)).toMatch(/^(First version|Your edit)/);
    expect(await announced(page)).toMatch(/2 children/);
    // Down: back along the path to the current version.
    await press(page, 'ArrowDown');
    expect(await focusedId(page)).toBe(headId);
    expect(await announced(page)).toMatch(/current version/);
    // Left / Right: the other alternative, a sibling.
    await press(page, 'ArrowRight');
    if ((await focusedId(page)) === headId) await press(page, 'ArrowLeft');
    expect(await focusedId(page)).toBe(altId);
    expect(await announced(page)).toMatch(/of 2 siblings/);
    await expect.poll(() => inspector(page).getAttribute('data-iteration-id'), WAIT).toBe(altId);
    // A row with no children says so when Down has nowhere to go.
    await press(page, 'ArrowDown');
    expect(await focusedId(page)).toBe(altId);
    expect(await announced(page)).toBe('No children');

    // Enter opens it: the document shows that version.
    await press(page, 'Enter');
    await page.getByTestId('version-preview').waitFor(WAIT);
    await page.getByTestId('version-back').click();
    await page.getByTestId('version-preview').waitFor({ state: 'detached', ...WAIT });
  });

  it('stars with S, and tags and notes a version from the keyboard', { timeout: 60_000 }, async () => {
    await node(page, altId).click();
    await page.getByTestId('version-back').click();
    await node(page, altId).focus();
    await press(page, 's');
    await page.locator(`[data-testid="version-node"][data-iteration-id="${altId}"][data-starred="true"]`).waitFor(WAIT);
    expect(await page.getByTestId('history-star').getAttribute('aria-pressed')).toBe('true');
    // The star shows when history.changed arrives; it is announced once the call has answered.
    await expect.poll(() => announced(page), WAIT).toMatch(/starred/);

    await node(page, altId).focus();
    await press(page, 't');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('history-tags');
    await page.keyboard.type('Keeper,  second draft ');
    await node(page, altId).focus();
    await press(page, 'n');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('history-note');
    await page.keyboard.type('The ledger line reads best here.');
    await page.keyboard.press('Control+Enter');
    // Tags are stored trimmed and in lower case, and show on the row with the note.
    await expect.poll(() => node(page, altId).getAttribute('data-tags'), WAIT).toBe('keeper,second draft');
    expect(await node(page, altId).getByTestId('version-node-tag').allTextContents()).toEqual(['keeper', 'second draft']);
    expect(await node(page, altId).getAttribute('data-has-note')).toBe('true');
    expect(await node(page, altId).textContent()).toContain('The ledger line reads best here.');
    await page.screenshot({ path: join(SHOTS, 'history-text-light.png') });

    // A tag the host refuses (a comma is the separator, so try one that is too long) is answered inline.
    await page.getByTestId('history-tags').fill('x'.repeat(60));
    await page.getByTestId('history-save-marks').click();
    await page.getByTestId('history-marks-error').waitFor(WAIT);
    expect(await page.getByTestId('history-marks-error').textContent()).toMatch(/50 characters/);
    expect(await node(page, altId).getAttribute('data-tags')).toBe('keeper,second draft');
    await page.getByTestId('history-tags').fill('keeper, second draft');
  });

  it('reproduces an alternative: "identical", the re-run under the original; "differs" and why after the model file changed', { timeout: 180_000 }, async () => {
    const before = await nodes(page).count();
    await node(page, altId).click();
    await page.getByTestId('version-back').click();
    await page.getByTestId('history-reproduce').click();
    const result = await waitVerdict(page);
    expect(await result.getAttribute('data-outcome')).toBe('identical');
    expect(await result.textContent()).toContain('identical');
    await expect.poll(() => nodes(page).count(), WAIT).toBe(before + 1);
    await expect.poll(() => page.getByTestId('history-announce').textContent(), WAIT).toBe('Reproduced: identical');
    // The original lists its re-run; the re-run names its original.
    await page.locator('[data-testid="history-reproduction"][data-role="original"][data-outcome="identical"]').waitFor(WAIT);
    await page.getByTestId('history-reproduce-show').click();
    await page.locator('[data-testid="history-reproduction"][data-role="rerun"][data-outcome="identical"]').waitFor(WAIT);
    const rerunId = await inspector(page).getAttribute('data-iteration-id');
    expect(rerunId).not.toBe(altId);
    // Its row carries the verdict too; the original's does not.
    await node(page, rerunId ?? '').getByTestId('version-node-rerun').and(page.locator('[data-outcome="identical"]')).waitFor(WAIT);
    expect(await node(page, altId).getByTestId('version-node-rerun').count()).toBe(0);
    // In the tree it is the original's only child: Up from it lands on the original.
    expect(await focusedId(page)).toBe(rerunId);
    await press(page, 'ArrowUp');
    expect(await focusedId(page)).toBe(altId);
    await page.screenshot({ path: join(SHOTS, 'history-reproduce-light.png') });

    // The model file changes on disk (other weights): the next re-run "differs", and says why.
    writeDecoderFolder(join(studio.modelsDir, 'tiny-gpt2'), { ...TINY_GPT2, seed: 99 });
    try {
      await page.getByTestId('history-reproduce').click();
      await page.locator('[data-testid="history-reproduce-result"][data-outcome="differs"], [data-testid="history-reproduce-error"]').first().waitFor({ timeout: 90_000 });
      const differs = await waitVerdict(page);
      expect(await differs.textContent()).toMatch(/differs — The model file changed: sha256 [0-9a-f]{12}…/);
      await expect.poll(() => nodes(page).count(), WAIT).toBe(before + 2);
      await page.locator('[data-testid="history-reproduction"][data-role="original"][data-outcome="differs"]').waitFor(WAIT);
      await expect.poll(() => page.locator('[data-testid="version-node-rerun"][data-outcome="differs"]').count(), WAIT).toBe(1);
      await page.screenshot({ path: join(SHOTS, 'history-reproduce-differs-light.png') });
    } finally {
      writeDecoderFolder(join(studio.modelsDir, 'tiny-gpt2'), TINY_GPT2);
    }
  });

  it('shows an image board as the same tree with thumbnails; trash, restore and Empty trash naming the count', { timeout: 180_000 }, async () => {
    await page.getByTestId('document-back').click();
    await newImageBoard(page, BOARD);
    await page.getByTestId('image-model').selectOption('tiny-sd');
    await page.getByTestId('image-prompt').fill('a lantern on a quay');
    await page.getByTestId('image-steps').fill('2');
    await page.getByTestId('image-batch').fill('2');
    await page.getByTestId('image-width').fill('64');
    await page.getByTestId('image-height').fill('64');
    await page.getByTestId('image-generate').click();
    await expect.poll(() => page.getByTestId('image-tile').count(), WAIT).toBe(2);
    await page.getByTestId('image-pending').first().waitFor({ state: 'detached', ...WAIT });

    await page.getByTestId('image-filter-history').click();
    await page.getByTestId('image-history').waitFor(WAIT);
    await expect.poll(() => nodes(page).count(), WAIT).toBe(2);
    await expect.poll(() => page.locator('[data-testid="version-node-thumb"][data-loaded="true"]').count(), WAIT).toBe(2);
    const [first, second] = await nodes(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-iteration-id') ?? ''));

    // Reproduce an image: same pixels on the same CPU.
    await node(page, first!).click();
    await page.getByTestId('history-reproduce').click();
    const result = await waitVerdict(page);
    expect(await result.getAttribute('data-outcome')).toBe('identical');
    await expect.poll(() => nodes(page).count(), WAIT).toBe(3);
    await page.getByTestId('history-reproduce-show').click();
    const rerun = (await inspector(page).getAttribute('data-iteration-id')) ?? '';
    expect([first, second]).not.toContain(rerun);
    await node(page, rerun).locator('[data-testid="version-node-rerun"][data-outcome="identical"]').waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'history-image-light.png') });

    // Compare from the tree: the original and its re-run are the same pixels.
    await page.getByTestId('version-compare-start').click();
    await node(page, first!).click();
    await node(page, rerun).click();
    expect(await node(page, rerun).getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('version-compare').click();
    await page.locator('[data-testid="compare-view"][data-kind="image"][data-count="2"]').waitFor(WAIT);
    await page.getByTestId('compare-identical').waitFor(WAIT);
    await page.getByTestId('compare-back').click();
    await page.getByTestId('image-board').waitFor(WAIT);
    await page.getByTestId('image-filter-history').click();
    await expect.poll(() => nodes(page).count(), WAIT).toBe(3);

    // Delete moves the focused version to the trash; Restore brings it back.
    await node(page, rerun).focus();
    await press(page, 'Delete');
    await page.locator(`[data-testid="version-node"][data-iteration-id="${rerun}"][data-trashed="true"]`).waitFor(WAIT);
    await expect.poll(() => page.getByTestId('version-trash-item').count(), WAIT).toBe(1);
    // Drawn from the graph fetched on history.changed; announced once the trash call has answered.
    await expect.poll(() => announced(page), WAIT).toMatch(/moved to the trash/);
    await page.getByTestId('version-trash-restore').click();
    await page.locator(`[data-testid="version-node"][data-iteration-id="${rerun}"][data-trashed="false"]`).waitFor(WAIT);
    await page.getByTestId('version-trash-none').waitFor(WAIT);

    // Two in the trash, then "Empty this document's trash" (named apart from the Trash page's Empty
    // trash): the confirm names the count, in its question and on its button; nothing goes until confirmed.
    await node(page, rerun).click();
    await page.getByTestId('history-trash').click();
    await node(page, second!).focus();
    await press(page, 'Delete');
    await expect.poll(() => page.getByTestId('version-trash-item').count(), WAIT).toBe(2);
    expect(await page.getByTestId('version-trash-empty').textContent()).toBe("Empty this document's trash");
    await page.getByTestId('version-trash-empty').click();
    await page.getByTestId('confirm-dialog').waitFor(WAIT);
    expect(await page.getByTestId('confirm-message').textContent()).toMatch(new RegExp(`^Delete 2 versions of '${BOARD}' for good\\?`));
    expect(await page.getByTestId('confirm-ok').textContent()).toBe('Delete 2 versions for good');
    await page.getByTestId('confirm-dialog').getByRole('heading', { name: "Empty this document's trash" }).waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, 'history-empty-trash-light.png') });
    await page.getByTestId('confirm-cancel').click();
    expect(await page.getByTestId('version-trash-item').count()).toBe(2);
    await page.getByTestId('version-trash-empty').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => nodes(page).count(), WAIT).toBe(1);
    await page.getByTestId('version-trash-none').waitFor(WAIT);
    expect(await nodes(page).first().getAttribute('data-iteration-id')).toBe(first);
  });

  it('keeps stars, tags, notes, re-runs and the emptied trash after a reload, in dark too', { timeout: 90_000 }, async () => {
    await page.reload();
    await page.getByTestId('project-item').first().waitFor(WAIT);
    await openDocumentVersions(page);
    await node(page, altId).waitFor(WAIT);
    expect(await node(page, altId).getAttribute('data-starred')).toBe('true');
    expect(await node(page, altId).getAttribute('data-tags')).toBe('keeper,second draft');
    expect(await node(page, altId).getAttribute('data-has-note')).toBe('true');
    await node(page, altId).click();
    await page.locator('[data-testid="history-reproduction"][data-role="original"][data-outcome="identical"]').waitFor(WAIT);
    expect(await page.getByTestId('history-note').inputValue()).toBe('The ledger line reads best here.');
    await page.getByTestId('version-back').click();

    const dark = await studio.openApp('dark');
    await closeDrawer(dark);
    await dark.getByTestId('project-item').filter({ hasText: 'Welcome' }).click();
    await dark.getByTestId('document-item').filter({ hasText: BOARD }).click();
    await dark.getByTestId('image-filter-history').click();
    await expect.poll(() => nodes(dark).count(), WAIT).toBe(1);
    await dark.getByTestId('version-trash-none').waitFor(WAIT);
    await dark.screenshot({ path: join(SHOTS, 'history-image-dark.png') });
    await dark.getByTestId('document-back').click();
    await dark.getByTestId('document-item').filter({ hasText: DOC }).click();
    await dark.locator('.cm-content').waitFor(WAIT);
    await dark.getByTestId('side-tab-versions').click();
    await node(dark, altId).click();
    await dark.getByTestId('history-inspector').waitFor(WAIT);
    await dark.screenshot({ path: join(SHOTS, 'history-text-dark.png') });
    await dark.context().close();
  });

  it('lists trashed versions of every document on the Trash page: open, restore, Empty trash naming the count', { timeout: 90_000 }, async () => {
    // The re-run of the alternative goes to the trash from the tree.
    await node(page, altId).focus();
    await press(page, 'ArrowDown');
    const rerunId = (await focusedId(page)) ?? '';
    expect(rerunId).not.toBe(altId);
    await press(page, 'Delete');
    await page.locator(`[data-testid="version-node"][data-iteration-id="${rerunId}"][data-trashed="true"]`).waitFor(WAIT);

    await page.getByTestId('open-trash').click();
    const item = page.locator(`[data-testid="versions-trash-item"][data-iteration-id="${rerunId}"]`);
    await item.waitFor(WAIT);
    expect(await page.getByTestId('versions-trash').getAttribute('data-total')).toBe('1');
    expect(await item.textContent()).toContain(DOC);
    await page.screenshot({ path: join(SHOTS, 'history-trash-page-light.png') });
    // Open shows it in its document; back on the Trash page, Restore takes it out of the trash.
    await item.getByTestId('versions-trash-open').click();
    await node(page, rerunId).waitFor(WAIT);
    expect(await node(page, rerunId).getAttribute('data-trashed')).toBe('true');
    await page.getByTestId('open-trash').click();
    await item.getByTestId('versions-trash-restore').click();
    await page.getByTestId('versions-trash-none').waitFor(WAIT);

    // Back in the trash, then deleted for good from the Trash page.
    await openDocumentVersions(page);
    await node(page, rerunId).click();
    await page.getByTestId('history-trash').click();
    await page.locator(`[data-testid="version-node"][data-iteration-id="${rerunId}"][data-trashed="true"]`).waitFor(WAIT);
    const before = await nodes(page).count();
    await page.getByTestId('open-trash').click();
    await item.waitFor(WAIT);
    await page.getByTestId('versions-trash-empty').click();
    // The confirm names the document; it is what the list shows, nothing more.
    expect(await page.getByTestId('confirm-message').textContent()).toBe(`Delete 1 version of '${DOC}' for good?`);
    expect(await page.getByTestId('confirm-left').count()).toBe(0);
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('versions-trash-none').waitFor(WAIT);
    await openDocumentVersions(page);
    await expect.poll(() => nodes(page).count(), WAIT).toBe(before - 1);
    expect(await node(page, rerunId).count()).toBe(0);
  });
});
