// Reads a .docx back for tests, independently of the code that wrote it: adm-zip opens the ZIP
// (and checks each entry's CRC-32), every local header is compared with its central-directory
// entry byte for byte, every part must be well-formed XML (strict-xml.ts), and the document is
// turned back into the light Markdown it came from: `#`s before headings, `**`/`*`/`***` around
// bold/italic runs, a line break as a newline, paragraphs joined by a blank line.
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
  return {
    names,
    parts,
    paragraphs,
    markdown: rest.map(asMarkdown).join('\n\n'),
    title: first.runs.map((r) => r.text).join(''),
    core,
    custom,
  };
}
