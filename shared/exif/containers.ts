// Where JPEG and WebP files keep their metadata. JPEG: marker segments (0xFF, a marker byte, a
// 2-byte big-endian length that counts itself) up to the start of scan; EXIF is an APP1 segment
// opening "Exif\0\0", and COM segments hold plain comments. WebP: a RIFF file ("RIFF", size,
// "WEBP") of chunks (fourcc, 4-byte little-endian size, data padded to even), EXIF in an "EXIF"
// chunk, which comes after the image data.
import { AtelierError } from '../errors';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

const PNG = [137, 80, 78, 71, 13, 10, 26, 10];
const ascii = (bytes: Uint8Array, at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));

/** The format by its first bytes (the name and MIME type of a dropped file can lie). */
export function imageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && PNG.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return null;
}

export interface JpegSegment {
  marker: number;
  /** Where the segment starts (its 0xFF) and ends, in the file. */
  start: number;
  end: number;
  payload: Uint8Array;
}

const SOS = 0xda;
const EOI = 0xd9;
/** Markers that stand alone, with no length: TEM, RST0–7, SOI, EOI. */
const standalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd9);

/**
 * The segments before the image data. A file cut inside a segment (or before any image data)
 * throws BAD_INPUT naming where; `onCut` instead receives where the cut segment starts, for callers
 * that keep what is whole.
 */
export function jpegSegments(bytes: Uint8Array, onCut?: (start: number) => void): JpegSegment[] {
  const out: JpegSegment[] = [];
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) throw new AtelierError('BAD_INPUT', `The JPEG is damaged (no marker at byte ${at})`);
    let m = at + 1;
    while (bytes[m] === 0xff) m++; // fill bytes
    if (m >= bytes.length) break;
    const marker = bytes[m]!;
    if (marker === SOS || marker === EOI) return out;
    if (standalone(marker)) {
      at = m + 1;
      continue;
    }
    if (m + 3 > bytes.length || m + 1 + ((bytes[m + 1]! << 8) | bytes[m + 2]!) > bytes.length) {
      if (onCut) {
        onCut(at);
        return out;
      }
      throw new AtelierError('BAD_INPUT', `The JPEG is truncated (in its ${markerName(marker)} segment)`);
    }
    const length = (bytes[m + 1]! << 8) | bytes[m + 2]!;
    if (length < 2) throw new AtelierError('BAD_INPUT', `The JPEG is damaged (its ${markerName(marker)} segment has length ${length})`);
    const end = m + 1 + length;
    out.push({ marker, start: at, end, payload: bytes.subarray(m + 3, end) });
    at = end;
  }
  if (onCut) {
    onCut(bytes.length);
    return out;
  }
  throw new AtelierError('BAD_INPUT', 'The JPEG is truncated (it ends before its image data)');
}

function markerName(m: number): string {
  if (m >= 0xe0 && m <= 0xef) return `APP${m - 0xe0}`;
  if (m === 0xfe) return 'COM';
  if (m === 0xdb) return 'DQT';
  if (m === 0xc4) return 'DHT';
  if (m >= 0xc0 && m <= 0xcf) return `SOF${m - 0xc0}`;
  return `0x${m.toString(16).toUpperCase()}`;
}

export const APP1 = 0xe1;
export const COM = 0xfe;
const EXIF_HEADER = 'Exif\0\0';

/** An APP1 segment's TIFF block, or null when the APP1 holds something else (XMP, say). */
export function exifOfApp1(payload: Uint8Array): Uint8Array | null {
  return ascii(payload, 0, 6) === EXIF_HEADER ? payload.subarray(6) : null;
}

export interface WebpChunk {
  fourcc: string;
  start: number;
  end: number;
  data: Uint8Array;
}

/** The chunks of a WebP file; `onCut` as for jpegSegments. */
export function webpChunks(bytes: Uint8Array, onCut?: (start: number) => void): WebpChunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: WebpChunk[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    const fourcc = ascii(bytes, at, 4);
    const size = view.getUint32(at + 4, true);
    if (at + 8 + size > bytes.length) {
      if (onCut) {
        onCut(at);
        return out;
      }
      throw new AtelierError('BAD_INPUT', `The WebP is truncated (in its ${fourcc.trim()} chunk)`);
    }
    out.push({ fourcc, start: at, end: at + 8 + size + (size & 1), data: bytes.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size & 1);
  }
  if (at < bytes.length) {
    if (!onCut) throw new AtelierError('BAD_INPUT', 'The WebP is truncated (in a chunk header)');
    onCut(at);
  }
  return out;
}

/**
 * The TIFF block of a WebP "EXIF" chunk. The format says the chunk holds TIFF data; Pillow (so
 * AUTOMATIC1111) writes the JPEG-style "Exif\0\0" header first, which is skipped.
 */
export function exifOfWebpChunk(data: Uint8Array): Uint8Array {
  return ascii(data, 0, 6) === EXIF_HEADER ? data.subarray(6) : data;
}
