// One HTTP/1.1 request written byte for byte (no client normalising the path: `..`, backslashes,
// %00 reach the server as written), and the response as the server sent it.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: string;
  body: string;
}

export function rawRequest(port: number, head: string, body = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    // The server may close while a body is still being written; what it answered is what counts.
    socket.on('error', (err) => (chunks.length ? socket.destroy() : reject(err)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (!m) return reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
      const headers = text.slice(0, split);
      const body = split < 0 ? '' : text.slice(split + 4);
      resolve({ status: Number(m[1]), headers, body: /^transfer-encoding: chunked/im.test(headers) ? unchunk(body) : body });
    });
    socket.write(head.replace(/\r?\n/g, '\r\n') + '\r\n\r\n');
    if (body) socket.write(body);
  });
}

function unchunk(body: string): string {
  let out = '';
  for (let at = 0; ; ) {
    const eol = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** GET `path` exactly as given, with the headers given (Host defaults to this host's address). */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const all = { Host: `127.0.0.1:${port}`, Connection: 'close', ...headers };
  return rawRequest(port, [`GET ${path} HTTP/1.1`, ...Object.entries(all).map(([k, v]) => `${k}: ${v}`)].join('\n'));
}
