// The AUTOMATIC1111 "parameters" text of a JPEG or WebP. A1111 saves it as the EXIF UserComment
// (UTF-16 after "UNICODE\0"); other tools put the same text in ImageDescription, Windows'
// XPComment or a JPEG comment. The first of those that reads as A1111 text (it has the settings
// line, "Steps: …") is the recipe; a camera's "OLYMPUS DIGITAL CAMERA" description is not.
import { parseA1111 } from '../a1111';
import { COM, APP1, exifOfApp1, exifOfWebpChunk, jpegSegments, webpChunks } from './containers';
import { readExifTexts } from './tiff';
import { decodeUtf8 } from './text';

const isParameters = (text: string | null): text is string => text !== null && 'Steps' in (parseA1111(text)?.settings ?? {});

export function parametersOfImage(bytes: Uint8Array, format: 'jpeg' | 'webp'): string | null {
  const tiffs: Uint8Array[] = [];
  const comments: string[] = [];
  if (format === 'jpeg') {
    for (const s of jpegSegments(bytes)) {
      const tiff = s.marker === APP1 ? exifOfApp1(s.payload) : null;
      if (tiff) tiffs.push(tiff);
      if (s.marker === COM) comments.push(decodeUtf8(s.payload).replace(/\0+$/, ''));
    }
  } else {
    for (const c of webpChunks(bytes)) if (c.fourcc === 'EXIF') tiffs.push(exifOfWebpChunk(c.data));
  }
  for (const tiff of tiffs) {
    const t = readExifTexts(tiff);
    const found = [t.userComment, t.imageDescription, t.xpComment].find(isParameters);
    if (found) return found;
  }
  return comments.find(isParameters) ?? null;
}
