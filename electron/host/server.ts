// The browser host: HTTP serves the built renderer, a WebSocket at /ws carries the contract.
// Every request needs the run's token (URL once, then an HttpOnly cookie, or a bearer header);
// requests with a foreign Host or Origin, or a body, are refused first (request-guard.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CallMessage, ReplyMessage } from '../../shared/contract/wire';
import { MAX_MESSAGE_BYTES } from '../../shared/contract/wire';
import { authCookie, newToken, requestToken, tokenMatches } from './auth';
import type { Core } from './core';
import { refusal } from './request-guard';
import { resolveStatic, sendFile } from './static-files';

export interface HostOptions {
  core: Core;
  rendererDir: string;
  host?: string;
  port?: number;
  /** When `port` is taken (or not ours to use), listen on a free one instead of failing: a remembered port. */
  orFreePort?: boolean;
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  /** The port asked for, when it was busy and `orFreePort` moved the host to `port`. */
  movedFrom?: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

const MIB = 1024 * 1024;
/** Close reason for an oversized message (a close reason is at most 123 bytes). */
export const TOO_BIG_REASON = `Message too big: the host accepts at most ${MAX_MESSAGE_BYTES / MIB} MiB at once`;

export function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? newToken();
  const bindHost = opts.host ?? '127.0.0.1';
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();
  let port = 0;

  const unauthorized = (res: ServerResponse) => {
    res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('401 Unauthorized: open the address the host printed (with ?token=…) to sign in.\n');
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const refused = refusal(req, bindHost, port);
    if (refused) {
      // Close instead of draining whatever body follows.
      res.writeHead(refused.status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      return res.end(`${refused.message}\n`);
    }
    // Origin-form targets only ('/path'): '//name/x' would otherwise parse as a host name.
    if (!req.url?.startsWith('/')) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      return res.end('400 Bad Request\n');
    }
    const url = new URL(`http://host.invalid${req.url}`);
    const queryToken = url.searchParams.get('token');
    if (queryToken !== null) {
      if (!tokenMatches(token, queryToken)) return unauthorized(res);
      // Trade the URL token for a cookie and drop it from the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, { 'Set-Cookie': authCookie(token), Location: url.pathname + url.search });
      return res.end();
    }
    if (!tokenMatches(token, requestToken(req))) return unauthorized(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      return res.end();
    }
    const file = resolveStatic(opts.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end('404 Not found\n');
    }
    sendFile(res, file, req.method === 'HEAD');
  };

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    if (url.pathname !== '/ws') return refuse(socket, '404 Not Found');
    const refused = refusal(req, bindHost, port);
    if (refused) return refuse(socket, refused.status === 413 ? '413 Payload Too Large' : '403 Forbidden');
    if (!tokenMatches(token, requestToken(req))) return refuse(socket, '401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  };

  const onSocket = (ws: WebSocket) => {
    sayWhyTooBig(ws);
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // ws has already started the close handshake for protocol errors (1009 for an oversized
    // frame, with our reason: sayWhyTooBig); terminating here would cut that close frame off and
    // the client would see 1006.
    ws.on('error', () => {
      if (ws.readyState === ws.OPEN) ws.terminate();
    });
    ws.on('message', (raw, isBinary) => {
      void answer(ws, isBinary ? null : raw.toString());
    });
  };

  /**
   * ws closes a socket whose message passes maxPayload with 1009 and no words, before reading the
   * rest. Say why, in a typed error and the close reason; nothing of the message was acted on.
   */
  const sayWhyTooBig = (ws: WebSocket) => {
    const close = ws.close.bind(ws);
    ws.close = (code?: number, reason?: string | Buffer) => {
      if (code === 1009 && reason === undefined && ws.readyState === ws.OPEN) {
        const error = { code: 'BAD_INPUT' as const, message: TOO_BIG_REASON, details: { limitBytes: MAX_MESSAGE_BYTES } };
        ws.send(JSON.stringify({ id: null, ok: false, error }));
        return close(code, TOO_BIG_REASON);
      }
      return close(code, reason);
    };
  };

  const send = (ws: WebSocket, msg: ReplyMessage | { event: string; data: unknown }) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  const answer = async (ws: WebSocket, text: string | null) => {
    let msg: Partial<CallMessage>;
    try {
      msg = text === null ? {} : (JSON.parse(text) as Partial<CallMessage>);
    } catch {
      return send(ws, { id: null, ok: false, error: { code: 'BAD_INPUT', message: 'The message is not valid JSON' } });
    }
    if (typeof msg !== 'object' || msg === null || !Number.isSafeInteger(msg.id)) {
      return send(ws, { id: null, ok: false, error: { code: 'BAD_INPUT', message: 'A call needs a numeric id and a method' } });
    }
    const id = msg.id as number;
    const reply = await opts.core.call(msg.method, msg.params);
    send(ws, reply.ok ? { id, ok: true, result: reply.result } : { id, ok: false, error: reply.error });
  };

  const unsubscribe = opts.core.bus.subscribe((event, data) => {
    const text = JSON.stringify({ event, data });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  // Node's default, written down so a runtime flag (--max-http-header-size) cannot raise it: 431.
  const server = createServer({ maxHeaderSize: 16 * 1024 }, onRequest);
  server.on('upgrade', onUpgrade);
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const listen = (at: number) =>
    new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(at, bindHost, () => {
        server.off('error', fail);
        ok();
      });
    });

  const close = () =>
    new Promise<void>((done) => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.close(() => done());
      server.closeAllConnections();
    });

  const start = async (): Promise<RunningHost> => {
    const asked = opts.port ?? 0;
    let movedFrom: number | undefined;
    try {
      await listen(asked);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!opts.orFreePort || asked === 0 || (code !== 'EADDRINUSE' && code !== 'EACCES')) throw err;
      await listen(0);
      movedFrom = asked;
    }
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    return { url: `http://${urlHost(bindHost)}:${port}/?token=${token}`, port, ...(movedFrom ? { movedFrom } : {}), token, server, close };
  };

  // A host that could not listen leaves nothing behind (no bus listener, no WebSocket server).
  return start().catch(async (err: unknown) => {
    await close();
    throw err;
  });
}
