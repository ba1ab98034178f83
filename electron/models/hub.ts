// Downloads a model repository from a Hugging Face Hub (or anything speaking its HTTP API): the file
// list from /api/models/{repo}/revision/{rev}?blobs=true (sizes, LFS sha256, git blob ids), each
// file from /{repo}/resolve/{commit}/{path} following the redirect to the LFS storage, resumed
// with HTTP Range after a cut or a restart, and verified (sha256 for LFS files, the git blob id
// for small ones) before it is renamed from .part to its name. A partial file is never "done".
import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, statfsSync, truncateSync, writeSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, join } from 'node:path';
import type { ModelFile } from '../../shared/contract/models';
import { AtelierError } from '../../shared/errors';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** The Hub to talk to: ATELIER_HUB_ENDPOINT, else HF_ENDPOINT (the Hub's own variable), else the Hub. */
export function hubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.ATELIER_HUB_ENDPOINT || env.HF_ENDPOINT || DEFAULT_ENDPOINT).replace(/\/+$/, '');
}

export interface HubFile {
  path: string;
  size: number;
  /** sha256 of the content for LFS files (the Hub's lfs.sha256 / X-Linked-Etag). */
  sha256: string | null;
  /** The git blob id (sha1 of "blob <size>\0" + content) for files stored in git. */
  blobId: string | null;
}

export interface HubListing {
  repo: string;
  commit: string;
  files: HubFile[];
}

export interface HubOptions {
  endpoint: string;
  token?: string;
  signal?: AbortSignal;
}

const REPO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
export const isRepoId = (s: string) => REPO.test(s) && !s.includes('..');

function httpError(status: number, what: string, body: string): AtelierError {
  if (status === 401 || status === 403) return new AtelierError('BAD_INPUT', `${what}: access denied (${status}); the repository may be gated or private — set HF_TOKEN`);
  if (status === 404) return new AtelierError('NOT_FOUND', `${what}: not found (404)${body ? ` — ${body.slice(0, 200)}` : ''}`);
  return new AtelierError('INTERNAL', `${what}: the server answered ${status}${body ? ` — ${body.slice(0, 200)}` : ''}`);
}

function authHeaders(opts: HubOptions, url: string): Record<string, string> {
  // The token goes only to the Hub itself, never to the storage it redirects to.
  return opts.token && new URL(url).origin === new URL(opts.endpoint).origin ? { authorization: `Bearer ${opts.token}` } : {};
}

/**
 * One GET with node's http(s) — not fetch: every chunk that arrived is handed over before a cut
 * connection is reported, so a resume starts exactly after the last byte written to disk.
 */
function send(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AtelierError('CANCELLED', 'Cancelled'));
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return reject(new AtelierError('BAD_INPUT', `Unsupported URL ${url}`));
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(u, { headers: { 'user-agent': 'atelier', ...headers }, signal });
    req.on('response', resolve);
    req.on('error', (err) => reject(signal?.aborted ? new AtelierError('CANCELLED', 'Cancelled') : err));
    req.end();
  });
}

async function readText(res: IncomingMessage, max = 1 << 20): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > max) throw new AtelierError('INTERNAL', 'The server sent an oversized answer');
  }
  return text;
}

async function errorText(res: IncomingMessage): Promise<string> {
  try {
    const text = await readText(res, 64 * 1024);
    try {
      const j = JSON.parse(text) as { error?: unknown };
      return typeof j.error === 'string' ? j.error : text;
    } catch {
      return text;
    }
  } catch {
    return '';
  }
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * A file name from a listing that stays inside the download folder on every system: relative,
 * '/'-separated, no '.' / '..' / empty segments, no backslash (a separator on Windows), no ':'
 * (drive letters, NTFS streams), no control characters. Anything else is left out of the download.
 */
export function isSafeRepoPath(path: unknown): path is string {
  if (typeof path !== 'string' || path.length === 0 || path.length > 1024) return false;
  if (/[\\:\u0000-\u001f\u007f]/.test(path)) return false;
  return path.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}

/** The files of `repo` at `revision` with sizes and hashes, pinned to the commit it points at. */
export async function listRepo(repo: string, revision: string, opts: HubOptions): Promise<HubListing> {
  const url = `${opts.endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
  const { res } = await get(url, {}, opts);
  const status = res.statusCode ?? 0;
  if (status !== 200) throw httpError(status, `${repo}@${revision}`, await errorText(res));
  let body: { sha?: unknown; siblings?: unknown };
  try {
    body = JSON.parse(await readText(res, 64 << 20)) as typeof body;
  } catch (err) {
    if (err instanceof AtelierError) throw err;
    throw new AtelierError('INTERNAL', `${repo}@${revision}: the Hub's answer is not JSON`);
  }
  if (typeof body.sha !== 'string' || !Array.isArray(body.siblings)) throw new AtelierError('INTERNAL', `${repo}@${revision}: the Hub's answer has no sha/siblings`);
  const files: HubFile[] = [];
  for (const s of body.siblings as Record<string, unknown>[]) {
    const path = s.rfilename;
    if (!isSafeRepoPath(path)) continue;
    const lfs = s.lfs as { sha256?: unknown; size?: unknown } | undefined;
    const size = typeof lfs?.size === 'number' ? lfs.size : typeof s.size === 'number' ? s.size : null;
    if (size === null) throw new AtelierError('INTERNAL', `${repo}: the Hub did not give the size of ${path} (the listing needs ?blobs=true)`);
    files.push({
      path,
      size,
      sha256: typeof lfs?.sha256 === 'string' ? lfs.sha256 : null,
      blobId: typeof s.blobId === 'string' ? s.blobId : null,
    });
  }
  return { repo, commit: body.sha, files };
}

/** Glob → RegExp: `*` within a path segment, `**` across segments, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const NOT_ONNX_WEIGHTS = /\.(safetensors|bin|pt|pth|ckpt|h5|msgpack|gguf|ot|tflite)$|(^|\/)\.gitattributes$/i;

/**
 * The files to fetch: those matching any `include` glob (all by default). Without globs, other
 * frameworks' weights are skipped when the repository has ONNX files (a repo often has both).
 */
export function selectFiles(files: HubFile[], include: string[]): HubFile[] {
  if (include.length) {
    const res = include.map(globToRegExp);
    return files.filter((f) => res.some((r) => r.test(f.path)));
  }
  const hasOnnx = files.some((f) => f.path.endsWith('.onnx'));
  return hasOnnx ? files.filter((f) => !NOT_ONNX_WEIGHTS.test(f.path)) : files;
}

export interface DownloadProgress {
  /** Bytes on disk for the whole download (resumed bytes included). */
  done: number;
  total: number;
  /** Bytes fetched over the network in this run. */
  fetched: number;
  file: string;
}

export interface DownloadOptions extends HubOptions {
  onProgress?: (p: DownloadProgress) => void;
  /** Attempts per file after a cut connection (each resumes from what is on disk). */
  retries?: number;
  retryDelayMs?: number;
}

const partPath = (dest: string, f: HubFile) => `${join(dest, ...f.path.split('/'))}.part`;
const finalPath = (dest: string, f: HubFile) => join(dest, ...f.path.split('/'));

/** Bytes still to fetch for `files` into `dest` (complete files count as done). */
export function bytesOnDisk(dest: string, files: HubFile[]): number {
  let n = 0;
  for (const f of files) {
    const fin = finalPath(dest, f);
    const part = partPath(dest, f);
    if (existsSync(fin) && statSync(fin).size === f.size) n += f.size;
    else if (existsSync(part)) n += Math.min(statSync(part).size, f.size);
  }
  return n;
}

/** Refuses a download that would not fit on the disk (with a margin for the rest of the system). */
export function checkDiskSpace(dest: string, needBytes: number): void {
  mkdirSync(dest, { recursive: true });
  const s = statfsSync(dest);
  const free = s.bavail * s.bsize;
  const margin = 512 * 2 ** 20;
  if (needBytes + margin > free) {
    const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;
    throw new AtelierError('BAD_INPUT', `Not enough disk space: the download needs ${gib(needBytes)} more and ${gib(free)} is free in ${dest}`);
  }
}

function blobHash(size: number): Hash {
  return createHash('sha1').update(`blob ${size}\0`);
}

async function hashExisting(path: string, hashes: Hash[]): Promise<void> {
  for await (const chunk of createReadStream(path)) for (const h of hashes) h.update(chunk as Buffer);
}

/** GET with redirects followed by hand: the token stays with the Hub; headers of the first hop are kept. */
async function get(url: string, headers: Record<string, string>, opts: HubOptions): Promise<{ res: IncomingMessage; first: IncomingHttpHeaders }> {
  let current = url;
  let first: IncomingHttpHeaders | null = null;
  for (let hop = 0; hop < 6; hop++) {
    const res = await send(current, { ...headers, ...authHeaders(opts, current) }, opts.signal);
    first ??= res.headers;
    const location = header(res.headers, 'location');
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && location) {
      res.resume();
      current = new URL(location, current).href;
      continue;
    }
    return { res, first };
  }
  throw new AtelierError('INTERNAL', `Too many redirects for ${url}`);
}

/** Appends the body to `part` chunk by chunk as it arrives; resolves with the bytes written. */
function writeBody(res: IncomingMessage, part: string, append: boolean, room: number, report: (bytes: number) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const fd = openSync(part, append ? 'a' : 'w');
    let written = 0;
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (err) reject(err);
      else resolve(written);
    };
    res.on('data', (chunk: Buffer) => {
      if (settled) return;
      const slice = chunk.length > room - written ? chunk.subarray(0, Math.max(0, room - written)) : chunk;
      if (slice.length) {
        writeSync(fd, slice);
        written += slice.length;
        report(slice.length);
      }
    });
    res.on('end', () => finish(res.complete ? null : new Error(`connection closed after ${written} bytes`)));
    res.on('error', (err) => finish(err));
    res.on('close', () => finish(res.complete ? null : new Error(`connection closed after ${written} bytes`)));
  });
}

function cancelled(signal?: AbortSignal): boolean {
  return Boolean(signal?.aborted);
}

/**
 * Fetches one file into `dest` (`<path>.part` until verified, then renamed). Resumes from the
 * bytes already in the .part file; after a cut it resumes again, up to `retries` times. A hash
 * mismatch deletes the .part file and throws MODEL_INVALID naming the file.
 */
export async function downloadFile(repo: string, commit: string, f: HubFile, dest: string, opts: DownloadOptions, report: (bytes: number) => void): Promise<ModelFile> {
  const fin = finalPath(dest, f);
  const part = partPath(dest, f);
  mkdirSync(dirname(fin), { recursive: true });
  if (existsSync(fin)) {
    // Only verified files are ever renamed to their name; a wrong size means someone touched it.
    if (statSync(fin).size === f.size) return { path: f.path, size: f.size, sha256: f.sha256 ?? (await sha256Of(fin)) };
    rmSync(fin);
  }
  const url = `${opts.endpoint}/${repo}/resolve/${commit}/${f.path.split('/').map(encodeURIComponent).join('/')}`;
  const retries = opts.retries ?? 5;
  let lastError: unknown = null;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (cancelled(opts.signal)) throw new AtelierError('CANCELLED', 'Cancelled');
    let have = existsSync(part) ? statSync(part).size : 0;
    if (have > f.size) {
      truncateSync(part, 0);
      have = 0;
    }
    try {
      if (have < f.size) {
        const { res, first } = await get(url, have > 0 ? { range: `bytes=${have}-` } : {}, opts);
        const status = res.statusCode ?? 0;
        if (status === 416) {
          // Nothing left to send: the .part file is complete (or wrong); the hash decides below.
          res.resume();
        } else if (status >= 500) {
          res.resume();
          // Transient on the server's side: retried like a cut connection.
          throw new Error(`the server answered ${status}`);
        } else if (status !== 200 && status !== 206) {
          throw httpError(status, `${repo}: ${f.path}`, await errorText(res));
        } else {
          const linked = header(first, 'x-linked-etag')?.replace(/"/g, '');
          if (linked && f.sha256 && linked !== f.sha256) {
            res.resume();
            throw new AtelierError('INTERNAL', `${f.path}: the Hub lists sha256 ${f.sha256} but serves ${linked}`);
          }
          if (status === 206) {
            const range = /^bytes (\d+)-/.exec(header(res.headers, 'content-range') ?? '');
            if (!range || Number(range[1]) !== have) {
              res.resume();
              throw new AtelierError('INTERNAL', `${f.path}: the server resumed at the wrong offset (${header(res.headers, 'content-range')})`);
            }
          } else if (have > 0) {
            // The server ignored the Range: start over.
            have = 0;
          }
          const start = have;
          try {
            have = start + (await writeBody(res, part, start > 0, f.size - start, report));
          } catch (err) {
            // What arrived before the cut is on disk; the next attempt resumes after it.
            have = existsSync(part) ? statSync(part).size : 0;
            throw err;
          }
        }
      }
      if (have < f.size) throw new Error(`connection closed after ${have} of ${f.size} bytes`);
      // Complete: verify every byte against what the Hub recorded.
      const sha = createHash('sha256');
      const blob = blobHash(f.size);
      await hashExisting(part, [sha, blob]);
      const digest = sha.digest('hex');
      const blobId = blob.digest('hex');
      const expected = f.sha256 ?? null;
      if ((expected && digest !== expected) || (!expected && f.blobId && blobId !== f.blobId)) {
        rmSync(part, { force: true });
        throw new AtelierError(
          'MODEL_INVALID',
          expected
            ? `${f.path}: sha256 mismatch (expected ${expected}, got ${digest}); the file was discarded`
            : `${f.path}: git blob id mismatch (expected ${f.blobId}, got ${blobId}); the file was discarded`,
        );
      }
      renameSync(part, fin);
      return { path: f.path, size: f.size, sha256: digest };
    } catch (err) {
      if (err instanceof AtelierError || cancelled(opts.signal)) {
        if (cancelled(opts.signal)) throw new AtelierError('CANCELLED', 'Cancelled');
        throw err;
      }
      lastError = err;
      await new Promise((r) => setTimeout(r, (opts.retryDelayMs ?? 500) * (attempt + 1)));
    }
  }
  throw new AtelierError('INTERNAL', `${f.path}: the download kept failing (${(lastError as Error)?.message ?? 'unknown error'}); run it again to resume`);
}

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  await hashExisting(path, [h]);
  return h.digest('hex');
}

/** Fetches every file (resuming), reporting progress over the whole set. */
export async function downloadFiles(repo: string, commit: string, files: HubFile[], dest: string, opts: DownloadOptions): Promise<{ files: ModelFile[]; fetched: number }> {
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = bytesOnDisk(dest, files);
  let fetched = 0;
  const out: ModelFile[] = [];
  for (const f of files) {
    opts.onProgress?.({ done, total, fetched, file: f.path });
    const record = await downloadFile(repo, commit, f, dest, opts, (bytes) => {
      done += bytes;
      fetched += bytes;
      opts.onProgress?.({ done, total, fetched, file: f.path });
    });
    // Re-count from the disk (a server that ignored Range makes a file start over).
    done = bytesOnDisk(dest, files);
    out.push(record);
  }
  opts.onProgress?.({ done: total, total, fetched, file: '' });
  return { files: out, fetched };
}
