// Dropping AUTOMATIC1111 JPEGs and WebPs on an image board, in Chromium against the real host:
// their `parameters` text lives in EXIF (a UTF-16 UserComment), and before this they were refused
// as "not a PNG". Now the prompt and settings are restored as from a PNG, and a JPEG without a
// recipe gets a message that says where one would have been. Also: a file dropped before the
// window's model list had loaded (seconds on a busy machine) called an installed model "not
// installed here" and kept the panel's; now the restore asks for the list. Expects out/renderer built.
// Screenshots: test-results/screenshots/jpeg-drop-*.png.
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOTS, WAIT } from '../support/chromium';
import { dropOnBoard } from '../support/e2e-drop';
import { openDocument, startStudio, type Studio } from '../support/e2e-setup';
import { callHost } from '../support/host-api';
import { TAG, a1111Exif, ascii, jpegWithExif, tiffBytes, webpWithExif } from '../fixtures/exif-bytes';

const PARAMS = 'a lighthouse at dusk, 灯台\nNegative prompt: blurry\nSteps: 12, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234, Size: 512x768';

/** Drops one file, its bytes given in base64, with the name and MIME type a file manager would give. */
async function dropFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, fileName, mime }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], fileName, { type: mime }));
      return dt;
    },
    { b64: bytes.toString('base64'), fileName: name, mime: type },
  );
  await dropOnBoard(page, dataTransfer);
}

describe('dropping A1111 JPEGs and WebPs for their recipe', () => {
  let studio: Studio;
  let page: Page;
  let jpeg: Buffer;
  let webp: Buffer;

  beforeAll(async () => {
    const canvas = () => sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a6ea5' } });
    jpeg = await canvas().jpeg().toBuffer();
    webp = await canvas().webp().toBuffer();
    studio = await startStudio('jpeg-drop', { models: null });
    const [welcome] = await callHost<{ id: string }[]>(studio.host, 'projects.list');
    await callHost(studio.host, 'documents.create', { projectId: welcome!.id, kind: 'image', title: 'Drops' });
    page = await studio.openApp('light', { width: 1280, height: 800 });
    await openDocument(page, 'Drops', 'image');
  }, 120_000);

  afterAll(async () => {
    await studio?.close();
  });

  it('restores the prompt and settings from a JPEG’s EXIF UserComment', { timeout: 60_000 }, async () => {
    await dropFile(page, jpegWithExif(jpeg, a1111Exif(PARAMS)), '00012-1234.jpg', 'image/jpeg');
    await page.getByTestId('toast').filter({ hasText: 'Recipe restored from 00012-1234.jpg (AUTOMATIC1111 parameters)' }).waitFor(WAIT);
    expect(await page.getByTestId('image-prompt').inputValue()).toBe('a lighthouse at dusk, 灯台');
    expect(await page.getByTestId('image-negative').inputValue()).toBe('blurry');
    expect(await page.getByTestId('image-seed').inputValue()).toBe('1234');
    expect(await page.getByTestId('image-steps').inputValue()).toBe('12');
    expect(await page.getByTestId('image-cfg').inputValue()).toBe('6.5');
    expect(await page.getByTestId('image-scheduler').inputValue()).toBe('dpmpp-2m-karras');
    expect([await page.getByTestId('image-width').inputValue(), await page.getByTestId('image-height').inputValue()]).toEqual(['512', '768']);
    expect(await page.getByTestId('image-drop-message').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'jpeg-drop-restored.png') });
  });

  it('restores from a WebP, whatever name it has', { timeout: 60_000 }, async () => {
    const text = PARAMS.replace('Seed: 1234', 'Seed: 777').replace('a lighthouse at dusk, 灯台', 'a harbour at night');
    // Pillow (so A1111) writes the WebP EXIF chunk with a JPEG-style "Exif\0\0" header.
    await dropFile(page, webpWithExif(webp, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), a1111Exif(text)])), 'harbour.png', '');
    await page.getByTestId('toast').filter({ hasText: 'Recipe restored from harbour.png' }).waitFor(WAIT);
    expect(await page.getByTestId('image-prompt').inputValue()).toBe('a harbour at night');
    expect(await page.getByTestId('image-seed').inputValue()).toBe('777');
  });

  it('says a JPEG without a recipe has none in its EXIF, and leaves the panel as it was', { timeout: 60_000 }, async () => {
    const photo = jpegWithExif(jpeg, tiffBytes(true, [ascii(TAG.ImageDescription, 'OLYMPUS DIGITAL CAMERA')]));
    await dropFile(page, photo, 'P1010001.JPG', 'image/jpeg');
    const message = page.getByTestId('image-drop-message');
    await message.waitFor(WAIT);
    expect(await message.locator('.img-notice-title').textContent()).toBe('“P1010001.JPG” carries no recipe to restore.');
    expect(await message.textContent()).toContain('Its EXIF holds no AUTOMATIC1111 “parameters” text');
    expect(await page.getByTestId('image-prompt').inputValue()).toBe('a harbour at night');
    await page.screenshot({ path: join(SHOTS, 'jpeg-drop-no-recipe.png') });

    // A cut JPEG is named as such; a GIF is not an image it reads.
    await dropFile(page, jpegWithExif(jpeg, a1111Exif(PARAMS)).subarray(0, 120), 'cut.jpg', 'image/jpeg');
    await expect.poll(() => message.textContent(), WAIT).toContain('The JPEG is truncated (in its APP1 segment)');
    await dropFile(page, Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'anim.gif', 'image/gif');
    await expect.poll(() => message.locator('.img-notice-title').textContent(), WAIT).toBe('“anim.gif” is not a PNG, JPEG or WebP image, so it carries no recipe.');
  });

  it('restores an installed model when dropped before the window’s model list has loaded', { timeout: 60_000 }, async () => {
    // This window's first models.list waits until released, as on a slow start.
    const held: (() => void)[] = [];
    const ctx = await studio.browser.newContext({ viewport: { width: 800, height: 800 } });
    await ctx.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      let first = true;
      ws.onMessage((m) => {
        if (first && typeof m === 'string' && m.includes('"method":"models.list"')) {
          first = false;
          held.push(() => server.send(m));
          return;
        }
        server.send(m);
      });
    });
    const slow = await ctx.newPage();
    await slow.goto(studio.host.url);
    await slow.getByTestId('project-item').first().waitFor(WAIT);
    await openDocument(slow, 'Drops', 'image');
    // The board asks for the list once it is drawn; the route hears of it a moment later.
    await expect.poll(() => held.length, WAIT).toBe(1);
    await dropFile(slow, jpegWithExif(jpeg, a1111Exif(`${PARAMS}, Model: starter-gan`)), 'gan.jpg', 'image/jpeg');
    await slow.getByTestId('toast').filter({ hasText: 'Recipe restored from gan.jpg' }).waitFor(WAIT);
    expect(await slow.getByTestId('image-restore-notes').count()).toBe(0);
    held[0]!();
    await expect.poll(() => slow.getByTestId('image-model').inputValue(), WAIT).toBe('starter-gan');
    await ctx.close();
  });
});
