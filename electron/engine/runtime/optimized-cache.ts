// The on-disk cache of optimised graphs. onnxruntime spends much of a session's start optimising
// the graph (constant folding, fusions, layout); with `optimizedModelFilePath` it writes the result,
// and a later load of that file with optimisations off skips the work. An entry is keyed by the
// model file's sha256, the provider, the onnxruntime version, the optimisation level and the CPU
// architecture, so a change to any of them misses and rebuilds. Each entry has a sidecar with its
// size and a digest of sampled blocks (head, tail and evenly spaced 64 KiB blocks — hashing the
// whole entry cost more than the optimisation saves on big models): a truncated, overwritten or
// garbled entry is deleted and rebuilt, never loaded.
//
// Small graphs skip the cache: below MIN_CACHED_NODES nodes, optimising costs a few milliseconds
// and reading the entry and its digest costs as much or more (tests/bench/README.md, bench:models:
// the 20-node starter GAN loaded 0.47–0.66× as fast from the cache, the 25-node ESRGANs 0.83–1.03×;
// GPT-2-shaped graphs from 55 nodes up loaded 1.15–2.4× faster in most runs).
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { open as openFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { countGraphNodes } from '../../models/onnx-operators';
import { reportLoadStage, reportServed } from './load-progress';

/** A model as a file path or its bytes. */
export type ModelSource = string | Uint8Array;

let cacheDir: string | null = null;

/** Where entries go; null turns the cache off (the default until the worker is configured). */
export function setOptimizedCacheDir(dir: string | null): void {
  if (dir !== cacheDir) hashes = null;
  cacheDir = dir;
}

export function optimizedCacheDir(): string | null {
  return cacheDir;
}

/** Graphs with fewer nodes than this load directly: the cache does not pay for them (measured, see above). */
export const MIN_CACHED_NODES = 50;
let minNodes = MIN_CACHED_NODES;

/** Changes the threshold (tests of the cache's mechanics use tiny graphs and set 0). */
export function setOptimizedCacheMinNodes(n: number): void {
  minNodes = n;
}

/** True when the graph is too small for its cached form to load faster than optimising it anew. */
function tooSmallToPay(model: ModelSource): boolean {
  if (minNodes <= 0) return false;
  try {
    return countGraphNodes(model) < minNodes;
  } catch {
    return false; // unreadable here: onnxruntime says why when it opens it
  }
}

/** What the cache did in this process: entries loaded, written, and found corrupt and rebuilt. */
export const cacheStats = { hits: 0, writes: 0, rebuilt: 0, skipped: 0 };

const ortVersion = () => ort.env.versions.node ?? ort.env.versions.common ?? 'unknown';

const known = new WeakMap<Uint8Array, string>();

/** Tells the cache a model's sha256 its loader computed anyway (the text loader hashes for the recipe). */
export function rememberSha256(bytes: Uint8Array, sha256: string): void {
  known.set(bytes, sha256);
}

const HASHES_FILE = 'source-hashes.json';
let hashes: Map<string, string> | null = null;

/** Source hashes by path, size and modification time, kept beside the entries across restarts. */
function hashMemo(): Map<string, string> {
  if (hashes) return hashes;
  hashes = new Map();
  try {
    if (cacheDir) for (const [k, v] of Object.entries(JSON.parse(readFileSync(join(cacheDir, HASHES_FILE), 'utf8')) as Record<string, string>)) hashes.set(k, v);
  } catch {
    /* none yet, or unreadable: rebuilt as models load */
  }
  return hashes;
}

/** The sha256 of a model (for files, memoised by path, size and modification time). */
export function modelSha256(model: ModelSource): string {
  if (typeof model !== 'string') return known.get(model) ?? createHash('sha256').update(model).digest('hex');
  const s = statSync(model);
  const key = `${model}\u0000${s.size}\u0000${s.mtimeMs}`;
  const memo = hashMemo();
  let sha = memo.get(key);
  if (!sha) {
    sha = createHash('sha256').update(readFileSync(model)).digest('hex');
    memo.set(key, sha);
    saveMemo(memo);
  }
  return sha;
}

const HASH_CHUNK = 8 * 2 ** 20;

/**
 * modelSha256 for a file, read in chunks so the waiting job sees "Checking model files" advance
 * (bytes of total) and the worker stays responsive; memoised like modelSha256.
 */
export async function fileSha256(path: string): Promise<string> {
  const s = statSync(path);
  const key = `${path}\u0000${s.size}\u0000${s.mtimeMs}`;
  const memo = hashMemo();
  const known = memo.get(key);
  if (known) return known;
  const h = createHash('sha256');
  const fh = await openFile(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(HASH_CHUNK, Math.max(1, s.size)));
    let at = 0;
    reportLoadStage('checking', { file: basename(path), bytesDone: 0, bytesTotal: s.size });
    while (at < s.size) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      at += bytesRead;
      reportLoadStage('checking', { file: basename(path), bytesDone: at, bytesTotal: s.size });
    }
  } finally {
    await fh.close();
  }
  const sha = h.digest('hex');
  memo.set(key, sha);
  saveMemo(memo);
  return sha;
}

function saveMemo(memo: Map<string, string>): void {
  if (!cacheDir) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, HASHES_FILE), JSON.stringify(Object.fromEntries(memo)));
  } catch {
    /* only a memo */
  }
}

const BLOCK = 64 * 1024;
const EDGE = 1024 * 1024;
const SAMPLES = 32;

/** sha256 over the size, the first and last MiB and evenly spaced 64 KiB blocks of a file. */
export function entryDigest(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const h = createHash('sha256').update(String(size));
    const read = (pos: number, n: number) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(n, size - pos)));
      const got = buf.length ? readSync(fd, buf, 0, buf.length, pos) : 0;
      h.update(buf.subarray(0, got));
    };
    if (size <= 2 * EDGE + SAMPLES * BLOCK) read(0, size);
    else {
      read(0, EDGE);
      for (let i = 1; i <= SAMPLES; i++) read(Math.floor(((size - BLOCK) * i) / (SAMPLES + 1)), BLOCK);
      read(size - EDGE, EDGE);
    }
    return h.digest('hex');
  } finally {
    closeSync(fd);
  }
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
  digest: string;
  size: number;
  source: string;
  provider: string;
  ort: string;
}

/** True when the entry exists and its sidecar vouches for it; an entry that fails is removed. */
function soundEntry(file: string): boolean {
  const side = `${file}.json`;
  if (!existsSync(file)) return false;
  try {
    const meta = JSON.parse(readFileSync(side, 'utf8')) as Sidecar;
    if (statSync(file).size === meta.size && entryDigest(file) === meta.digest) return true;
  } catch {
    /* unreadable sidecar: treated as corrupt below */
  }
  rmSync(file, { force: true });
  rmSync(side, { force: true });
  cacheStats.rebuilt++;
  return false;
}

/**
 * Opens a session for `provider`, from the cached optimised graph when there is a sound one, else
 * from the model itself while writing the optimised graph for next time.
 */
export async function openCached(model: ModelSource, provider: string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  const open = (m: ModelSource, o: ort.InferenceSession.SessionOptions) =>
    typeof m === 'string' ? ort.InferenceSession.create(m, o) : ort.InferenceSession.create(m, o);
  const level = options.graphOptimizationLevel ?? 'all';
  const fileName = typeof model === 'string' ? basename(model) : null;
  if (!cacheDir || level === 'disabled' || tooBigToCache(model) || tooSmallToPay(model)) {
    cacheStats.skipped++;
    reportServed('direct');
    reportLoadStage('session', { file: fileName, provider });
    return open(model, options);
  }
  const sha = typeof model === 'string' ? await fileSha256(model) : modelSha256(model);
  const file = join(cacheDir, entryName(sha, provider, level));
  if (soundEntry(file)) {
    try {
      reportLoadStage('cached', { file: fileName, provider });
      const session = await open(file, { ...options, graphOptimizationLevel: 'disabled' });
      reportServed('cache');
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
  reportLoadStage('optimising', { file: fileName, provider });
  reportServed('optimised');
  const session = await open(model, { ...options, optimizedModelFilePath: tmp, logSeverityLevel: 3 });
  try {
    if (existsSync(tmp)) {
      const meta: Sidecar = { digest: entryDigest(tmp), size: statSync(tmp).size, source: sha, provider, ort: ortVersion() };
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
