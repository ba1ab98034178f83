// AUTOMATIC1111 saves JPEGs and WebPs with its `parameters` text in EXIF: the UserComment, as
// "UNICODE\0" and UTF-16 (big-endian from piexif; other writers little-endian, or "ASCII\0\0\0"),
// sometimes the ImageDescription instead. Before, such a file was refused as "not a PNG". The
// reader (shared/exif) walks the TIFF directories in both byte orders; files are made here by sharp
// (withExif) and by hand (tests/fixtures/exif-bytes.ts), and the restored recipe must equal the
// one a PNG with the same text gives.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { addTextChunks } from '../../electron/engine/image/png-text';
import { readRecipe } from '../../electron/host/read-recipe';
import { AtelierError } from '../../shared/errors';
import { exifOfApp1, exifOfWebpChunk, imageFormat, jpegSegments, webpChunks, APP1 } from '../../shared/exif/containers';
import { parametersOfImage } from '../../shared/exif/parameters';
import { decodeUserComment, decodeUtf8 } from '../../shared/exif/text';
import { readExifTexts } from '../../shared/exif/tiff';
import { MAX_MESSAGE_BYTES } from '../../shared/contract/wire';
import { dropParts } from '../../renderer/features/image/dropParts';
import { TAG, TYPE, a1111Exif, ascii, jpegWithExif, tiffBytes, userComment, utf16, webpWithExif } from '../fixtures/exif-bytes';

const PARAMS = 'a lighthouse at dusk, 灯台\nNegative prompt: blurry, text\nSteps: 12, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 1234, Size: 512x768, Model: sd15';
const ASCII_PARAMS = 'a lighthouse at dusk\nNegative prompt: blurry\nSteps: 12, Sampler: Euler a, CFG scale: 6.5, Seed: 1234, Size: 512x512';

const canvas = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } });
let jpeg: Buffer;
let webp: Buffer;
let png: Buffer;

beforeAll(async () => {
  jpeg = await canvas().jpeg().toBuffer();
  webp = await canvas().webp().toBuffer();
  png = await canvas().png().toBuffer();
});

/** The message of what `f` throws. */
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  return 'nothing thrown';
};

describe('the TIFF walk', () => {
  it('reads a UNICODE UserComment in UTF-16 big- and little-endian, in either TIFF byte order', () => {
    for (const tiffLe of [false, true]) {
      for (const textLe of [false, true]) {
        const t = readExifTexts(tiffBytes(tiffLe, [], [userComment('UNICODE', utf16(PARAMS, textLe))]));
        expect([tiffLe, textLe, t.userComment]).toEqual([tiffLe, textLe, PARAMS]);
        expect(t.littleEndian).toBe(tiffLe);
      }
    }
  });

  it('follows a byte-order mark, and the TIFF order where the text has no zero bytes to tell by', () => {
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), utf16(PARAMS, true)]);
    expect(readExifTexts(tiffBytes(false, [], [userComment('UNICODE', bom)])).userComment).toBe(PARAMS);
    const cjk = '灯台と海'; // no zero byte in any unit
    expect(readExifTexts(tiffBytes(true, [], [userComment('UNICODE', utf16(cjk, true))])).userComment).toBe(cjk);
    expect(readExifTexts(tiffBytes(false, [], [userComment('UNICODE', utf16(cjk, false))])).userComment).toBe(cjk);
  });

  it('reads an ASCII-prefixed or unprefixed UserComment as UTF-8, and ImageDescription and XPComment', () => {
    const t = readExifTexts(
      tiffBytes(
        true,
        [ascii(TAG.ImageDescription, 'Ünïcode description'), { tag: TAG.XPComment, type: TYPE.BYTE, data: Buffer.concat([utf16('xp note', true), Buffer.alloc(2)]) }],
        [userComment('ASCII', Buffer.from('a cat\0\0', 'utf8'))],
      ),
    );
    expect(t).toEqual({ littleEndian: true, imageDescription: 'Ünïcode description', userComment: 'a cat', xpComment: 'xp note' });
    expect(readExifTexts(tiffBytes(false, [], [userComment('none', Buffer.from(PARAMS, 'utf8'))])).userComment).toBe(PARAMS);
    // A short value sits inside its entry, not at an offset.
    expect(readExifTexts(tiffBytes(false, [ascii(TAG.ImageDescription, 'ab')])).imageDescription).toBe('ab');
  });

  it('names what is damaged', () => {
    expect(thrown(() => readExifTexts(Buffer.from('XX*\0\b\0\0\0')))).toBe('The EXIF data is damaged (no II or MM byte order at its start)');
    expect(thrown(() => readExifTexts(Buffer.from([0x4d, 0x4d, 0, 43, 0, 0, 0, 8])))).toBe('The EXIF data is damaged (its header lacks the TIFF number 42)');
    const good = a1111Exif(PARAMS);
    expect(thrown(() => readExifTexts(good.subarray(0, 60)))).toBe('The EXIF data is damaged (its UserComment runs past the end)');
    const far = Buffer.from(good);
    far.writeUInt32BE(5000, 4);
    expect(thrown(() => readExifTexts(far))).toBe(`The EXIF data is damaged (IFD0 at byte 5000 of ${good.length})`);
    expect(thrown(() => readExifTexts(good.subarray(0, 4)))).toBe('The EXIF data is damaged (shorter than its 8-byte header)');
  });

  it('decodes UTF-8 with U+FFFD for bytes that are not', () => {
    expect(decodeUtf8(Buffer.from('a é 灯 😀', 'utf8'))).toBe('a é 灯 😀');
    expect(decodeUtf8(Uint8Array.from([0x61, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x62]))).toBe('a\ufffd(\ufffd\ufffd\ufffdb');
    expect(decodeUserComment(Buffer.from('UNICODE\0', 'latin1'), false)).toBe('');
  });
});

describe('JPEG and WebP containers', () => {
  it('finds the same EXIF block sharp reads, in a JPEG and a WebP sharp wrote', async () => {
    const base = canvas().withExif({ IFD0: { ImageDescription: 'desc' }, IFD2: { UserComment: ASCII_PARAMS } });
    for (const bytes of [await base.clone().jpeg().toBuffer(), await base.clone().webp().toBuffer()]) {
      const exif = (await sharp(bytes).metadata()).exif!;
      const format = imageFormat(bytes);
      const tiff =
        format === 'jpeg'
          ? jpegSegments(bytes).map((s) => (s.marker === APP1 ? exifOfApp1(s.payload) : null)).find(Boolean)
          : exifOfWebpChunk(webpChunks(bytes).find((c) => c.fourcc === 'EXIF')!.data);
      expect(Buffer.from(tiff!).equals(exif.subarray(exif.indexOf('II*\0')))).toBe(true);
      // libvips writes the comment "ASCII\0\0\0"-prefixed, in a little-endian TIFF.
      expect(readExifTexts(tiff!)).toMatchObject({ littleEndian: true, userComment: ASCII_PARAMS, imageDescription: 'desc' });
      expect(parametersOfImage(bytes, format as 'jpeg' | 'webp')).toBe(ASCII_PARAMS);
    }
  });

  it('reads A1111’s own shape: a big-endian UNICODE UserComment, in a JPEG and in a WebP chunk opening "Exif\\0\\0"', () => {
    const tiff = a1111Exif(PARAMS);
    expect(parametersOfImage(jpegWithExif(jpeg, tiff), 'jpeg')).toBe(PARAMS);
    expect(parametersOfImage(webpWithExif(webp, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])), 'webp')).toBe(PARAMS);
    expect(parametersOfImage(webpWithExif(webp, tiff), 'webp')).toBe(PARAMS);
  });

  it('takes the text that reads as A1111 parameters, wherever it is, and nothing else', () => {
    // A camera's description beside an A1111 text kept in the description by another tool.
    const described = tiffBytes(true, [ascii(TAG.ImageDescription, PARAMS)], [userComment('ASCII', Buffer.from('        '))]);
    expect(parametersOfImage(jpegWithExif(jpeg, described), 'jpeg')).toBe(PARAMS);
    const camera = tiffBytes(true, [ascii(TAG.ImageDescription, 'OLYMPUS DIGITAL CAMERA')], [userComment('ASCII', Buffer.from('a prompt without settings'))]);
    expect(parametersOfImage(jpegWithExif(jpeg, camera), 'jpeg')).toBe(null);
    expect(parametersOfImage(jpeg, 'jpeg')).toBe(null);
    expect(parametersOfImage(webp, 'webp')).toBe(null);
  });

  it('says where a cut JPEG or WebP ends', () => {
    const withExif = jpegWithExif(jpeg, a1111Exif(PARAMS));
    expect(thrown(() => parametersOfImage(withExif.subarray(0, 100), 'jpeg'))).toBe('The JPEG is truncated (in its APP1 segment)');
    expect(thrown(() => parametersOfImage(withExif.subarray(0, 2), 'jpeg'))).toBe('The JPEG is truncated (it ends before its image data)');
    const w = webpWithExif(webp, a1111Exif(PARAMS));
    expect(thrown(() => parametersOfImage(w.subarray(0, w.length - 10), 'webp'))).toBe('The WebP is truncated (in its EXIF chunk)');
  });
});

describe('restoring from a JPEG or WebP', () => {
  it('gives exactly what the same text in a PNG gives', async () => {
    const fromPng = readRecipe(addTextChunks(png, { parameters: PARAMS }));
    expect(fromPng).toMatchObject({ source: 'a1111', model: 'sd15', settings: { prompt: 'a lighthouse at dusk, 灯台', negativePrompt: 'blurry, text', steps: 12, seed: 1234, width: 512, height: 768, scheduler: 'dpmpp-2m-karras' } });
    expect(readRecipe(jpegWithExif(jpeg, a1111Exif(PARAMS)))).toEqual(fromPng);
    expect(readRecipe(webpWithExif(webp, a1111Exif(PARAMS)))).toEqual(fromPng);
    expect(readRecipe(jpeg)).toBe(null);
    expect(thrown(() => readRecipe(Buffer.from('GIF89a not an image')))).toBe('Not a PNG, JPEG or WebP file');
  });

  it('sends only the EXIF of a JPEG bigger than a message, and keeps a cut file cut at the same place', () => {
    // 20 MB of other segments (APP2 ICC-like blocks) and scan data around the EXIF.
    const filler = Buffer.alloc(65_000);
    const segment = Buffer.concat([Buffer.from([0xff, 0xe2, 0xfd, 0xea]), filler]); // length 65002: itself and 65000 bytes
    const exif = jpegWithExif(jpeg, a1111Exif(PARAMS));
    const big = Buffer.concat([exif.subarray(0, 2), ...Array.from({ length: 160 }, () => segment), exif.subarray(2), Buffer.alloc(10 * 2 ** 20)]);
    expect(big.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    const small = Buffer.from(dropParts(big));
    expect(small.length).toBeLessThan(1000);
    expect(readRecipe(small)).toEqual(readRecipe(big));
    const cut = exif.subarray(0, 100);
    expect(thrown(() => readRecipe(Buffer.from(dropParts(cut))))).toBe(thrown(() => readRecipe(cut)));
    const w = webpWithExif(webp, a1111Exif(PARAMS));
    expect(readRecipe(Buffer.from(dropParts(w)))).toEqual(readRecipe(w));
    const wcut = w.subarray(0, w.length - 10);
    expect(thrown(() => readRecipe(Buffer.from(dropParts(wcut))))).toBe('The WebP is truncated (in its EXIF chunk)');
  });
});

describe('damaged files', () => {
  /** What reading gives: 'ok', or the code of the typed error; anything else (a RangeError from a stray offset) is the bug. */
  const outcome = (bytes: Buffer) => {
    try {
      readRecipe(bytes);
      return 'ok';
    } catch (err) {
      return err instanceof AtelierError ? err.code : `${(err as Error).name}: ${(err as Error).message}`;
    }
  };

  it('answers every cut and every flipped byte with a recipe, none, or BAD_INPUT', () => {
    const files = [jpegWithExif(jpeg, a1111Exif(PARAMS)), webpWithExif(webp, a1111Exif(PARAMS)), jpegWithExif(jpeg, tiffBytes(true, [ascii(TAG.ImageDescription, PARAMS)]))];
    const seen = new Set<string>();
    let state = 20261129;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    for (const file of files) {
      for (let n = 0; n < file.length; n++) seen.add(outcome(file.subarray(0, n)));
      for (let i = 0; i < 3000; i++) {
        const bad = Buffer.from(file);
        for (let k = 0; k < 3; k++) bad[next() % bad.length] = next() & 0xff;
        seen.add(outcome(bad));
      }
    }
    expect([...seen].sort()).toEqual(['BAD_INPUT', 'ok']);
  });
});
