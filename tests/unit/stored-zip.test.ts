// shared/zip: CRC-32 against the standard check value, UTF-8 against TextEncoder, and archives read
// back by an independent reader (adm-zip, which verifies each entry's CRC-32) with their local
// headers checked against the central directory (tests/support/docx-read.ts does that for .docx).
import AdmZip from 'adm-zip';
import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../shared/errors';
import { crc32 } from '../../shared/zip/crc32';
import { dosDateTime, storedZip } from '../../shared/zip/stored-zip';
import { utf8 } from '../../shared/zip/utf8';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('crc32', () => {
  it('gives the CRC-32 check value for "123456789" and 0 for nothing', () => {
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(bytes('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('utf8', () => {
  it('writes the bytes TextEncoder writes, lone surrogates included', () => {
    for (const s of ['', 'plain', 'é ß ñ', '中文 テキスト', '😀 𝄞 emoji', 'lone \uD800 and \uDC00 halves', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      expect(Array.from(utf8(s))).toEqual(Array.from(new TextEncoder().encode(s)));
    }
  });
});

describe('storedZip', () => {
  const when = new Date(2025, 5, 7, 13, 45, 31);
  const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
  const entries = [
    { name: 'first.txt', data: bytes('hello\n') },
    { name: 'empty', data: new Uint8Array(0) },
    { name: 'folder/every-byte.bin', data: everyByte },
    { name: 'naïve/ünïcode.txt', data: bytes('😀') },
  ];

  it('is read back entry for entry, in order, by adm-zip, with the sizes, CRCs and time in its headers', () => {
    const zip = new AdmZip(Buffer.from(storedZip(entries, when)));
    const read = zip.getEntries();
    expect(read.map((e) => e.entryName)).toEqual(entries.map((e) => e.name));
    read.forEach((e, i) => {
      const data = entries[i]!.data;
      expect(Array.from(e.getData())).toEqual(Array.from(data));
      expect(e.header.method).toBe(0);
      expect(e.header.size).toBe(data.length);
      expect(e.header.compressedSize).toBe(data.length);
      expect(e.header.crc).toBe(crc32(data));
      expect(e.header.time.getTime()).toBe(new Date(2025, 5, 7, 13, 45, 30).getTime());
      // The UTF-8 flag only where the name needs it.
      expect(e.header.flags).toBe(i === 3 ? 0x800 : 0);
    });
  });

  it('lays out local headers, central directory and end record exactly as the APPNOTE says', () => {
    const out = storedZip(entries, when);
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    const names = entries.map((e) => utf8(e.name));
    const localSize = entries.reduce((s, e, i) => s + 30 + names[i]!.length + e.data.length, 0);
    const centralSize = names.reduce((s, n) => s + 46 + n.length, 0);
    expect(out.length).toBe(localSize + centralSize + 22);
    const end = out.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    expect(view.getUint16(end + 8, true)).toBe(4);
    expect(view.getUint16(end + 10, true)).toBe(4);
    expect(view.getUint32(end + 12, true)).toBe(centralSize);
    expect(view.getUint32(end + 16, true)).toBe(localSize);
    // Each central entry points at a local header with the same fields 4..30 (version … extra length).
    let c = localSize;
    let local = 0;
    entries.forEach((e, i) => {
      expect(view.getUint32(c, true)).toBe(0x02014b50);
      expect(view.getUint32(c + 42, true)).toBe(local);
      expect(view.getUint32(local, true)).toBe(0x04034b50);
      expect(Array.from(out.subarray(local + 4, local + 30))).toEqual(Array.from(out.subarray(c + 6, c + 32)));
      expect(Array.from(out.subarray(local + 30, local + 30 + names[i]!.length))).toEqual(Array.from(names[i]!));
      local += 30 + names[i]!.length + e.data.length;
      c += 46 + names[i]!.length;
    });
  });

  it('is caught by the reader when a stored byte changes (the CRC is real)', () => {
    const out = storedZip([{ name: 'a.txt', data: bytes('some words') }], when);
    out[37] = out[37]! ^ 0xff; // a byte of the data, after the 30-byte header and the name
    const zip = new AdmZip(Buffer.from(out));
    expect(() => zip.getEntries()[0]!.getData()).toThrow(/CRC/);
  });

  it('keeps MS-DOS dates in range: before 1980 is 1 January 1980', () => {
    expect(dosDateTime(new Date(2025, 5, 7, 13, 45, 31))).toEqual({ date: (45 << 9) | (6 << 5) | 7, time: (13 << 11) | (45 << 5) | 15 });
    expect(dosDateTime(new Date(1975, 3, 3, 10, 0, 0))).toEqual({ date: (1 << 5) | 1, time: 0 });
  });

  it('refuses names a reader would misplace or see twice with BAD_INPUT', () => {
    for (const name of ['', '/etc/passwd', 'a/../b', 'back\\slash']) {
      const err = (() => {
        try {
          storedZip([{ name, data: new Uint8Array(0) }]);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AtelierError);
      expect((err as AtelierError).code).toBe('BAD_INPUT');
    }
    expect(() => storedZip([{ name: 'x', data: new Uint8Array(1) }, { name: 'x', data: new Uint8Array(2) }])).toThrow(/"x" is in the archive twice/);
  });
});
