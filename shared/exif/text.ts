// Text out of EXIF bytes, decoded here so shared/ needs no TextDecoder (a DOM/Node global):
// UTF-8 (what ASCII-typed tags hold in practice), UTF-16 in either byte order, and the UserComment
// field's 8-byte character-code prefix ("ASCII\0\0\0", "UNICODE\0", "JIS\0\0\0\0\0", or 8 NULs).

/** UTF-8 to a string; each byte of a malformed sequence becomes U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let out = '';
  const flush = () => {
    out += String.fromCharCode(...units);
    units.length = 0;
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    let cp = need === 0 ? b : need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
    let ok = need >= 0 && i + need < bytes.length + (need === 0 ? 1 : 0);
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are malformed too.
    if (ok && ((need === 2 && cp < 0x800) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) {
      units.push(0xfffd);
      i += 1;
    } else {
      if (cp >= 0x10000) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      else units.push(cp);
      i += need + 1;
    }
    if (units.length > 4096) flush();
  }
  flush();
  return out;
}

/** UTF-16 code units in the given byte order; a trailing odd byte is dropped. */
export function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  let out = '';
  const units: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    units.push(littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!);
    if (units.length === 4096) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  }
  return out + String.fromCharCode(...units);
}

const startsWith = (bytes: Uint8Array, prefix: string) => prefix.length <= bytes.length && [...prefix].every((c, i) => bytes[i] === c.charCodeAt(0));

/**
 * UTF-16 without a byte-order mark: which order? Text that is mostly Latin has a zero high byte in
 * each unit, at even offsets when big-endian and odd ones when little-endian. Where the zeros do
 * not decide (CJK text, say), the TIFF header's order is the best guess.
 */
function utf16Order(bytes: Uint8Array, tiffLittleEndian: boolean): boolean {
  let even = 0;
  let odd = 0;
  for (let i = 0; i + 1 < Math.min(bytes.length, 512); i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  return even === odd ? tiffLittleEndian : odd > even;
}

function decodeUnicode(bytes: Uint8Array, tiffLittleEndian: boolean): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), false);
  return decodeUtf16(bytes, utf16Order(bytes, tiffLittleEndian));
}

/** Drops the NULs (and the blanks some cameras pad with) a fixed-size field ends in. */
const trimEnd = (text: string) => text.replace(/[\0\s]+$/, '');

/**
 * The UserComment tag's text. AUTOMATIC1111 (through piexif) writes "UNICODE\0" and UTF-16
 * big-endian whatever the TIFF order; other writers use the TIFF order or a byte-order mark, or
 * "ASCII\0\0\0" followed by UTF-8. A comment with no known prefix is read as UTF-8.
 */
export function decodeUserComment(bytes: Uint8Array, tiffLittleEndian: boolean): string {
  const body = bytes.subarray(8);
  if (startsWith(bytes, 'UNICODE\0')) return trimEnd(decodeUnicode(body, tiffLittleEndian));
  if (startsWith(bytes, 'ASCII\0\0\0') || startsWith(bytes, 'JIS\0\0\0\0\0') || startsWith(bytes, '\0\0\0\0\0\0\0\0')) return trimEnd(decodeUtf8(body));
  return trimEnd(decodeUtf8(bytes));
}

/** An ASCII-typed tag (ImageDescription): NUL-terminated, in practice often UTF-8. */
export function decodeAsciiTag(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return trimEnd(decodeUtf8(end < 0 ? bytes : bytes.subarray(0, end)));
}

/** Windows' XPComment: UTF-16 little-endian, NUL-terminated. */
export function decodeXpTag(bytes: Uint8Array): string {
  return trimEnd(decodeUtf16(bytes, true));
}
