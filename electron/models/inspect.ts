// Looking at a model folder without running anything: which files it has (following links, refusing
// loops and links out of the allowed folders), what kind of model it is, and the facts the library
// shows (architecture, quantisation, licence, model card). Hashing and copying live here too.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { ModelFile, ModelKind } from '../../shared/contract/models';
import { AtelierError } from '../../shared/errors';

export interface ScannedFile {
  /** Relative to the folder, with forward slashes. */
  path: string;
  /** The real file (links resolved). */
  abs: string;
  size: number;
}

/** Most files a model folder may have; a folder with more is not a model (a home folder, a drive). */
export const MAX_FILES = 5000;

/** True when `path` is `root` or inside it (both real, absolute paths). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

function statError(err: unknown, what: string): AtelierError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return new AtelierError('BAD_INPUT', `${what} is a symlink loop (it links back to itself)`);
  if (code === 'ENOENT') return new AtelierError('BAD_INPUT', `${what} does not exist`);
  if (code === 'EACCES' || code === 'EPERM') return new AtelierError('BAD_INPUT', `${what} cannot be read (permission denied)`);
  return new AtelierError('BAD_INPUT', `${what} cannot be read (${(err as Error).message})`);
}

/**
 * The real path of a folder the user asked to import, checked: it exists, is a folder (links
 * followed, loops refused) and lies inside one of `roots` (null: anywhere).
 */
export function checkImportPath(path: string, roots: string[] | null): string {
  if (path.includes('\0')) throw new AtelierError('BAD_INPUT', 'The path contains a NUL byte; no file name can');
  let real: string;
  try {
    real = realpathSync(path);
  } catch (err) {
    throw statError(err, path);
  }
  if (!statSync(real).isDirectory()) throw new AtelierError('BAD_INPUT', `${path} is not a folder: import the folder that holds the model's files`);
  if (roots && !roots.some((r) => isInside(real, r))) {
    throw new AtelierError('BAD_INPUT', `${path} is outside the folders Atelier may import from (${roots.join(', ')}); set ATELIER_IMPORT_ROOTS to allow more`);
  }
  return real;
}

/**
 * Every regular file under `root` (real path), sorted. Hidden entries (.git, .cache) are skipped.
 * Links are followed, but a link to a folder already being walked is a loop (BAD_INPUT naming it),
 * and with `roots` a link may not lead outside them.
 */
export function scanFolder(root: string, roots: string[] | null = null): ScannedFile[] {
  const out: ScannedFile[] = [];
  const walk = (dir: string, rel: string, ancestors: Set<string>) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw statError(err, rel || root);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      const abs = join(dir, e.name);
      let real = abs;
      if (lstatSync(abs).isSymbolicLink()) {
        try {
          real = realpathSync(abs);
        } catch (err) {
          throw statError(err, relPath);
        }
        if (roots && !roots.some((r) => isInside(real, r))) {
          throw new AtelierError('BAD_INPUT', `${relPath} links to ${real}, outside the folders Atelier may import from`);
        }
      }
      const st = statSync(real);
      if (st.isDirectory()) {
        if (ancestors.has(real)) throw new AtelierError('BAD_INPUT', `${relPath} is a symlink loop (it links back to ${real})`);
        walk(real, relPath, new Set([...ancestors, real]));
      } else if (st.isFile()) {
        out.push({ path: relPath, abs: real, size: st.size });
        if (out.length > MAX_FILES) throw new AtelierError('BAD_INPUT', `${root} has more than ${MAX_FILES} files: that is not a model folder`);
      }
    }
  };
  walk(root, '', new Set([root]));
  return out;
}

const has = (files: ScannedFile[], path: string) => files.some((f) => f.path === path);

export function readJsonFile(path: string, label: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new AtelierError('MODEL_INVALID', `${label} is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AtelierError('MODEL_INVALID', `${label} is not a JSON object`);
  return value as Record<string, unknown>;
}

const KIND_WORDS: Record<ModelKind, string> = {
  text: 'a text model (config.json)',
  diffusion: 'a diffusion pipeline (model_index.json)',
  gan: 'a GAN image generator (atelier.json kind "gan")',
  upscaler: 'an upscaler (atelier.json kind "upscaler")',
};

/**
 * The kind of model a folder holds, from its files, or MODEL_INVALID saying what is missing.
 * With `expected`, a folder of another kind is refused ("an image model imported as text").
 */
export function classifyFolder(dir: string, files: ScannedFile[], expected?: ModelKind): ModelKind {
  if (files.length === 0) throw new AtelierError('MODEL_INVALID', `${dir} is empty: there is nothing to import`);
  let kind: ModelKind | null = null;
  if (has(files, 'model_index.json')) kind = 'diffusion';
  else if (has(files, 'atelier.json')) {
    const card = readJsonFile(join(dir, 'atelier.json'), 'atelier.json');
    const k = card.kind;
    if (k !== 'gan' && k !== 'upscaler' && k !== 'text' && k !== 'diffusion') {
      throw new AtelierError('MODEL_INVALID', `atelier.json: "kind" must be "gan" or "upscaler" (got ${JSON.stringify(k ?? null)})`);
    }
    kind = k;
  } else if (has(files, 'config.json')) kind = 'text';
  if (!kind) {
    const onnx = files.find((f) => f.path.endsWith('.onnx'));
    if (onnx) {
      throw new AtelierError(
        'MODEL_INVALID',
        `${onnx.path}: nothing in ${basename(dir)} says what this model is — a text model needs config.json and tokenizer.json beside onnx/, a pipeline model_index.json, a generator or upscaler an atelier.json`,
      );
    }
    const other = files.find((f) => /\.(safetensors|bin|pt|pth|ckpt|gguf|ggml|h5|tflite)$/i.test(f.path));
    if (other) throw new AtelierError('MODEL_INVALID', `${other.path} is not an ONNX model: Atelier runs ONNX exports (for example made with Hugging Face Optimum)`);
    throw new AtelierError('MODEL_INVALID', `${basename(dir)} has no model files (no .onnx, config.json, model_index.json or atelier.json)`);
  }
  if (expected && expected !== kind) {
    throw new AtelierError('MODEL_INVALID', `${basename(dir)} is ${KIND_WORDS[kind]}, not ${KIND_WORDS[expected]}`);
  }
  return kind;
}

/** Precision hints in ONNX file names, most specific first. */
const QUANT_HINTS: [RegExp, string][] = [
  [/q4f16/i, 'q4f16'],
  [/bnb4/i, 'bnb4'],
  [/(^|[_.-])(q4|int4|4bit)([_.-]|$)/i, 'q4'],
  [/(^|[_.-])uint8([_.-]|$)/i, 'uint8'],
  [/(^|[_.-])(int8|q8|quantized|8bit)([_.-]|$)/i, 'int8'],
  [/(^|[_.-])(fp16|float16|f16)([_.-]|$)/i, 'fp16'],
];

/** fp32 unless the file name hints at a quantisation. */
export function quantisationOf(fileName: string): string {
  const name = basename(fileName);
  return QUANT_HINTS.find(([re]) => re.test(name))?.[1] ?? 'fp32';
}

export interface FolderFacts {
  architecture: string | null;
  quantisation: string | null;
  licence: string | null;
  modelCard: boolean;
}

function licenceFromCard(readme: string): string | null {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readme);
  const m = front ? /^licen[cs]e:\s*["']?([^"'\r\n]+)["']?\s*$/m.exec(front[1] as string) : null;
  return m ? (m[1] as string).trim() : null;
}

const safeJson = (path: string): Record<string, unknown> => {
  try {
    return existsSync(path) ? readJsonFile(path, basename(path)) : {};
  } catch {
    return {};
  }
};
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** What the library shows about a folder, read from its small files; never throws. */
export function folderFacts(dir: string, kind: ModelKind, files: { path: string }[]): FolderFacts {
  const card = safeJson(join(dir, 'atelier.json'));
  const readmePath = ['README.md', 'readme.md', 'MODEL_CARD.md'].map((f) => join(dir, f)).find((p) => existsSync(p));
  let licence = str(card.licence) ?? str(card.license);
  if (!licence && readmePath) {
    try {
      licence = licenceFromCard(readFileSync(readmePath, 'utf8').slice(0, 20_000));
    } catch {
      licence = null;
    }
  }
  if (!licence && files.some((f) => /^(LICEN[CS]E|COPYING)(\.\w+)?$/i.test(f.path))) licence = 'see LICENSE file';
  let architecture: string | null;
  let quantisation: string | null;
  const onnx = files.map((f) => f.path).filter((p) => p.endsWith('.onnx'));
  if (kind === 'text') {
    const config = safeJson(join(dir, 'config.json'));
    const archs = config.architectures;
    architecture = str(config.model_type) ?? (Array.isArray(archs) ? str(archs[0]) : null);
    const variants = [...new Set(onnx.map(quantisationOf))];
    quantisation = variants.length ? variants.join(', ') : null;
  } else if (kind === 'diffusion') {
    architecture = str(safeJson(join(dir, 'model_index.json'))._class_name);
    const unet = onnx.find((p) => p.startsWith('unet/'));
    quantisation = unet ? quantisationOf(unet) : null;
  } else {
    const source = card.source as Record<string, unknown> | undefined;
    architecture = str(card.architecture) ?? (source ? str(source.architecture) : null) ?? kind;
    const file = str(card.file) ?? onnx[0] ?? null;
    quantisation = file ? quantisationOf(file) : null;
  }
  return { architecture, quantisation, licence, modelCard: Boolean(readmePath) };
}

/** sha256 (hex) of a file, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Hashes every scanned file in place. */
export async function hashFiles(files: ScannedFile[]): Promise<ModelFile[]> {
  const out: ModelFile[] = [];
  for (const f of files) out.push({ path: f.path, size: f.size, sha256: await hashFile(f.abs) });
  return out;
}

/** Copies every scanned file under `dest`, hashing the bytes as they are written. */
export async function copyFiles(files: ScannedFile[], dest: string): Promise<ModelFile[]> {
  const out: ModelFile[] = [];
  for (const f of files) {
    const target = join(dest, ...f.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(createReadStream(f.abs), tap, createWriteStream(target, { flags: 'wx', flush: true }));
    out.push({ path: f.path, size, sha256: hash.digest('hex') });
  }
  return out;
}
