// A ZIP archive of stored (uncompressed) entries, as the ZIP APPNOTE lays it out: for each entry a
// local file header then its bytes, then the central directory (one header per entry, pointing back
// at its local header) and the end-of-central-directory record. Stored entries are valid in every
// reader (Office, LibreOffice, Google Docs, unzip); no ZIP64, so an archive stays under 4 GiB and
// 65,535 entries, which a document export never nears. Pure: bytes in, bytes out.
import { AtelierError } from '../errors';
import { crc32 } from './crc32';
import { utf8 } from './utf8';

export interface ZipEntry {
  /** Path inside the archive, '/'-separated, no leading '/'. */
  name: string;
  data: Uint8Array;
}

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
/** Version 2.0: the oldest reader that handles folders in names; enough for stored entries. */
const VERSION = 20;
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_NAME = 1 << 11;
const MAX_U16 = 0xffff;
const MAX_U32 = 0xffffffff;

/** MS-DOS date and time (local, 2-second steps) as ZIP headers keep them; clamped to 1980–2107. */
export function dosDateTime(when: Date): { date: number; time: number } {
  const year = Math.min(2107, Math.max(1980, when.getFullYear()));
  if (year !== when.getFullYear()) return { date: ((year - 1980) << 9) | (1 << 5) | 1, time: 0 };
  return {
    date: ((year - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate(),
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | (when.getSeconds() >> 1),
  };
}

function checkName(name: string, seen: Set<string>): Uint8Array {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').some((p) => p === '..' || p === '.')) {
    throw new AtelierError('BAD_INPUT', `"${name}" is not a valid path inside a ZIP archive`, { name });
  }
  if (seen.has(name)) throw new AtelierError('BAD_INPUT', `"${name}" is in the archive twice`, { name });
  seen.add(name);
  const bytes = utf8(name);
  if (bytes.length > MAX_U16) throw new AtelierError('BAD_INPUT', 'A name in the archive is longer than 65,535 bytes');
  return bytes;
}

/** The archive's bytes, entries in the order given (readers such as Office expect [Content_Types].xml first). */
export function storedZip(entries: readonly ZipEntry[], modified: Date = new Date()): Uint8Array<ArrayBuffer> {
  if (entries.length > MAX_U16) throw new AtelierError('BAD_INPUT', `A ZIP archive holds at most 65,535 entries, not ${entries.length}`);
  const { date, time } = dosDateTime(modified);
  const seen = new Set<string>();
  const files = entries.map((e) => {
    const name = checkName(e.name, seen);
    const ascii = name.length === e.name.length;
    return { name, data: e.data, crc: crc32(e.data), flags: ascii ? 0 : UTF8_NAME };
  });
  const localSize = files.reduce((sum, f) => sum + 30 + f.name.length + f.data.length, 0);
  const centralSize = files.reduce((sum, f) => sum + 46 + f.name.length, 0);
  if (localSize + centralSize + 22 > MAX_U32) throw new AtelierError('BAD_INPUT', 'The archive would be over 4 GiB, which needs ZIP64');

  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const bytes = (b: Uint8Array) => {
    out.set(b, at);
    at += b.length;
  };
  /** The fields local and central headers share, from "version needed" to "extra field length". */
  const common = (f: (typeof files)[number]) => {
    u16(VERSION);
    u16(f.flags);
    u16(0); // method 0: stored
    u16(time);
    u16(date);
    u32(f.crc);
    u32(f.data.length); // compressed size = size, stored
    u32(f.data.length);
    u16(f.name.length);
    u16(0); // no extra field
  };

  const offsets: number[] = [];
  for (const f of files) {
    offsets.push(at);
    u32(LOCAL_SIG);
    common(f);
    bytes(f.name);
    bytes(f.data);
  }
  const centralStart = at;
  files.forEach((f, i) => {
    u32(CENTRAL_SIG);
    u16(VERSION); // made by: MS-DOS attributes, version 2.0
    common(f);
    u16(0); // comment length
    u16(0); // disk number start
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[i]!);
    bytes(f.name);
  });
  u32(END_SIG);
  u16(0); // this disk
  u16(0); // disk with the central directory
  u16(files.length);
  u16(files.length);
  u32(centralSize);
  u32(centralStart);
  u16(0); // comment length
  return out;
}
