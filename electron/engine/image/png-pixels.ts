// Synchronous PNG pixel decoding for hashing: what an image *shows*, not how its file is written
// (two PNGs with the same pixels but different text chunks, compression or filters hash the same).
// Handles what Atelier writes and most PNGs: 8-bit greyscale, RGB, palette, grey+alpha and RGBA,
// interlaced or not. 16-bit images are reduced to their high bytes. Everything is normalised to
// RGBA before hashing, so an RGB file and an RGBA file with opaque alpha hash the same.
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { AtelierError } from '../../../shared/errors';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes. */
  data: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters of one (sub)image in place; returns the unfiltered rows. */
function unfilter(raw: Buffer, offset: number, rows: number, rowBytes: number, bpp: number): Uint8Array {
  const out = new Uint8Array(rows * rowBytes);
  for (let y = 0; y < rows; y++) {
    const filter = raw[offset + y * (rowBytes + 1)];
    const src = offset + y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    const prev = row - rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const v = raw[src + x]!;
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[prev + x]! : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp]! : 0;
      let r: number;
      switch (filter) {
        case 0:
          r = v;
          break;
        case 1:
          r = v + a;
          break;
        case 2:
          r = v + b;
          break;
        case 3:
          r = v + ((a + b) >> 1);
          break;
        case 4:
          r = v + paeth(a, b, c);
          break;
        default:
          throw new AtelierError('BAD_INPUT', `PNG row ${y} has an unknown filter ${String(filter)}`);
      }
      out[row + x] = r & 0xff;
    }
  }
  return out;
}

/** Decodes a PNG's pixels to 8-bit RGBA without sharp (synchronous). */
export function decodePngRgba(png: Uint8Array): RgbaImage {
  const buf = Buffer.isBuffer(png) ? png : Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE)) throw new AtelierError('BAD_INPUT', 'Not a PNG file');
  let width = 0;
  let height = 0;
  let depth = 0;
  let type = -1;
  let interlace = 0;
  let palette: Buffer | null = null;
  let trns: Buffer | null = null;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= buf.length; ) {
    const len = buf.readUInt32BE(at);
    const name = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    if (name === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8]!;
      type = data[9]!;
      interlace = data[12]!;
    } else if (name === 'PLTE') palette = data;
    else if (name === 'tRNS') trns = data;
    else if (name === 'IDAT') idat.push(data);
    else if (name === 'IEND') break;
    at += 12 + len;
  }
  const channels = CHANNELS[type];
  if (!width || !height || channels === undefined) throw new AtelierError('BAD_INPUT', 'The PNG has no valid header');
  if (depth !== 8 && depth !== 16) throw new AtelierError('BAD_INPUT', `PNG bit depth ${depth} is not supported for hashing`);
  if (width * height > 8192 * 8192) throw new AtelierError('BAD_INPUT', 'The PNG is too large');
  const bytesPerSample = depth / 8;
  const bpp = channels * bytesPerSample;
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8Array(width * height * 4);
  const put = (rows: Uint8Array, w: number, h: number, x0: number, y0: number, dx: number, dy: number) => {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const s = (y * w + x) * bpp;
        const d = ((y0 + y * dy) * width + (x0 + x * dx)) * 4;
        const sample = (i: number) => rows[s + i * bytesPerSample]!;
        if (type === 3) {
          const idx = sample(0);
          if (!palette || idx * 3 + 2 >= palette.length) throw new AtelierError('BAD_INPUT', 'PNG palette index out of range');
          rgba[d] = palette[idx * 3]!;
          rgba[d + 1] = palette[idx * 3 + 1]!;
          rgba[d + 2] = palette[idx * 3 + 2]!;
          rgba[d + 3] = trns && idx < trns.length ? trns[idx]! : 255;
        } else if (channels <= 2) {
          rgba[d] = rgba[d + 1] = rgba[d + 2] = sample(0);
          rgba[d + 3] = channels === 2 ? sample(1) : 255;
        } else {
          rgba[d] = sample(0);
          rgba[d + 1] = sample(1);
          rgba[d + 2] = sample(2);
          rgba[d + 3] = channels === 4 ? sample(3) : 255;
        }
      }
    }
  };
  if (interlace === 0) {
    const rowBytes = width * bpp;
    if (raw.length < height * (rowBytes + 1)) throw new AtelierError('BAD_INPUT', 'The PNG image data is truncated');
    put(unfilter(raw, 0, height, rowBytes, bpp), width, height, 0, 0, 1, 1);
  } else {
    let offset = 0;
    for (const [x0, y0, dx, dy] of ADAM7) {
      const w = Math.ceil((width - x0) / dx);
      const h = Math.ceil((height - y0) / dy);
      if (w <= 0 || h <= 0) continue;
      const rowBytes = w * bpp;
      if (raw.length < offset + h * (rowBytes + 1)) throw new AtelierError('BAD_INPUT', 'The PNG image data is truncated');
      put(unfilter(raw, offset, h, rowBytes, bpp), w, h, x0, y0, dx, dy);
      offset += h * (rowBytes + 1);
    }
  }
  return { width, height, data: rgba };
}

/** sha256 of the decoded RGBA pixels and the size: equal exactly when the images look the same. */
export function pixelHash(png: Uint8Array): string {
  const img = decodePngRgba(png);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(img.width, 0);
  head.writeUInt32BE(img.height, 4);
  return createHash('sha256').update(head).update(img.data).digest('hex');
}
