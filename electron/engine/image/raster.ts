// Decoding and encoding images with sharp: the engine works on plain 8-bit interleaved rasters.
//
//   decodeImage(bytes) → { data, width, height, channels }   PNG, JPEG, WebP, GIF (first frame),
//     TIFF, AVIF/HEIF. EXIF orientation is applied, colours are converted to 8-bit sRGB (16-bit
//     PNGs, greyscale, CMYK…), and the result is RGB (channels 3) or RGBA (channels 4, when the
//     image has alpha). Empty, corrupt, unsupported (SVG, PDF…) or oversized images
//     (> MAX_IMAGE_SIDE pixels on a side) throw AtelierError('BAD_INPUT').
//   encodePng(raster) → PNG bytes of a 1–4 channel 8-bit raster.
import sharp, { type Metadata } from 'sharp';
import { AtelierError } from '../../../shared/errors';

/** Largest width or height decodeImage accepts. */
export const MAX_IMAGE_SIDE = 8192;

/** An 8-bit image, row-major, channels interleaved (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA). */
export interface Raster {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

const RASTER_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff', 'avif', 'heif']);

/** Throws BAD_INPUT unless `r` is a well-formed raster (sizes, channel count, data length). */
export function checkRaster(r: Raster, what = 'Image'): void {
  if (!r || !(r.data instanceof Uint8Array)) throw new AtelierError('BAD_INPUT', `${what}: pixel data must be a Uint8Array`);
  for (const [k, v] of [['width', r.width], ['height', r.height]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new AtelierError('BAD_INPUT', `${what}: ${k} must be a positive integer (got ${String(v)})`);
  }
  if (!Number.isInteger(r.channels) || r.channels < 1 || r.channels > 4) {
    throw new AtelierError('BAD_INPUT', `${what}: channels must be 1, 2, 3 or 4 (got ${String(r.channels)})`);
  }
  const want = r.width * r.height * r.channels;
  if (r.data.length !== want) {
    throw new AtelierError('BAD_INPUT', `${what}: expected ${want} bytes for ${r.width}×${r.height}×${r.channels}, got ${r.data.length}`);
  }
}

function reason(err: unknown): string {
  return ((err as Error)?.message ?? String(err)).split('\n')[0]!.slice(0, 200);
}

/** Decodes an encoded image into 8-bit sRGB RGB or RGBA; see the file comment for the rules. */
export async function decodeImage(bytes: Uint8Array, opts: { maxSide?: number } = {}): Promise<Raster> {
  const maxSide = opts.maxSide ?? MAX_IMAGE_SIDE;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new AtelierError('BAD_INPUT', 'The image is empty');
  const input = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Pixel limit as a second guard; the side check below comes first and is clearer.
  const open = () => sharp(input, { failOn: 'error', limitInputPixels: maxSide * maxSide, pages: 1 });

  let meta: Metadata;
  try {
    meta = await open().metadata();
  } catch (err) {
    throw new AtelierError('BAD_INPUT', `Not a readable image (PNG, JPEG, WebP, GIF, TIFF or AVIF): ${reason(err)}`);
  }
  if (!meta.format || !RASTER_FORMATS.has(meta.format)) {
    throw new AtelierError('BAD_INPUT', `Unsupported image format '${meta.format ?? 'unknown'}': use PNG, JPEG, WebP, GIF, TIFF or AVIF`);
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new AtelierError('BAD_INPUT', 'The image has no size');
  if (width > maxSide || height > maxSide) {
    throw new AtelierError('BAD_INPUT', `The image is ${width}×${height} pixels; at most ${maxSide} pixels per side are supported`, { width, height, maxSide });
  }

  try {
    let pipeline = open().rotate().toColourspace('srgb');
    pipeline = meta.hasAlpha ? pipeline.ensureAlpha() : pipeline.removeAlpha();
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const raster: Raster = { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: info.channels };
    checkRaster(raster, 'Decoded image');
    return raster;
  } catch (err) {
    if (err instanceof AtelierError) throw err;
    throw new AtelierError('BAD_INPUT', `The image is corrupt or truncated: ${reason(err)}`);
  }
}

/** Encodes an 8-bit raster (1–4 channels) as PNG. */
export async function encodePng(raster: Raster, opts: { compressionLevel?: number } = {}): Promise<Buffer> {
  checkRaster(raster);
  const { data, width, height } = raster;
  const channels = raster.channels as 1 | 2 | 3 | 4;
  const pixels = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return sharp(pixels, { raw: { width, height, channels }, limitInputPixels: false })
    .png({ compressionLevel: opts.compressionLevel ?? 6 })
    .toBuffer();
}
