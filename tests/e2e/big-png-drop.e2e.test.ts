// A PNG bigger than one WebSocket message (16 MB) dropped on an image board: its recipe is restored
// and the connection stays up, because only its text chunks travel to the host.
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTextChunks } from '../../electron/engine/image/png-text';
import { MAX_MESSAGE_BYTES } from '../../shared/contract/wire';
import { WAIT } from '../support/chromium';
import { dropOnBoard } from '../support/e2e-drop';
import { openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { callHost } from '../support/host-api';

describe('dropping a huge PNG for its recipe', () => {
  let studio: Studio;
  let page: Page;
  let png: Buffer;

  beforeAll(async () => {
    const side = 2600;
    const px = Buffer.alloc(side * side * 3);
    for (let i = 0; i < px.length; i++) px[i] = (i * 2654435761) >>> 24;
    const pixels = await sharp(px, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    png = addTextChunks(pixels, {
      parameters: 'a lighthouse at dusk\nNegative prompt: blurry\nSteps: 12, Sampler: Euler a, CFG scale: 6.5, Seed: 1234, Size: 512x512',
    });
    studio = await startStudio('bigpng', { models: null });
    const [welcome] = await callHost<{ id: string }[]>(studio.host, 'projects.list');
    await callHost(studio.host, 'documents.create', { projectId: welcome!.id, kind: 'image', title: 'Big drop' });
    page = await studio.openApp('light', { width: 1280, height: 800 });
    // The page fetches the file from here, as if it came from the file manager.
    await page.route('**/big-drop.png', (route) => route.fulfill({ body: png, contentType: 'image/png' }));
  }, 120_000);

  afterAll(async () => {
    await studio?.close();
  });

  it('restores the recipe and keeps the connection', { timeout: 90_000 }, async () => {
    expect(png.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    await openDocument(page, 'Big drop', 'image');
    const dataTransfer = await page.evaluateHandle(async () => {
      const blob = await (await fetch('/big-drop.png')).blob();
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'big-drop.png', { type: 'image/png' }));
      return dt;
    });
    await dropOnBoard(page, dataTransfer);
    await page.getByTestId('toast').filter({ hasText: 'Recipe restored from big-drop.png' }).waitFor(WAIT);
    expect(await page.getByTestId('image-prompt').inputValue()).toBe('a lighthouse at dusk');
    expect(await page.getByTestId('image-seed').inputValue()).toBe('1234');
    expect(await page.getByTestId('image-negative').inputValue()).toBe('blurry');
    expect(await page.getByTestId('connection-banner').textContent()).toBe('');
  });
});
