// What crosses to the host for a dropped image: only the parts that can carry its recipe, so a big
// file fits in one WebSocket message (16 MB). A PNG keeps its text chunks (pngTextOnly); a JPEG its
// EXIF and comment segments; a WebP its EXIF chunk. A cut file stays cut at the same place, so the
// host names the problem exactly as it would for the whole file.
import { APP1, COM, exifOfApp1, imageFormat, jpegSegments, webpChunks } from '../../../shared/exif/containers';
import { joinBytes, pngTextOnly } from './pngTextOnly';

const EOI = [0xff, 0xd9];

export function dropParts(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const format = imageFormat(bytes);
  if (format === 'jpeg') {
    let cut: number | null = null;
    const kept = jpegSegments(bytes, (at) => (cut = at)).filter((s) => s.marker === COM || (s.marker === APP1 && exifOfApp1(s.payload)));
    // A cut segment keeps its marker and length (past any fill bytes), which say it runs past the end.
    const tail = cut === null ? Uint8Array.from(EOI) : bytes.subarray(cut, Math.min(bytes.length, (cut as number) + 16));
    return joinBytes([bytes.subarray(0, 2), ...kept.map((s) => bytes.subarray(s.start, s.end)), tail]);
  }
  if (format === 'webp') {
    let cut: number | null = null;
    const kept = webpChunks(bytes, (at) => (cut = at)).filter((c) => c.fourcc === 'EXIF');
    const parts = [bytes.subarray(0, 12), ...kept.map((c) => bytes.subarray(c.start, c.end))];
    if (cut !== null) parts.push(bytes.subarray(cut, Math.min(bytes.length, (cut as number) + 8)));
    const out = joinBytes(parts);
    new DataView(out.buffer).setUint32(4, out.length - 8, true);
    return out;
  }
  return pngTextOnly(bytes);
}
