// The text tags of an EXIF block. EXIF is TIFF: an 8-byte header ("II" little-endian or "MM"
// big-endian, the number 42, the offset of IFD0), then directories (IFDs) of 12-byte entries
// (tag, type, count, then the value itself when it fits in 4 bytes, else its offset). Offsets
// count from the header. Only IFD0 and the Exif IFD it points to are read: that is where the
// recipe-carrying tags live, and walking no chains means a looping file cannot trap the reader.
import { AtelierError } from '../errors';
import { decodeAsciiTag, decodeUserComment, decodeXpTag } from './text';

export const TAG_IMAGE_DESCRIPTION = 0x010e;
export const TAG_EXIF_IFD = 0x8769;
export const TAG_USER_COMMENT = 0x9286;
export const TAG_XP_COMMENT = 0x9c9c;

/** Bytes per value of each TIFF field type (1 BYTE … 12 DOUBLE). */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];

export interface ExifTexts {
  littleEndian: boolean;
  /** IFD0 ImageDescription. */
  imageDescription: string | null;
  /** Exif IFD UserComment, its character-code prefix decoded. */
  userComment: string | null;
  /** IFD0 XPComment (Windows' Properties ▸ Comments). */
  xpComment: string | null;
}

const damaged = (what: string) => new AtelierError('BAD_INPUT', `The EXIF data is damaged (${what})`);

export function readExifTexts(tiff: Uint8Array): ExifTexts {
  if (tiff.length < 8) throw damaged('shorter than its 8-byte header');
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'II' && order !== 'MM') throw damaged('no II or MM byte order at its start');
  const le = order === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (at: number) => view.getUint16(at, le);
  const u32 = (at: number) => view.getUint32(at, le);
  if (u16(2) !== 42) throw damaged('its header lacks the TIFF number 42');

  /** The entries of the IFD at `at`, each with its value's bytes; a value out of bounds is named when its tag is wanted. */
  function ifd(at: number, name: string, wanted: Set<number>): Map<number, Uint8Array> {
    if (at < 8 || at + 2 > tiff.length) throw damaged(`${name} at byte ${at} of ${tiff.length}`);
    const count = u16(at);
    if (at + 2 + count * 12 > tiff.length) throw damaged(`${name} has ${count} entries but the data ends first`);
    const out = new Map<number, Uint8Array>();
    for (let i = 0; i < count; i++) {
      const e = at + 2 + i * 12;
      const tag = u16(e);
      if (!wanted.has(tag)) continue;
      const size = (TYPE_SIZE[u16(e + 2)] ?? 0) * u32(e + 4);
      const start = size <= 4 ? e + 8 : u32(e + 8);
      if (start + size > tiff.length) throw damaged(`${tagName(tag)} runs past the end`);
      out.set(tag, tiff.subarray(start, start + size));
    }
    return out;
  }

  const ifd0 = ifd(u32(4), 'IFD0', new Set([TAG_IMAGE_DESCRIPTION, TAG_EXIF_IFD, TAG_XP_COMMENT]));
  const pointer = ifd0.get(TAG_EXIF_IFD);
  let userComment: string | null = null;
  if (pointer && pointer.length === 4) {
    const exif = ifd(new DataView(pointer.buffer, pointer.byteOffset, 4).getUint32(0, le), 'the Exif IFD', new Set([TAG_USER_COMMENT]));
    const comment = exif.get(TAG_USER_COMMENT);
    if (comment) userComment = decodeUserComment(comment, le);
  }
  const description = ifd0.get(TAG_IMAGE_DESCRIPTION);
  const xp = ifd0.get(TAG_XP_COMMENT);
  return {
    littleEndian: le,
    imageDescription: description ? decodeAsciiTag(description) : null,
    userComment,
    xpComment: xp ? decodeXpTag(xp) : null,
  };
}

function tagName(tag: number): string {
  if (tag === TAG_IMAGE_DESCRIPTION) return 'its ImageDescription';
  if (tag === TAG_USER_COMMENT) return 'its UserComment';
  if (tag === TAG_XP_COMMENT) return 'its XPComment';
  return 'its Exif IFD pointer';
}
