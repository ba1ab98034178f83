// UTF-8 bytes of a string, written out here so shared/ needs no TextEncoder (a DOM/Node global).
// Lone surrogates become U+FFFD, as TextEncoder does.

export function utf8(text: string): Uint8Array {
  // Each UTF-16 unit takes at most 3 bytes (a surrogate pair, 2 units, takes 4).
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (const ch of text) {
    let cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out[n++] = cp;
    else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 63);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 63);
      out[n++] = 0x80 | (cp & 63);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 63);
      out[n++] = 0x80 | ((cp >> 6) & 63);
      out[n++] = 0x80 | (cp & 63);
    }
  }
  return out.slice(0, n);
}
