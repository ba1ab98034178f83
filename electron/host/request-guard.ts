// Who may talk to the browser host, decided from a request's headers before anything is read or
// run: the body size, the Host (DNS rebinding: a foreign name that resolves to 127.0.0.1), and the
// Origin (another site's page in the user's browser). The token is checked after these (auth.ts).
import type { IncomingMessage } from 'node:http';

/**
 * The host serves files (GET/HEAD) and carries the contract over the WebSocket, so no HTTP route
 * reads a body; anything announcing more than this is refused before a byte of it is read.
 */
export const MAX_HTTP_BODY_BYTES = 16 * 1024;

export type Refusal = { status: 403 | 413; message: string };

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

const urlHost = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/**
 * The Host headers a request may carry. Bound to one address: the loopback names and that
 * address. Bound to every interface (an explicit --host 0.0.0.0 / ::): any name, because the
 * machine's own names and addresses are not known here; the token still guards every request.
 */
export function hostAllowed(hostHeader: string | undefined, bindHost: string, port: number): boolean {
  if (!hostHeader) return false;
  if (isWildcard(bindHost)) return true;
  const allowed = [...LOOPBACK_NAMES, urlHost(bindHost)].map((h) => `${h}:${port}`.toLowerCase());
  return allowed.includes(hostHeader.toLowerCase());
}

/** A request from a page must come from this host's own page (scripts may send no Origin). */
export function originAllowed(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  return hostHeader !== undefined && origin.toLowerCase() === `http://${hostHeader}`.toLowerCase();
}

export function bodyTooLarge(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined && !(Number(length) <= MAX_HTTP_BODY_BYTES)) return true;
  // A chunked body has no length up front; no route wants one, so it is refused as too large.
  return req.headers['transfer-encoding'] !== undefined;
}

/** The first reason to refuse a request, or null. Size first: it costs nothing to check. */
export function refusal(req: IncomingMessage, bindHost: string, port: number): Refusal | null {
  if (bodyTooLarge(req)) {
    return { status: 413, message: `413 Payload Too Large: the Atelier host takes no request bodies over ${MAX_HTTP_BODY_BYTES} bytes` };
  }
  if (!hostAllowed(req.headers.host, bindHost, port)) {
    return { status: 403, message: '403 Forbidden: this host answers only to the address it printed' };
  }
  if (!originAllowed(req.headers.origin, req.headers.host)) {
    return { status: 403, message: "403 Forbidden: requests from another site's page are refused" };
  }
  return null;
}
