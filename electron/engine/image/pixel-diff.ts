// How two images differ, pixel by pixel: a heat map PNG and numbers to go with it.
//
//   score            mean absolute difference over R, G and B, scaled to 0 (same) – 1
//   psnr             peak signal-to-noise ratio in dB (null when identical: it is infinite)
//   changedFraction  the share of pixels where any channel differs
//
// The heat map shows each pixel's mean channel difference d (0–1) as sqrt(d) on a black → red →
// yellow → white ramp; the square root keeps faint differences visible. Both images are flattened
// onto black (alpha ignored) and b is resized to a's size when they differ.
import sharp from 'sharp';
import type { ImageComparison } from '../../../shared/contract/compare';

/** compare.images' answer, with the heat map as PNG bytes (the handler makes the data URL). */
export interface PixelDiff extends Omit<ImageComparison, 'heatmapDataUrl'> {
  png: Buffer;
}

async function rgb(bytes: Uint8Array, size?: { width: number; height: number }) {
  let img = sharp(bytes).flatten({ background: '#000000' }).removeAlpha().toColourspace('srgb');
  if (size) img = img.resize(size.width, size.height, { fit: 'fill' });
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The heat colour of t in [0, 1]: black, red, yellow, white. */
export function heat(t: number): [number, number, number] {
  const c = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);
  return [c(3 * t), c(3 * t - 1), c(3 * t - 2)];
}

/** Raw RGB buffers of equal size → the numbers and the heat map pixels. */
export function diffRgb(a: Uint8Array, b: Uint8Array, width: number, height: number): Omit<PixelDiff, 'png' | 'resized'> & { heatmap: Uint8Array } {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  let sumAbs = 0;
  let sumSq = 0;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const o = i * 3;
    const dr = Math.abs(a[o]! - b[o]!);
    const dg = Math.abs(a[o + 1]! - b[o + 1]!);
    const db = Math.abs(a[o + 2]! - b[o + 2]!);
    const sum = dr + dg + db;
    sumAbs += sum;
    sumSq += dr * dr + dg * dg + db * db;
    if (sum > 0) {
      changed++;
      const [r, g, bl] = heat(Math.sqrt(sum / 765));
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = bl;
    }
  }
  const mse = sumSq / (n * 3);
  return {
    heatmap: out,
    width,
    height,
    score: sumAbs / (n * 3 * 255),
    psnr: mse === 0 ? null : 10 * Math.log10((255 * 255) / mse),
    changedFraction: changed / n,
    identical: changed === 0,
  };
}

export async function pixelDiff(aBytes: Uint8Array, bBytes: Uint8Array): Promise<PixelDiff> {
  const a = await rgb(aBytes);
  const bMeta = await sharp(bBytes).metadata();
  const resized = bMeta.width !== a.width || bMeta.height !== a.height;
  const b = await rgb(bBytes, resized ? { width: a.width, height: a.height } : undefined);
  const { heatmap, ...numbers } = diffRgb(a.data, b.data, a.width, a.height);
  const png = await sharp(Buffer.from(heatmap.buffer, heatmap.byteOffset, heatmap.byteLength), {
    raw: { width: a.width, height: a.height, channels: 3 },
  })
    .png({ compressionLevel: 6 })
    .toBuffer();
  return { ...numbers, png, resized };
}
