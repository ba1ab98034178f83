// Image board follow-ups: Enhance ×4 of a 4096² image asks first and names the 16384² size and a
// rough memory figure; dropping several files says only the first was read; Undo on the trash
// toast gives the keyboard back (to the main region when the focused tile went with the image).
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageRecipe } from '../../shared/contract';
import { openStore } from '../../electron/store';
import { WAIT } from '../support/chromium';
import { dropOnBoard } from '../support/e2e-drop';
import { openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { callHost } from '../support/host-api';

/** A version as the generators write it, made without running one: one flat colour, any size. */
async function seedImage(dataDir: string, side: number, seed: number): Promise<void> {
  const store = openStore(dataDir);
  try {
    const welcome = store.projects.list().find((p) => p.name === 'Welcome')!;
    const board = store.documents.list(welcome.id).find((d) => d.title === 'Large') ?? store.documents.create(welcome.id, 'image', 'Large');
    const png = await sharp({ create: { width: side, height: side, channels: 3, background: { r: 90, g: 120, b: 160 } } }).png().toBuffer();
    const recipe: ImageRecipe = {
      kind: 'image',
      model: { id: 'starter-gan', sha256: null, name: 'starter-gan', kind: 'gan' },
      settings: { prompt: 'a coat', negativePrompt: '', steps: 1, cfg: 0, scheduler: 'euler', width: 512, height: 512, seed, variationSeed: null, variationStrength: 0, strength: 0 },
      seed,
      batchIndex: 0,
      width: side,
      height: side,
      device: { requested: 'auto', used: 'cpu', fallbackReason: null },
      initIterationId: null,
      engine: 'atelier-onnx-image/1',
    };
    const artifactId = store.artifacts.putFile(png, 'image/png');
    store.history.add({ documentId: board.id, parentIds: [], source: 'model', recipe, artifactId, moveHead: false });
  } finally {
    store.close();
  }
}

describe('image board follow-ups', () => {
  let studio: Studio;
  let page: Page;
  const tiles = () => page.getByTestId('image-tile');

  beforeAll(async () => {
    studio = await startStudio('imgfollow', {
      models: null,
      prepareData: async (dir) => {
        await seedImage(dir, 4096, 1);
        await seedImage(dir, 64, 2);
      },
    });
    page = await studio.openApp('light', { width: 1280, height: 800 });
    await openDocument(page, 'Large', 'image');
    await tiles().nth(1).waitFor(WAIT);
  }, 120_000);

  afterAll(async () => {
    await studio?.close();
  });

  it('asks before an Enhance past 8192 px a side, with the size and a rough memory figure', { timeout: 90_000 }, async () => {
    // The 4096² image is the first one made, so the last in the newest-first grid.
    await tiles().last().click();
    await page.getByTestId('image-canvas-view').waitFor(WAIT);
    await page.getByTestId('image-enhance-4').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor(WAIT);
    expect(await dialog.getByTestId('confirm-message').textContent()).toBe(
      'Enhance ×4 makes a 16384 × 16384 px image (268 MP): it can take many minutes of CPU and about 2.4 GB of memory (a rough estimate).',
    );
    // Cancel queues nothing.
    await dialog.getByTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    const jobs = await callHost<{ kind: string }[]>(studio.host, 'jobs.list', {});
    expect(jobs.filter((j) => j.kind === 'enhance-image')).toEqual([]);
    // ×2 lands on 8192² exactly: not asked (its title still says the size).
    expect(await page.getByTestId('image-enhance-2').getAttribute('title')).toBe('Enhance ×2 → 8192 × 8192 px');
    await page.keyboard.press('Escape');
    await page.getByTestId('image-grid').waitFor(WAIT);
  });

  it('says when only the first of several dropped files was read', { timeout: 60_000 }, async () => {
    const dataTransfer = await page.evaluateHandle(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 8;
      canvas.height = 8;
      const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b as Blob), 'image/png'));
      const dt = new DataTransfer();
      for (const name of ['first.png', 'second.png', 'third.png']) dt.items.add(new File([blob], name, { type: 'image/png' }));
      return dt;
    });
    await dropOnBoard(page, dataTransfer);
    const message = page.getByTestId('image-drop-message');
    await message.waitFor(WAIT);
    expect(await message.locator('.img-notice-title').textContent()).toBe('“first.png” carries no recipe to restore.');
    expect(await message.locator('li').first().textContent()).toBe('Used the first of 3 files (first.png).');
  });

  it('gives the keyboard back after Undo on the trash toast', { timeout: 90_000 }, async () => {
    const focused = () => page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return a?.dataset.iterationId ?? `${a?.tagName}#${a?.id}`;
    });
    const trashed = () => page.getByTestId('toast').filter({ hasText: 'to the trash' });
    const bigId = await tiles().nth(1).getAttribute('data-iteration-id');
    // Delete on a tile moves the keyboard to its neighbour; after Undo it is still there.
    await tiles().first().focus();
    await page.keyboard.press('Delete');
    await trashed().waitFor(WAIT);
    await expect.poll(() => tiles().count(), WAIT).toBe(1);
    expect(await focused()).toBe(bigId);
    await page.getByTestId('toast-action').click();
    await expect.poll(() => tiles().count(), WAIT).toBe(2);
    await expect.poll(focused, WAIT).toBe(bigId);

    // The last tile has no neighbour: it goes and comes back as a new element, so the main
    // region takes the keyboard (before: the page body, and Tab started over from the top).
    // (The 4096² one goes first: the grid itself refocuses it when it comes back from empty, as
    // the image last open on the canvas.)
    await tiles().nth(1).focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => tiles().count(), WAIT).toBe(1);
    await page.keyboard.press('Delete');
    await expect.poll(() => tiles().count(), WAIT).toBe(0);
    await trashed().getByTestId('toast-action').click();
    await expect.poll(() => tiles().count(), WAIT).toBe(1);
    await expect.poll(focused, WAIT).toBe('MAIN#workspace');
  });
});
