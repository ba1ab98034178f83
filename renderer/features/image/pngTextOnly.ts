// A dropped PNG crosses to the host only for its recipe, which lives in text chunks. Sending the
// whole file would break the WebSocket's 16 MB message limit for big images, so only the signature,
// IHDR and the text chunks go (a 40 MB photo becomes a few kilobytes). A file that is not a PNG,
// or is truncated, stays so: the host names the problem exactly as it would for the whole file.
const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const KEEP = new Set(['IHDR', 'tEXt', 'zTXt', 'iTXt', 'IEND']);

export function pngTextOnly(png: Uint8Array): Uint8Array<ArrayBuffer> {
  if (png.length < 8 || SIGNATURE.some((b, i) => png[i] !== b)) return png.slice(0, 64);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  let at = 8;
  while (at + 12 <= png.length) {
    const end = at + 12 + view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (end > png.length) {
      // Keep the cut chunk's first 12 bytes: the host then says which chunk the file ends in.
      parts.push(png.subarray(at, at + 12));
      break;
    }
    if (KEEP.has(type)) parts.push(png.subarray(at, end));
    if (type === 'IEND') break;
    at = end;
  }
  return joinBytes(parts);
}

/** The parts one after another in one new array (what is sent instead of the whole file). */
export function joinBytes(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
