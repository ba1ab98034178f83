// A local stand-in for the Hugging Face Hub (127.0.0.1 only), speaking the parts of its HTTP API
// that downloads use: GET /api/models/{repo}/revision/{rev}?blobs=true (sha, siblings with size,
// blobId and lfs.sha256), GET /{repo}/resolve/{rev}/{path} (LFS files: 302 to the storage with
// X-Linked-Etag / X-Linked-Size / X-Repo-Commit; small files served directly with their blob id as
// ETag), and the storage itself with Range support. Faults on demand: cut the connection after N
// bytes of a file, flip a byte, serve slowly; every byte sent is counted per file.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MimicFile {
  content: Uint8Array;
  /** Stored with Git LFS (weights): served through a redirect, verified by sha256. */
  lfs?: boolean;
  /** Claimed size in the listing (to test the disk-space check); the real size otherwise. */
  listedSize?: number;
}

export interface MimicRepo {
  commit: string;
  files: Record<string, MimicFile>;
  gated?: boolean;
}

export interface Faults {
  /** Close the connection after this many bytes of the file (once per entry). */
  cutAfter?: Record<string, number>;
  /** Serve this byte offset of the file with its bits flipped. */
  corruptAt?: Record<string, number>;
  /** Bytes per chunk and pause between chunks, to watch progress or stop midway. */
  chunkBytes?: number;
  chunkDelayMs?: number;
}

export interface HubMimic {
  url: string;
  repos: Map<string, MimicRepo>;
  faults: Faults;
  /** Body bytes sent per file path (storage and direct). */
  sent: Map<string, number>;
  /** Every request: method, path, Range header. */
  requests: { method: string; path: string; range: string | null }[];
  close(): Promise<void>;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const blobId = (b: Uint8Array) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startHubMimic(repos: Record<string, MimicRepo>): Promise<HubMimic> {
  const state: HubMimic = {
    url: '',
    repos: new Map(Object.entries(repos)),
    faults: {},
    sent: new Map(),
    requests: [],
    close: async () => {},
  };
  const byHash = new Map<string, { path: string; file: MimicFile }>();
  const index = () => {
    byHash.clear();
    for (const repo of state.repos.values()) for (const [path, file] of Object.entries(repo.files)) byHash.set(sha256(file.content), { path, file });
  };

  const serveBytes = async (req: IncomingMessage, res: ServerResponse, path: string, file: MimicFile, headers: Record<string, string>) => {
    const size = file.content.length;
    let start = 0;
    const range = req.headers.range ? /^bytes=(\d+)-$/.exec(req.headers.range) : null;
    if (range) {
      start = Number(range[1]);
      if (start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        return res.end();
      }
      res.writeHead(206, { ...headers, 'accept-ranges': 'bytes', 'content-length': String(size - start), 'content-range': `bytes ${start}-${size - 1}/${size}` });
    } else {
      res.writeHead(200, { ...headers, 'accept-ranges': 'bytes', 'content-length': String(size) });
    }
    if (req.method === 'HEAD') return res.end();
    let body = Buffer.from(file.content);
    const corrupt = state.faults.corruptAt?.[path];
    if (corrupt !== undefined) {
      body = Buffer.from(body);
      body[corrupt] = (body[corrupt] as number) ^ 0xff;
    }
    const cut = state.faults.cutAfter?.[path];
    const chunk = state.faults.chunkBytes ?? 64 * 1024;
    for (let at = start; at < size; at += chunk) {
      let piece = body.subarray(at, Math.min(size, at + chunk));
      if (cut !== undefined && at + piece.length > cut) {
        piece = piece.subarray(0, Math.max(0, cut - at));
        delete state.faults.cutAfter?.[path];
        if (piece.length) await new Promise<void>((r) => res.write(piece, () => r()));
        state.sent.set(path, (state.sent.get(path) ?? 0) + piece.length);
        // Give the bytes time to leave, then drop the connection mid-body.
        await new Promise((r) => setTimeout(r, 20));
        res.socket?.destroy();
        return;
      }
      if (res.destroyed) return;
      await new Promise<void>((r) => res.write(piece, () => r()));
      state.sent.set(path, (state.sent.get(path) ?? 0) + piece.length);
      if (state.faults.chunkDelayMs) await new Promise((r) => setTimeout(r, state.faults.chunkDelayMs));
    }
    res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    state.requests.push({ method: req.method ?? 'GET', path: url.pathname, range: req.headers.range ?? null });
    const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);

    // GET /api/models/{owner}/{name}/revision/{rev}
    if (parts[0] === 'api' && parts[1] === 'models' && parts[4] === 'revision') {
      const repo = state.repos.get(`${parts[2]}/${parts[3]}`);
      const rev = parts.slice(5).join('/');
      if (!repo) return json(res, 404, { error: 'Repository not found' });
      if (repo.gated && req.headers.authorization !== 'Bearer hf_test_token') return json(res, 401, { error: 'Access to this repository is restricted' });
      if (rev !== 'main' && rev !== repo.commit) return json(res, 404, { error: `Invalid rev id: ${rev}` });
      const blobs = url.searchParams.get('blobs') === 'true';
      return json(res, 200, {
        id: `${parts[2]}/${parts[3]}`,
        sha: repo.commit,
        siblings: Object.entries(repo.files).map(([rfilename, f]) => ({
          rfilename,
          ...(blobs
            ? {
                size: f.listedSize ?? f.content.length,
                blobId: blobId(f.content),
                ...(f.lfs ? { lfs: { sha256: sha256(f.content), size: f.listedSize ?? f.content.length, pointerSize: 134 } } : {}),
              }
            : {}),
        })),
      });
    }

    // GET /{owner}/{name}/resolve/{rev}/{path...}
    if (parts[2] === 'resolve') {
      const repo = state.repos.get(`${parts[0]}/${parts[1]}`);
      if (!repo) return json(res, 404, { error: 'Repository not found' });
      const rev = parts[3];
      const path = parts.slice(4).join('/');
      const file = repo.files[path];
      if ((rev !== 'main' && rev !== repo.commit) || !file) return json(res, 404, { error: 'Entry not found' });
      if (file.lfs) {
        const hash = sha256(file.content);
        res.writeHead(302, {
          location: `/storage/${hash}?signature=abc&expires=9999999999`,
          'x-linked-etag': `"${hash}"`,
          'x-linked-size': String(file.content.length),
          'x-repo-commit': repo.commit,
          etag: `"${blobId(file.content)}"`,
        });
        return res.end();
      }
      return serveBytes(req, res, path, file, { etag: `"${blobId(file.content)}"`, 'x-repo-commit': repo.commit });
    }

    // GET /storage/{sha256}: the LFS storage the resolve URL redirects to.
    if (parts[0] === 'storage') {
      index();
      const hit = byHash.get(parts[1] ?? '');
      if (!hit) return json(res, 404, { error: 'NoSuchKey' });
      return serveBytes(req, res, hit.path, hit.file, { etag: `"${parts[1]}"` });
    }
    json(res, 404, { error: 'Not found' });
  };

  index();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
