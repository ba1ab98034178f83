// The browser host's exposure, over real HTTP and WebSocket: nothing works without the token,
// foreign Host and Origin are refused, only the built renderer's files can be read, and request
// sizes are capped (a 50 MB prompt is refused clearly, the host keeps serving, earlier work stays).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../shared/contract/wire';
import { MAX_HTTP_BODY_BYTES } from '../../electron/host/request-guard';
import { TOO_BIG_REASON } from '../../electron/host/server';
import { rawGet, rawRequest } from '../support/raw-http';
import { useTestHost } from '../support/test-host';
import { connect, type TestSocket } from '../support/ws-client';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-RENDERER';
const h = useTestHost({
  socket: false,
  renderer: (rendererDir, root) => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Atelier</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
    writeFileSync(join(root, 'secret.txt'), SECRET);
    mkdirSync(join(root, 'outside'));
    writeFileSync(join(root, 'outside', 'secret.txt'), SECRET);
    // Links inside the served folder: two lead out of it, one stays inside.
    symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'escape.txt'));
    symlinkSync(join(root, 'outside'), join(rendererDir, 'escape-dir'));
    symlinkSync(join(rendererDir, 'assets', 'app.js'), join(rendererDir, 'inside.js'));
  },
});

const auth = () => ({ Authorization: `Bearer ${h.host.token}` });

describe('token', () => {
  it('no HTTP route answers without it, whatever the method', async () => {
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      for (const path of ['/', '/index.html', '/assets/app.js', '/ws', '/nope', '/inside.js']) {
        const res = await rawRequest(h.host.port, `${method} ${path} HTTP/1.1\nHost: 127.0.0.1:${h.host.port}\nConnection: close`);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body).not.toContain('console.log');
      }
    }
  });

  it('a wrong, partial, longer or empty token is refused by cookie, header and URL', async () => {
    const t = h.host.token;
    for (const bad of ['wrong', t.slice(0, -1), `${t}x`, t.toUpperCase(), `${t}${t}`, 'x'.repeat(600)]) {
      expect((await rawGet(h.host.port, '/', { Cookie: `atelier_token=${bad}` })).status, bad).toBe(401);
      expect((await rawGet(h.host.port, '/', { Authorization: `Bearer ${bad}` })).status, bad).toBe(401);
      expect((await rawGet(h.host.port, `/?token=${encodeURIComponent(bad)}`)).status, bad).toBe(401);
    }
    expect((await rawGet(h.host.port, '/', { Cookie: 'atelier_token=' })).status).toBe(401);
    expect((await rawGet(h.host.port, '/', { Authorization: `Basic ${t}` })).status).toBe(401);
    expect((await rawGet(h.host.port, '/', auth())).status).toBe(200);
  });

  it('no WebSocket opens without it (the URL token is not accepted there)', async () => {
    await expect(connect(h.host.port, {})).rejects.toThrow(/401/);
    await expect(connect(h.host.port, { Cookie: 'atelier_token=wrong' })).rejects.toThrow(/401/);
    await expect(connect(h.host.port, { Authorization: `Bearer ${h.host.token.slice(1)}` })).rejects.toThrow(/401/);
    const viaQuery = new WebSocket(`ws://127.0.0.1:${h.host.port}/ws?token=${h.host.token}`);
    viaQuery.on('error', () => {});
    const status = await new Promise((r) => viaQuery.once('unexpected-response', (_q, res) => r(res.statusCode)));
    expect(status).toBe(401);
    viaQuery.terminate();
  });
});

describe('Host and Origin', () => {
  it('refuses HTTP requests from another site or under another name (DNS rebinding)', async () => {
    const own = `http://127.0.0.1:${h.host.port}`;
    expect((await rawGet(h.host.port, '/', { ...auth(), Origin: own })).status).toBe(200);
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${h.host.port}`, `http://127.0.0.1:${h.host.port + 1}`]) {
      const res = await rawGet(h.host.port, '/', { ...auth(), Origin: origin });
      expect(res.status, origin).toBe(403);
      expect(res.body).toContain("another site's page");
    }
    for (const name of [`evil.example:${h.host.port}`, `127.0.0.1.nip.io:${h.host.port}`, `127.0.0.1:${h.host.port + 1}`]) {
      const res = await rawGet(h.host.port, '/', { ...auth(), Host: name });
      expect(res.status, name).toBe(403);
    }
    for (const name of [`localhost:${h.host.port}`, `LOCALHOST:${h.host.port}`]) {
      expect((await rawGet(h.host.port, '/', { ...auth(), Host: name })).status, name).toBe(200);
    }
  });

  it('refuses WebSocket upgrades from another site or under another name', async () => {
    await expect(connect(h.host.port, { ...auth(), Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(h.host.port, { ...auth(), Origin: 'null' })).rejects.toThrow(/403/);
    await expect(connect(h.host.port, { ...auth(), Host: `evil.example:${h.host.port}` })).rejects.toThrow(/403/);
    const own = await connect(h.host.port, { ...auth(), Origin: `http://127.0.0.1:${h.host.port}` });
    expect((await own.call('projects.list', {})).ok).toBe(true);
    await own.close();
  });

  it('listens on loopback unless told otherwise', () => {
    expect(h.host.server.address()).toMatchObject({ address: '127.0.0.1' });
  });
});

describe('files', () => {
  const attempts = [
    '/../secret.txt',
    '/../../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/..\\secret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%5c..%5c..%5csecret.txt',
    '//secret.txt',
    '/%2f..%2fsecret.txt',
    `/${'x/'.repeat(0)}%c0%ae%c0%ae/secret.txt`,
    '/escape.txt',
    '/escape-dir/secret.txt',
    '/secret.txt%00.html',
    '/%00../secret.txt',
    '/index.html%00',
    '/../data/atelier.db',
    '/%2e%2e/data/atelier.db',
    '/etc/passwd',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/C:%5cWindows%5cwin.ini',
    'http://127.0.0.1/../secret.txt',
  ];

  it('serves what is inside the renderer folder (links that stay inside included)', async () => {
    expect((await rawGet(h.host.port, '/assets/app.js', auth())).body).toBe('console.log("app")');
    expect((await rawGet(h.host.port, '/inside.js', auth())).body).toBe('console.log("app")');
    expect((await rawGet(h.host.port, '/assets/../index.html', auth())).status).toBe(200);
  });

  it('reads nothing outside it, however the path is written', async () => {
    for (const path of attempts) {
      const res = await rawGet(h.host.port, path, auth());
      expect([400, 404], `${path} → ${res.status}`).toContain(res.status);
      expect(res.body, path).not.toContain('<title>Atelier</title>');
      expect(res.body, path).not.toContain(SECRET);
      expect(res.body, path).not.toContain('SQLite format');
      expect(res.body, path).not.toContain('root:');
    }
  });
});

describe('size limits', () => {
  it('refuses an HTTP body with 413 before reading it, token or not', async () => {
    for (const extra of [{}, auth()]) {
      const head = [`POST / HTTP/1.1`, `Host: 127.0.0.1:${h.host.port}`, `Content-Length: 1000000000`, ...Object.entries(extra).map(([k, v]) => `${k}: ${v}`)];
      const res = await rawRequest(h.host.port, head.join('\n'), 'x'.repeat(64 * 1024));
      expect(res.status).toBe(413);
      expect(res.body).toContain(`no request bodies over ${MAX_HTTP_BODY_BYTES} bytes`);
    }
    const chunked = await rawRequest(h.host.port, `POST / HTTP/1.1\nHost: 127.0.0.1:${h.host.port}\nTransfer-Encoding: chunked`, '4\r\nabcd\r\n');
    expect(chunked.status).toBe(413);
  });

  it('refuses oversized headers (431) and keeps serving', async () => {
    const res = await rawGet(h.host.port, '/', { ...auth(), Cookie: `a=${'x'.repeat(100_000)}` });
    expect(res.status).toBe(431);
    expect((await rawGet(h.host.port, '/', auth())).status).toBe(200);
  });

  it('closes a socket that sends a message over the limit with 1009 and the reason, after a typed error', async () => {
    const sock = await connect(h.host.port, auth());
    const orphan = sock.nextOrphanReply();
    const closed = new Promise<{ code: number; reason: string }>((r) => sock.ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
    sock.sendRaw('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await orphan).toEqual({ id: null, ok: false, error: { code: 'BAD_INPUT', message: TOO_BIG_REASON, details: { limitBytes: MAX_MESSAGE_BYTES } } });
    expect(await closed).toEqual({ code: 1009, reason: 'Message too big: the host accepts at most 16 MiB at once' });
  });

  it('a 50 MB prompt gets a clear error; the host keeps serving and the earlier work is intact', async () => {
    const sock: TestSocket = await connect(h.host.port, auth());
    const project = (await sock.call('projects.create', { name: 'Long' })) as { result: { id: string } };
    const doc = (await sock.call('documents.create', { projectId: project.result.id, kind: 'text', title: 'Draft' })) as { result: { id: string } };
    const earlier = 'The first paragraph, written by hand. ✍️ Ünïcödé kept byte for byte.\n';
    const version = (await sock.call('history.commitText', { documentId: doc.result.id, text: earlier })) as { result: { id: string } };

    // Under the frame limit but over the prompt's: a typed BAD_INPUT naming the field; the socket stays.
    const six = await sock.call('generate.text', { documentId: doc.result.id, prompt: 'a'.repeat(6_000_000) });
    expect(six).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { issues: [{ path: ['prompt'] }] } } });
    expect((await sock.call('projects.list', {})).ok).toBe(true);

    // 50 MB: refused before it is parsed, with the reason.
    const orphan = sock.nextOrphanReply();
    const closed = new Promise<{ code: number; reason: string }>((r) => sock.ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
    sock.sendRaw(JSON.stringify({ id: 99, method: 'generate.text', params: { documentId: doc.result.id, prompt: 'p'.repeat(50_000_000) } }));
    expect((await orphan).error).toMatchObject({ code: 'BAD_INPUT', message: TOO_BIG_REASON });
    expect(await closed).toMatchObject({ code: 1009, reason: TOO_BIG_REASON });

    const again = await connect(h.host.port, auth());
    const got = (await again.call('history.get', { id: version.result.id })) as { ok: boolean; result: { text: string } };
    expect(got.ok).toBe(true);
    expect(got.result.text).toBe(earlier);
    const graph = (await again.call('history.graph', { documentId: doc.result.id })) as { result: { iterations: unknown[] } };
    expect(graph.result.iterations).toHaveLength(1);
    const jobs = (await again.call('jobs.list', {})) as { result: { kind: string }[] };
    expect(jobs.result.filter((j) => j.kind === 'generate-text')).toEqual([]);
    expect((await rawGet(h.host.port, '/', auth())).status).toBe(200);
    await again.close();
  }, 120_000);
});
