// What to tell the user when onnxruntime cannot open a model. Its own words ("protobuf parsing
// failed") name neither the file nor the fix; a model file that was cut or damaged after it was
// imported (a folder imported by reference, an interrupted copy) is read again with the import's
// header check, which says what is wrong with it.
import { existsSync } from 'node:fs';
import { AtelierError } from '../../../shared/errors';
import { OnnxHeaderError, readOnnxHeader } from '../../models/onnx-header';

/** What is wrong with the ONNX file at `path` itself, or null when its header reads whole. */
function fileDamage(path: string): string | null {
  if (!existsSync(path)) return 'it is missing';
  try {
    readOnnxHeader(path);
    return null;
  } catch (err) {
    return err instanceof OnnxHeaderError ? err.message : null;
  }
}

/** MODEL_INVALID naming the file, what is wrong with it and what to do, when the file itself is damaged; else null. */
export function damagedModelFile(path: string): AtelierError | null {
  const damage = fileDamage(path);
  if (!damage) return null;
  return new AtelierError(
    'MODEL_INVALID',
    `The model file ${path} cannot be loaded: ${damage}. Copy the model's files again, or import the model again ` +
      `(for an imported model, Verify on its row in Models, or 'atelier models verify ID', lists every file that changed).`,
  );
}
