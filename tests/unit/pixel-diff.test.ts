// Image comparison on known inputs: the heat map's colours, the mean absolute difference and the
// PSNR; and the pixel hash that reproduce uses (same pixels in any PNG encoding → same hash).
import sharp, { type PngOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { diffRgb, heat, pixelDiff } from '../../electron/engine/image/pixel-diff';
import { decodePngRgba, pixelHash } from '../../electron/engine/image/png-pixels';
import { addTextChunks } from '../../electron/engine/image/png-text';

const png = (data: number[] | Uint8Array, width: number, height: number, channels: 3 | 4 = 3, opts: PngOptions = {}) =>
  sharp(Buffer.from(data), { raw: { width, height, channels } }).png(opts).toBuffer();

describe('pixel difference', () => {
  it('scores one white pixel on black: MAD 1/16, PSNR 10·log10(16), a white heat spot', async () => {
    const black = new Array(4 * 4 * 3).fill(0);
    const spot = [...black];
    spot.splice(5 * 3, 3, 255, 255, 255);
    const d = await pixelDiff(await png(black, 4, 4), await png(spot, 4, 4));
    expect(d.score).toBeCloseTo(1 / 16, 10);
    expect(d.psnr).toBeCloseTo(10 * Math.log10(16), 10);
    expect(d.changedFraction).toBe(1 / 16);
    expect(d.identical).toBe(false);
    expect(d.resized).toBe(false);
    const { data, info } = await sharp(d.png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([4, 4, 3]);
    expect([...data.subarray(15, 18)]).toEqual([255, 255, 255]);
    expect(data.reduce((s, v) => s + v, 0)).toBe(765);
  });

  it('colours small differences on the heat ramp (sqrt keeps them visible)', () => {
    const a = new Uint8Array([100, 100, 100, 0, 0, 0]);
    const b = new Uint8Array([130, 100, 100, 0, 0, 0]);
    const d = diffRgb(a, b, 2, 1);
    const t = Math.sqrt(30 / 765);
    expect([...d.heatmap.subarray(0, 3)]).toEqual(heat(t));
    expect(heat(t)).toEqual([Math.round(3 * t * 255), 0, 0]);
    expect([...d.heatmap.subarray(3)]).toEqual([0, 0, 0]);
    expect(d.score).toBeCloseTo(30 / (6 * 255), 12);
    expect(heat(0)).toEqual([0, 0, 0]);
    expect(heat(0.5)).toEqual([255, 128, 0]);
    expect(heat(1)).toEqual([255, 255, 255]);
  });

  it('says identical (PSNR null) and resizes a differently sized image', async () => {
    const a = await png(new Array(8 * 8 * 3).fill(77), 8, 8);
    const same = await pixelDiff(a, await png(new Array(8 * 8 * 3).fill(77), 8, 8, 3, { compressionLevel: 0 }));
    expect(same).toMatchObject({ identical: true, psnr: null, score: 0, changedFraction: 0 });
    const bigger = await pixelDiff(a, await png(new Array(16 * 16 * 3).fill(77), 16, 16));
    expect(bigger).toMatchObject({ resized: true, width: 8, height: 8, identical: true });
  });
});

describe('pixelHash', () => {
  const pixels = Uint8Array.from({ length: 13 * 7 * 3 }, (_, i) => (i * 37 + (i >> 3)) & 0xff);

  it('decodes PNG pixels exactly like sharp, for every filter, interlacing and palette', async () => {
    const reference = await sharp(await png(pixels, 13, 7)).ensureAlpha().raw().toBuffer();
    for (const opts of [{}, { compressionLevel: 0 }, { progressive: true }, { adaptiveFiltering: true }] as PngOptions[]) {
      const img = decodePngRgba(await png(pixels, 13, 7, 3, opts));
      expect([img.width, img.height]).toEqual([13, 7]);
      expect(Buffer.from(img.data).equals(reference)).toBe(true);
    }
    const pal = await sharp(Buffer.from([255, 0, 0, 0, 0, 255, 0, 0, 255, 255, 0, 0]), { raw: { width: 2, height: 2, channels: 3 } }).png({ palette: true }).toBuffer();
    expect([...decodePngRgba(pal).data]).toEqual([255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 255, 255, 255, 0, 0, 255]);
  });

  it('hashes pixels, not files: text chunks, compression and opaque alpha do not matter', async () => {
    const plain = await png(pixels, 13, 7);
    const rgba = Uint8Array.from({ length: 13 * 7 * 4 }, (_, i) => (i % 4 === 3 ? 255 : pixels[(i >> 2) * 3 + (i % 4)]!));
    const h = pixelHash(plain);
    expect(pixelHash(await png(pixels, 13, 7, 3, { compressionLevel: 9, progressive: true }))).toBe(h);
    expect(pixelHash(await png(rgba, 13, 7, 4))).toBe(h);
    expect(pixelHash(addTextChunks(plain, { 'atelier-recipe': '{"seed":1}' }))).toBe(h);
    const changed = Uint8Array.from(pixels);
    changed[40] = changed[40]! ^ 1;
    expect(pixelHash(await png(changed, 13, 7))).not.toBe(h);
    expect(() => pixelHash(Buffer.from('not a png'))).toThrow(/Not a PNG/);
  });
});
