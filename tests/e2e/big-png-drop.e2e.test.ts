// A PNG bigger than one WebSocket message (16 MB) dropped on an image board: its recipe is restored
// and the connection stays up, because only its text chunks travel to the host.
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTextChunks } from '../../electron/engine/image/png-text';
import { MAX_MESSAGE_BYTES } from '../../shared/contract/wire';
import { WAIT, launchChromium } from '../support/chromium';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/tmp';
import { connect } from '../support/ws-client';

describe('dropping a huge PNG for its recipe', () => {
  const t = tempDir('atelier-e2e-bigpng-');
  let browser: Browser;
  let host: HostProcess;
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
    host = await startHostProcess(['--data', t.dir, '--port', '0']);
    const ws = await connect(host.port, { Authorization: `Bearer ${host.token}` });
    const [welcome] = ((await ws.call('projects.list', {})) as { result: { id: string }[] }).result;
    await ws.call('documents.create', { projectId: welcome!.id, kind: 'image', title: 'Big drop' });
    await ws.close();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    // The page fetches the file from here, as if it came from the file manager.
    await page.route('**/big-drop.png', (route) => route.fulfill({ body: png, contentType: 'image/png' }));
    await page.goto(host.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    t.cleanup();
  });

  it('restores the recipe and keeps the connection', { timeout: 90_000 }, async () => {
    expect(png.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    await page.getByTestId('project-item').filter({ hasText: 'Welcome' }).click();
    await page.getByTestId('document-item').filter({ hasText: 'Big drop' }).click();
    await page.getByTestId('image-board').waitFor(WAIT);
    const dataTransfer = await page.evaluateHandle(async () => {
      const blob = await (await fetch('/big-drop.png')).blob();
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'big-drop.png', { type: 'image/png' }));
      return dt;
    });
    await page.dispatchEvent('[data-testid="image-board"]', 'dragenter', { dataTransfer });
    await page.getByTestId('image-drop-overlay').waitFor(WAIT);
    await page.dispatchEvent('[data-testid="image-board"]', 'drop', { dataTransfer });
    await page.getByTestId('toast').filter({ hasText: 'Recipe restored from big-drop.png' }).waitFor(WAIT);
    expect(await page.getByTestId('image-prompt').inputValue()).toBe('a lighthouse at dusk');
    expect(await page.getByTestId('image-seed').inputValue()).toBe('1234');
    expect(await page.getByTestId('image-negative').inputValue()).toBe('blurry');
    expect(await page.getByTestId('connection-banner').textContent()).toBe('');
  });
});
