// What the image board sends for a dropped PNG: only IHDR and the text chunks, so a big image's
// recipe fits in one WebSocket message, while damage reads back exactly as for the whole file.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { addTextChunks, readChunks, readTextChunks } from '../../electron/engine/image/png-text';
import { MAX_MESSAGE_BYTES } from '../../shared/contract/wire';
import { pngTextOnly } from '../../renderer/features/image/pngTextOnly';

const noisy = async (side: number) => {
  const px = Buffer.alloc(side * side * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 2654435761) >>> 24;
  return sharp(px, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
};

describe('pngTextOnly', () => {
  it('keeps the text chunks of a PNG larger than a message, and drops the pixels', async () => {
    const big = addTextChunks(await noisy(2600), { parameters: 'a lighthouse\nSteps: 4, Seed: 9', 'atelier-recipe': '{"kind":"image","prompt":"灯台"}' });
    expect(big.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    const small = Buffer.from(pngTextOnly(big));
    expect(small.length).toBeLessThan(200);
    expect(readChunks(small).map((c) => c.type)).toEqual(['IHDR', 'tEXt', 'iTXt', 'IEND']);
    expect(readChunks(small).every((c) => c.crcOk)).toBe(true);
    expect(readTextChunks(small)).toEqual(readTextChunks(big));
  });

  it('leaves a truncated PNG truncated in the same chunk, and a non-PNG not a PNG', async () => {
    const png = addTextChunks(await noisy(64), { parameters: 'x' });
    const cut = png.subarray(0, 100); // inside IDAT
    const whole = (() => {
      try {
        readChunks(cut);
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(whole).toBe('The PNG is truncated (in its IDAT chunk)');
    expect(() => readChunks(Buffer.from(pngTextOnly(cut)))).toThrow(whole);
    expect(() => readChunks(Buffer.from(pngTextOnly(Buffer.from('GIF89a, not a PNG'))))).toThrow('Not a PNG file');
  });
});
