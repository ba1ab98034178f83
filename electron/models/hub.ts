// A model repository on a Hugging Face Hub: its files at a revision, from
// /api/models/{repo}/revision/{rev}?blobs=true (sizes, LFS sha256, git blob ids), pinned to the
// commit the revision points at; and which of them to fetch. The download is hub-download.ts.
import { AtelierError } from '../../shared/errors';
import { errorText, get, httpError, readText, type HubOptions } from './hub-http';

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

const REPO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
export const isRepoId = (s: string) => REPO.test(s) && !s.includes('..');

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
