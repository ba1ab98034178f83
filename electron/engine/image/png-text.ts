// Text chunks in PNG files: write tEXt (Latin-1) or iTXt (UTF-8) before IEND, and read every
// tEXt / iTXt / zTXt back. Chunk layout and CRC per the PNG specification.
import { crc32, inflateSync } from 'node:zlib';
import { AtelierError } from '../../../shared/errors';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

interface Chunk {
  type: string;
  data: Buffer;
  /** Whether the stored CRC matches the type and data (a damaged chunk does not). */
  crcOk: boolean;
}

/** Largest text a compressed chunk may inflate to: recipes are kilobytes; a "zip bomb" is refused. */
export const MAX_TEXT_CHUNK_BYTES = 1024 * 1024;

export function readChunks(png: Buffer): Chunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new AtelierError('BAD_INPUT', 'Not a PNG file');
  const chunks: Chunk[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (at + 12 + length > png.length) throw new AtelierError('BAD_INPUT', `The PNG is truncated (in its ${type} chunk)`);
    const crcOk = (crc32(png.subarray(at + 4, at + 8 + length)) >>> 0) === png.readUInt32BE(at + 8 + length);
    chunks.push({ type, data: png.subarray(at + 8, at + 8 + length), crcOk });
    at += 12 + length;
    if (type === 'IEND') return chunks;
  }
  throw new AtelierError('BAD_INPUT', 'The PNG is truncated (no IEND chunk)');
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const isLatin1 = (s: string) => /^[\u0000-\u00ff]*$/.test(s);

function textChunk(keyword: string, text: string): Buffer {
  if (isLatin1(text)) return chunk('tEXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]));
  // iTXt: keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated keyword, NUL, UTF-8 text.
  return chunk('iTXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]));
}

/** Returns a copy of `png` with the given text entries added just before IEND. */
export function addTextChunks(png: Buffer, entries: Record<string, string>): Buffer {
  const chunks = readChunks(png);
  const end = chunks.findIndex((c) => c.type === 'IEND');
  const before = chunks.slice(0, end).map((c) => chunk(c.type, c.data));
  const texts = Object.entries(entries).map(([k, v]) => textChunk(k, v));
  return Buffer.concat([SIGNATURE, ...before, ...texts, chunk('IEND', Buffer.alloc(0))]);
}

export function readTextChunks(png: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  const inflate = (b: Buffer) => inflateSync(b, { maxOutputLength: MAX_TEXT_CHUNK_BYTES });
  for (const { type, data, crcOk } of readChunks(png)) {
    // A chunk whose CRC fails was damaged on the way: its text cannot be trusted, so it is skipped.
    if (!crcOk || (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt')) continue;
    const nul = data.indexOf(0);
    if (nul < 0) continue;
    const keyword = data.toString('latin1', 0, nul);
    try {
      if (type === 'tEXt') out[keyword] = data.toString('latin1', nul + 1);
      else if (type === 'zTXt') out[keyword] = inflate(data.subarray(nul + 2)).toString('latin1');
      else if (type === 'iTXt') {
        const compressed = data[nul + 1] === 1;
        let at = nul + 3;
        at = data.indexOf(0, at) + 1; // language tag
        at = data.indexOf(0, at) + 1; // translated keyword
        const body = data.subarray(at);
        out[keyword] = (compressed ? inflate(body) : body).toString('utf8');
      }
    } catch {
      // A damaged or oversized text chunk is skipped; the image itself may still be fine.
    }
  }
  return out;
}
