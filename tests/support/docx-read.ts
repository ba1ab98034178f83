// Reads a .docx back for tests, independently of the code that wrote it: adm-zip opens the ZIP
// (and checks each entry's CRC-32), every local header is compared with its central-directory
// entry byte for byte, every part must be well-formed XML (strict-xml.ts), and the document is
// turned back into the light Markdown it came from: `#`s before headings, `**`/`*`/`***` around
// bold/italic runs, a line break as a newline, paragraphs joined by a blank line. The package must
// hang together (checkPackage): every relationship's source and target exist, every part but the
// content types and relationship parts is reachable from the package's root relationships, every
// Override names a part that exists and every part has a content type. The recipe is read from the
// custom XML part whose root element is in Atelier's namespace, found through the relationships
// (Word may renumber customXml/itemN.xml on save), with the item id from its properties part.
import AdmZip from 'adm-zip';
import { childrenNamed, findFirst, parseXml, textOf, type XmlElement } from './strict-xml';

export interface DocxRun {
  text: string;
  bold: boolean;
  italic: boolean;
}

export interface DocxParagraph {
  style: string;
  runs: DocxRun[];
}

export interface DocxRead {
  /** Part names in archive order. */
  names: string[];
  parts: Map<string, XmlElement>;
  paragraphs: DocxParagraph[];
  /** The body after the Title paragraph, written back as Markdown. */
  markdown: string;
  title: string;
  core: Record<string, string>;
  /** Custom properties by name, with their value type (vt:lpwstr → 'lpwstr'). */
  custom: Map<string, { type: string; value: string; pid: number; fmtid: string }>;
  /** Custom XML parts related from any part, with their properties part's item id and schema references. */
  customXml: { part: string; root: XmlElement; itemId: string | undefined; schemaRefs: string[] }[];
  /** The JSON in the custom XML part in Atelier's namespace, parsed; undefined when there is none. */
  recipe: unknown;
}

const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const ATELIER_RECIPE_NS = 'urn:atelier:recipe:1';

interface Rel {
  source: string;
  type: string;
  target: string;
}

/** `target` resolved against the folder of `source` (a part name without leading '/'; '' for the package). */
function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = source.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') {
      if (parts.length === 0) throw new Error(`${target} from ${source || 'the package'} climbs out of the package`);
      parts.pop();
    } else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** The part a relationships part describes: `dir/_rels/name.rels` → `dir/name`; `_rels/.rels` → '' (the package). */
function relsSource(relsPart: string): string {
  const m = /^(.*?)_rels\/(.*)\.rels$/.exec(relsPart);
  if (!m) throw new Error(`${relsPart} is not a relationships part name`);
  return m[1]! + m[2]!;
}

/** Every internal relationship in the package; throws when the package does not hang together. */
export function checkPackage(names: string[], parts: Map<string, XmlElement>): Rel[] {
  const have = new Set(names);
  const rels: Rel[] = [];
  for (const name of names.filter((n) => n.endsWith('.rels'))) {
    const source = relsSource(name);
    if (source !== '' && !have.has(source)) throw new Error(`${name} describes ${source}, which is not in the package`);
    const ids = new Set<string>();
    for (const r of childrenNamed(parts.get(name)!, 'Relationship')) {
      if (ids.has(r.attrs.Id!)) throw new Error(`${name}: relationship id ${r.attrs.Id} twice`);
      ids.add(r.attrs.Id!);
      if (r.attrs.TargetMode === 'External') continue;
      const target = resolveTarget(source, r.attrs.Target!);
      if (!have.has(target)) throw new Error(`${name}: ${r.attrs.Type} points at ${target}, which is not in the package`);
      rels.push({ source, type: r.attrs.Type!, target });
    }
  }
  // Reachable from the package's own relationships, following each part's relationships.
  const reached = new Set<string>(['']);
  const queue = [''];
  while (queue.length) {
    const from = queue.shift()!;
    for (const r of rels) {
      if (r.source !== from || reached.has(r.target)) continue;
      reached.add(r.target);
      queue.push(r.target);
    }
  }
  for (const name of names) {
    if (name === '[Content_Types].xml' || name.endsWith('.rels')) continue;
    if (!reached.has(name)) throw new Error(`${name} is not reachable from _rels/.rels`);
  }
  // Content types: every Override names a part that is there; every part has a type.
  const types = parts.get('[Content_Types].xml');
  if (!types) throw new Error('no [Content_Types].xml');
  const overrides = new Map(childrenNamed(types, 'Override').map((o) => [o.attrs.PartName!, o.attrs.ContentType!]));
  const defaults = new Map(childrenNamed(types, 'Default').map((d) => [d.attrs.Extension!.toLowerCase(), d.attrs.ContentType!]));
  for (const partName of overrides.keys()) {
    if (!partName.startsWith('/') || !have.has(partName.slice(1))) throw new Error(`Override ${partName} names no part in the package`);
  }
  for (const name of names) {
    if (name === '[Content_Types].xml') continue;
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    if (!overrides.has(`/${name}`) && !defaults.has(ext)) throw new Error(`${name} has no content type`);
  }
  return rels;
}

/** The custom XML parts: those a customXml relationship points at, each with its customXmlProps part. */
function customXmlParts(rels: Rel[], parts: Map<string, XmlElement>): DocxRead['customXml'] {
  return rels
    .filter((r) => r.type === `${OFFICE_REL}/customXml`)
    .map((r) => {
      const propsRel = rels.filter((p) => p.source === r.target && p.type === `${OFFICE_REL}/customXmlProps`);
      if (propsRel.length > 1) throw new Error(`${r.target} has ${propsRel.length} properties parts`);
      const props = propsRel[0] && parts.get(propsRel[0].target);
      if (props && props.name !== 'ds:datastoreItem') throw new Error(`${propsRel[0]!.target}: root is <${props.name}>`);
      const schemaRefs = props ? childrenNamed(childrenNamed(props, 'ds:schemaRefs')[0] ?? props, 'ds:schemaRef').map((s) => s.attrs['ds:uri']!) : [];
      return { part: r.target, root: parts.get(r.target)!, itemId: props?.attrs['ds:itemID'], schemaRefs };
    });
}

/** The xmlns the element's own name is in (only declarations on the root are looked at, which is where ours is). */
function rootNamespace(el: XmlElement): string | undefined {
  const colon = el.name.indexOf(':');
  return colon < 0 ? el.attrs.xmlns : el.attrs[`xmlns:${el.name.slice(0, colon)}`];
}

/** Local headers against the central directory: same CRC, sizes, method, flags and name; entries back to back. */
function checkHeaders(buf: Buffer, zip: AdmZip): void {
  const entries = zip.getEntries();
  let expectAt = 0;
  for (const e of entries) {
    const h = e.header;
    if (h.offset !== expectAt) throw new Error(`${e.entryName}: local header at ${h.offset}, expected ${expectAt}`);
    if (buf.readUInt32LE(h.offset) !== 0x04034b50) throw new Error(`${e.entryName}: no local header signature`);
    const local = {
      flags: buf.readUInt16LE(h.offset + 6),
      method: buf.readUInt16LE(h.offset + 8),
      crc: buf.readUInt32LE(h.offset + 14),
      compressedSize: buf.readUInt32LE(h.offset + 18),
      size: buf.readUInt32LE(h.offset + 22),
      nameLength: buf.readUInt16LE(h.offset + 26),
      extraLength: buf.readUInt16LE(h.offset + 28),
    };
    const central = { flags: h.flags, method: h.method, crc: h.crc, compressedSize: h.compressedSize, size: h.size, nameLength: e.rawEntryName.length, extraLength: 0 };
    if (JSON.stringify(local) !== JSON.stringify(central)) throw new Error(`${e.entryName}: local ${JSON.stringify(local)} ≠ central ${JSON.stringify(central)}`);
    const localName = buf.subarray(h.offset + 30, h.offset + 30 + local.nameLength);
    if (!localName.equals(e.rawEntryName)) throw new Error(`${e.entryName}: local name differs`);
    expectAt = h.offset + 30 + local.nameLength + local.extraLength + local.compressedSize;
  }
  // The central directory starts right after the last entry's data.
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || buf.readUInt32LE(end + 16) !== expectAt) throw new Error('the central directory does not follow the last entry');
  if (end + 22 !== buf.length) throw new Error('bytes after the end-of-central-directory record');
}

function runsOf(p: XmlElement): DocxRun[] {
  const runs: DocxRun[] = [];
  for (const r of childrenNamed(p, 'w:r')) {
    const rPr = childrenNamed(r, 'w:rPr')[0];
    const bold = rPr ? childrenNamed(rPr, 'w:b').length > 0 : false;
    const italic = rPr ? childrenNamed(rPr, 'w:i').length > 0 : false;
    let text = '';
    for (const c of r.children) {
      if (typeof c === 'string') continue;
      if (c.name === 'w:t') text += textOf(c);
      else if (c.name === 'w:br') text += '\n';
      else if (c.name === 'w:tab') text += '\t';
      else if (c.name !== 'w:rPr') throw new Error(`unexpected <${c.name}> in a run`);
    }
    runs.push({ text, bold, italic });
  }
  return runs;
}

const HASHES: Record<string, string> = { Heading1: '# ', Heading2: '## ', Heading3: '### ', Normal: '' };

function asMarkdown(p: DocxParagraph): string {
  const body = p.runs
    .map((r) => {
      if (r.text === '\n' || (!r.bold && !r.italic)) return r.text;
      const mark = r.bold && r.italic ? '***' : r.bold ? '**' : '*';
      return mark + r.text + mark;
    })
    .join('');
  const prefix = HASHES[p.style];
  if (prefix === undefined) throw new Error(`unexpected paragraph style ${p.style}`);
  return prefix + body;
}

export function readDocx(bytes: Uint8Array): DocxRead {
  const buf = Buffer.from(bytes);
  const zip = new AdmZip(buf);
  checkHeaders(buf, zip);
  const names: string[] = [];
  const parts = new Map<string, XmlElement>();
  for (const e of zip.getEntries()) {
    names.push(e.entryName);
    if (e.header.method !== 0) throw new Error(`${e.entryName} is not stored`);
    try {
      parts.set(e.entryName, parseXml(e.getData()));
    } catch (err) {
      throw new Error(`${e.entryName}: ${(err as Error).message}`, { cause: err });
    }
  }
  const doc = parts.get('word/document.xml');
  const body = doc && findFirst(doc, 'w:body');
  if (!body) throw new Error('no word/document.xml body');
  const paragraphs = childrenNamed(body, 'w:p').map((p) => {
    const pPr = childrenNamed(p, 'w:pPr')[0];
    const pStyle = pPr && childrenNamed(pPr, 'w:pStyle')[0];
    return { style: pStyle?.attrs['w:val'] ?? 'Normal', runs: runsOf(p) };
  });
  const [first, ...rest] = paragraphs;
  if (first?.style !== 'Title') throw new Error('the first paragraph is not the Title');

  const core: Record<string, string> = {};
  for (const c of parts.get('docProps/core.xml')?.children ?? []) if (typeof c !== 'string') core[c.name] = textOf(c);
  const custom: DocxRead['custom'] = new Map();
  for (const p of childrenNamed(parts.get('docProps/custom.xml')!, 'property')) {
    const value = p.children.find((c): c is XmlElement => typeof c !== 'string')!;
    const name = p.attrs.name!;
    if (custom.has(name)) throw new Error(`custom property ${name} twice`);
    custom.set(name, { type: value.name.replace(/^vt:/, ''), value: textOf(value), pid: Number(p.attrs.pid), fmtid: p.attrs.fmtid! });
  }
  const customXml = customXmlParts(checkPackage(names, parts), parts);
  const ours = customXml.filter((c) => rootNamespace(c.root) === ATELIER_RECIPE_NS);
  if (ours.length > 1) throw new Error(`${ours.length} custom XML parts in ${ATELIER_RECIPE_NS}`);
  return {
    names,
    parts,
    paragraphs,
    markdown: rest.map(asMarkdown).join('\n\n'),
    title: first.runs.map((r) => r.text).join(''),
    core,
    custom,
    customXml,
    recipe: ours[0] ? (JSON.parse(textOf(ours[0].root)) as unknown) : undefined,
  };
}
