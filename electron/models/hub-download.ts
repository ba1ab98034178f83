// Downloads a repository's files: each from /{repo}/resolve/{commit}/{path} following the redirect
// to the LFS storage, resumed with HTTP Range after a cut or a restart, and verified (sha256 for LFS
// files, the git blob id for small ones) before it is renamed from .part to its name. A partial
// file is never "done".
import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, statfsSync, truncateSync, writeSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import type { ModelFile } from '../../shared/contract/models';
import { AtelierError } from '../../shared/errors';
import { errorText, get, header, httpError, type HubOptions } from './hub-http';
import type { HubFile } from './hub';

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
