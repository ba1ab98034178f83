// A recipe from a dropped image, whatever its format: a PNG's text chunks (Atelier's recipe or
// the AUTOMATIC1111 text), or the A1111 text in a JPEG's or WebP's EXIF.
import { restoreA1111 } from '../../shared/a1111-restore';
import type { RestoredImageRecipe } from '../../shared/contract';
import { AtelierError } from '../../shared/errors';
import { imageFormat } from '../../shared/exif/containers';
import { parametersOfImage } from '../../shared/exif/parameters';
import { restoreRecipe } from '../engine/image/recipe-png';

export function readRecipe(bytes: Buffer): RestoredImageRecipe | null {
  const format = imageFormat(bytes);
  if (format === 'png') return restoreRecipe(bytes);
  if (!format) throw new AtelierError('BAD_INPUT', 'Not a PNG, JPEG or WebP file');
  const text = parametersOfImage(bytes, format);
  return text === null ? null : restoreA1111(text);
}
