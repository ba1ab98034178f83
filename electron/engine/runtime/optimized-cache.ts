// The on-disk cache of optimised graphs. onnxruntime spends much of a session's start optimising
// the graph (constant folding, fusions, layout); with `optimizedModelFilePath` it writes the result,
// and a later load of that file with optimisations off skips the work. An entry is keyed by the
// model file's sha256, the provider, the onnxruntime version, the optimisation level and the CPU
// architecture, so a change to any of them misses and rebuilds. Each entry has a sidecar with its
// own sha256: a truncated or altered entry is deleted and rebuilt, never loaded.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

/** A model as a file path or its bytes. */
export type ModelSource = string | Uint8Array;

let cacheDir: string | null = null;

/** Where entries go; null turns the cache off (the default until the worker is configured). */
export function setOptimizedCacheDir(dir: string | null): void {
  cacheDir = dir;
}

export function optimizedCacheDir(): string | null {
  return cacheDir;
}

/** What the cache did in this process: entries loaded, written, and found corrupt and rebuilt. */
export const cacheStats = { hits: 0, writes: 0, rebuilt: 0, skipped: 0 };

const ortVersion = () => ort.env.versions.node ?? ort.env.versions.common ?? 'unknown';

const hashes = new Map<string, string>();

/** The sha256 of a model (memoised for files by path, size and modification time). */
export function modelSha256(model: ModelSource): string {
  if (typeof model !== 'string') return createHash('sha256').update(model).digest('hex');
  const s = statSync(model);
  const key = `${model}\u0000${s.size}\u0000${s.mtimeMs}`;
  let sha = hashes.get(key);
  if (!sha) {
    sha = createHash('sha256').update(readFileSync(model)).digest('hex');
    hashes.set(key, sha);
  }
  return sha;
}

/** Level 'all' may bake in CPU-specific layouts: the CPU model is part of the key too. */
const machine = () => `${process.arch}-${createHash('sha256').update(cpus()[0]?.model ?? 'cpu').digest('hex').slice(0, 8)}`;

/** The entry's file name: every part of the key is in it, so any change is a different entry. */
export function entryName(sha256: string, provider: string, level: string): string {
  return `${sha256}.${provider}.ort-${ortVersion()}.${level}.${machine()}.onnx`;
}

/**
 * A model the cache cannot hold whole: one with external data beside it (the optimised file
 * would have to carry gigabytes inline), or a file near protobuf's 2 GiB limit.
 */
function tooBigToCache(model: ModelSource): boolean {
  if (typeof model !== 'string') return model.byteLength > 1.5 * 2 ** 30;
  if (statSync(model).size > 1.5 * 2 ** 30) return true;
  const stem = basename(model);
  return readdirSync(dirname(model)).some((f) => f !== stem && (f.startsWith(`${stem}_data`) || f.startsWith(`${stem}.data`) || f.endsWith('.onnx_data')));
}

interface Sidecar {
  sha256: string;
  size: number;
  source: string;
  provider: string;
  ort: string;
}

/** The cached entry's bytes when its sidecar vouches for them; otherwise the entry is removed. */
function readEntry(file: string): Uint8Array | null {
  const side = `${file}.json`;
  if (!existsSync(file)) return null;
  try {
    const meta = JSON.parse(readFileSync(side, 'utf8')) as Sidecar;
    const bytes = readFileSync(file);
    if (bytes.length === meta.size && createHash('sha256').update(bytes).digest('hex') === meta.sha256) return bytes;
  } catch {
    /* unreadable sidecar: treated as corrupt below */
  }
  rmSync(file, { force: true });
  rmSync(side, { force: true });
  cacheStats.rebuilt++;
  return null;
}

/**
 * Opens a session for `provider`, from the cached optimised graph when there is a sound one, else
 * from the model itself while writing the optimised graph for next time.
 */
export async function openCached(model: ModelSource, provider: string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  const open = (m: ModelSource, o: ort.InferenceSession.SessionOptions) =>
    typeof m === 'string' ? ort.InferenceSession.create(m, o) : ort.InferenceSession.create(m, o);
  const level = options.graphOptimizationLevel ?? 'all';
  if (!cacheDir || level === 'disabled' || tooBigToCache(model)) {
    cacheStats.skipped++;
    return open(model, options);
  }
  const sha = modelSha256(model);
  const file = join(cacheDir, entryName(sha, provider, level));
  const cached = readEntry(file);
  if (cached) {
    try {
      const session = await open(cached, { ...options, graphOptimizationLevel: 'disabled' });
      cacheStats.hits++;
      return session;
    } catch {
      // onnxruntime refused it (a file that hashes right but does not load): rebuild.
      rmSync(file, { force: true });
      rmSync(`${file}.json`, { force: true });
      cacheStats.rebuilt++;
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  // Written under a temporary name and renamed: a crash mid-write never leaves a half entry.
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
  // (Warning-level logs off: onnxruntime warns that an 'all' graph is machine-specific — the key says so.)
  const session = await open(model, { ...options, optimizedModelFilePath: tmp, logSeverityLevel: 3 });
  try {
    if (existsSync(tmp)) {
      const bytes = readFileSync(tmp);
      const meta: Sidecar = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, source: sha, provider, ort: ortVersion() };
      writeFileSync(`${file}.json`, JSON.stringify(meta));
      renameSync(tmp, file);
      cacheStats.writes++;
    }
  } catch {
    rmSync(tmp, { force: true });
  }
  return session;
}

/** The cache's entries and their total size (settings shows it). */
export function cacheUsage(dir = cacheDir): { entries: number; bytes: number } {
  if (!dir || !existsSync(dir)) return { entries: 0, bytes: 0 };
  let entries = 0;
  let bytes = 0;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.onnx')) continue;
    entries++;
    bytes += statSync(join(dir, f)).size;
  }
  return { entries, bytes };
}
