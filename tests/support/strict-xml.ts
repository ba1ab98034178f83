// A strict XML 1.0 reader for tests: the bytes must be UTF-8, every character one XML allows, one
// root element with properly nested tags, quoted attributes without duplicates, only the five
// predefined entities and character references, and every prefix bound by an xmlns declaration.
// Anything else throws with the offset. It returns a small tree so tests can look inside.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

const ALLOWED = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9._:\u00B7\u00C0-\uFFFF]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(bytes: Uint8Array | string): XmlElement {
  const raw = typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  // Line ends as every XML parser hands them on (XML 1.0 §2.11): a literal CR does not survive.
  const src = raw.replace(/\r\n?/g, '\n');
  if (!ALLOWED.test(raw)) throw new Error('a character XML 1.0 forbids');
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${at}: ${JSON.stringify(src.slice(at, at + 40))}`);
  };
  const space = () => {
    const m = /[ \t\r\n]*/y;
    m.lastIndex = at;
    at += m.exec(src)![0].length;
  };
  const name = (): string => {
    NAME.lastIndex = at;
    const m = NAME.exec(src) ?? fail('a name expected');
    at += m[0].length;
    return m[0];
  };
  const reference = (): string => {
    const m = /&(?:([A-Za-z]+)|#([0-9]+)|#x([0-9A-Fa-f]+));/y;
    m.lastIndex = at;
    const r = m.exec(src) ?? fail('a bad reference');
    at += r[0].length;
    if (r[1] !== undefined) return ENTITIES[r[1]] ?? fail(`an undefined entity &${r[1]};`);
    const cp = parseInt(r[2] ?? r[3]!, r[2] !== undefined ? 10 : 16);
    const ch = cp <= 0x10ffff ? String.fromCodePoint(cp) : fail('a reference past U+10FFFF');
    if (!ALLOWED.test(ch) || (cp >= 0xd800 && cp <= 0xdfff)) fail(`a reference to a forbidden character U+${cp.toString(16)}`);
    return ch;
  };

  // The declaration, if any, must come first.
  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('an unclosed declaration');
    if (!/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z][-A-Za-z0-9._]*")?( standalone="(yes|no)")? ?\?>$/.test(src.slice(0, end + 2))) fail('a malformed XML declaration');
    at = end + 2;
  }
  space();

  const element = (scopes: Set<string>[]): XmlElement => {
    if (src[at] !== '<') fail('an element expected');
    at++;
    const tag = name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = at;
      space();
      if (src.startsWith('/>', at) || src[at] === '>') break;
      if (at === before) fail('a space expected between attributes');
      const key = name();
      if (key in attrs) fail(`attribute ${key} twice`);
      space();
      if (src[at] !== '=') fail('= expected');
      at++;
      space();
      const quote = src[at];
      if (quote !== '"' && quote !== "'") fail('a quoted value expected');
      at++;
      let value = '';
      while (src[at] !== quote) {
        if (at >= src.length) fail('an unclosed attribute value');
        if (src[at] === '<') fail('< inside an attribute value');
        if (src[at] === '&') value += reference();
        else value += src[at++];
      }
      at++;
      attrs[key] = value;
    }
    // Namespaces: this element's declarations, then every prefix used must be bound.
    const declared = new Set(Object.keys(attrs).filter((k) => k.startsWith('xmlns:')).map((k) => k.slice(6)));
    const inScope = [...scopes, declared];
    const bound = (qname: string) => {
      const colon = qname.indexOf(':');
      if (colon < 0) return;
      const prefix = qname.slice(0, colon);
      if (prefix === 'xml' || prefix === 'xmlns') return;
      if (!inScope.some((s) => s.has(prefix))) fail(`prefix ${prefix} is not declared`);
    };
    bound(tag);
    for (const k of Object.keys(attrs)) bound(k);

    const node: XmlElement = { name: tag, attrs, children: [] };
    if (src.startsWith('/>', at)) {
      at += 2;
      return node;
    }
    at++;
    let text = '';
    const flush = () => {
      if (text) node.children.push(text);
      text = '';
    };
    for (;;) {
      if (at >= src.length) fail(`<${tag}> is never closed`);
      if (src.startsWith('</', at)) {
        at += 2;
        const close = name();
        if (close !== tag) fail(`</${close}> closes <${tag}>`);
        space();
        if (src[at] !== '>') fail('> expected');
        at++;
        flush();
        return node;
      }
      if (src.startsWith('<![CDATA[', at)) {
        const end = src.indexOf(']]>', at);
        if (end < 0) fail('an unclosed CDATA section');
        text += src.slice(at + 9, end);
        at = end + 3;
      } else if (src.startsWith('<!--', at)) {
        const end = src.indexOf('-->', at);
        if (end < 0 || src.slice(at + 4, end).includes('--')) fail('a malformed comment');
        at = end + 3;
      } else if (src[at] === '<') {
        flush();
        node.children.push(element(inScope));
      } else if (src[at] === '&') text += reference();
      else {
        if (src.startsWith(']]>', at)) fail(']]> in text');
        text += src[at++];
      }
    }
  };

  const root = element([]);
  space();
  if (at !== src.length) fail('content after the root element');
  return root;
}

/** The element's child elements named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** The first descendant named `name` (depth first), or undefined. */
export function findFirst(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) return c;
    const inner = findFirst(c, name);
    if (inner) return inner;
  }
  return undefined;
}

/** All the text inside an element. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
