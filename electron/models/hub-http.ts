// Talking to a Hugging Face Hub (or anything speaking its HTTP API): which one, one GET with its
// redirects followed by hand (the token stays with the Hub), its answers read and its errors worded.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AtelierError } from '../../shared/errors';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** The Hub to talk to: ATELIER_HUB_ENDPOINT, else HF_ENDPOINT (the Hub's own variable), else the Hub. */
export function hubEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return (env.ATELIER_HUB_ENDPOINT || env.HF_ENDPOINT || DEFAULT_ENDPOINT).replace(/\/+$/, '');
}

export interface HubOptions {
  endpoint: string;
  token?: string;
  signal?: AbortSignal;
}

export function httpError(status: number, what: string, body: string): AtelierError {
  if (status === 401 || status === 403) return new AtelierError('BAD_INPUT', `${what}: access denied (${status}); the repository may be gated or private — set HF_TOKEN`);
  if (status === 404) return new AtelierError('NOT_FOUND', `${what}: not found (404)${body ? ` — ${body.slice(0, 200)}` : ''}`);
  return new AtelierError('INTERNAL', `${what}: the server answered ${status}${body ? ` — ${body.slice(0, 200)}` : ''}`);
}

export function authHeaders(opts: HubOptions, url: string): Record<string, string> {
  // The token goes only to the Hub itself, never to the storage it redirects to.
  return opts.token && new URL(url).origin === new URL(opts.endpoint).origin ? { authorization: `Bearer ${opts.token}` } : {};
}

/**
 * One GET with node's http(s) — not fetch: every chunk that arrived is handed over before a cut
 * connection is reported, so a resume starts exactly after the last byte written to disk.
 */
export function send(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<IncomingMessage> {
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

export async function readText(res: IncomingMessage, max = 1 << 20): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    text += (chunk as Buffer).toString('utf8');
    if (text.length > max) throw new AtelierError('INTERNAL', 'The server sent an oversized answer');
  }
  return text;
}

export async function errorText(res: IncomingMessage): Promise<string> {
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

export const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** GET with redirects followed by hand: the token stays with the Hub; headers of the first hop are kept. */
export async function get(url: string, headers: Record<string, string>, opts: HubOptions): Promise<{ res: IncomingMessage; first: IncomingHttpHeaders }> {
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
