// Text as XML 1.0 can hold it. XML 1.0 allows only tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and
// the supplementary planes: anything else (NUL and the other C0 controls, lone surrogates,
// U+FFFE/U+FFFF) cannot be written even as a character reference, so it is dropped rather than
// making a file Word refuses to open.

const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` without the characters XML 1.0 forbids. */
export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, '');
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escaped for element content or a double-quoted attribute; CR, tab and LF as references so a parser keeps them as they are. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>"\r\t\n]/g, (c) => ENTITY[c] ?? `&#${c.charCodeAt(0)};`);
}
