// The browser host over real HTTP and WebSocket: token, cookie, Origin, static files, the
// contract, validation and events.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestHost } from '../support/test-host';
import { connect } from '../support/ws-client';

const h = useTestHost({
  renderer: (rendererDir, dir) => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Atelier</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  },
});
const base = () => `http://127.0.0.1:${h.host.port}`;

const get = (path: string, headers: Record<string, string> = {}) => fetch(base() + path, { headers, redirect: 'manual' });

describe('HTTP', () => {
  it('prints a loopback URL with a fresh token', () => {
    expect(h.host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${h.host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('answers 401 to every request without a valid token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/nope', '/?token=wrong']) {
      expect((await get(path)).status).toBe(401);
    }
    expect((await get('/', { Cookie: 'atelier_token=wrong' })).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly SameSite=Strict cookie and strips it from the address', async () => {
    const res = await get(`/?token=${h.host.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^atelier_token=[A-Za-z0-9_-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    const page = await get('/', { Cookie: cookie.split(';')[0] as string });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Atelier</title>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves nothing outside the renderer folder', async () => {
    const auth = { Authorization: `Bearer ${h.host.token}` };
    expect((await get('/assets/app.js', auth)).status).toBe(200);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%00', '/..%5csecret.txt']) {
      const res = await get(path, auth);
      expect(res.status, path).not.toBe(200);
      expect(await res.text()).not.toContain('do not serve');
    }
  });
});

describe('WebSocket', () => {
  it('refuses upgrades without a token or from a foreign Origin', async () => {
    await expect(connect(h.host.port, {})).rejects.toThrow(/401/);
    await expect(connect(h.host.port, { Cookie: 'atelier_token=nope' })).rejects.toThrow(/401/);
    await expect(connect(h.host.port, { Authorization: `Bearer ${h.host.token}`, Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const own = await connect(h.host.port, { Cookie: `atelier_token=${h.host.token}`, Origin: base() });
    expect((await own.call('projects.list', {})).ok).toBe(true);
    await own.close();
  });

  it('carries the contract: create, rename, trash, restore', async () => {
    const created = await h.sock.call('projects.create', { name: 'Novel' });
    expect(created).toMatchObject({ ok: true, result: { name: 'Novel', documentCount: 0 } });
    const id = (created as { result: { id: string } }).result.id;
    await h.sock.waitForEvent((e) => e.event === 'projects.changed' && e.data.id === id);
    expect(await h.sock.call('projects.rename', { id, name: 'Saga' })).toMatchObject({ ok: true, result: { name: 'Saga' } });
    expect(await h.sock.call('projects.trashSummary', { id })).toMatchObject({ ok: true, result: { name: 'Saga', documents: 0, iterations: 0 } });
    await h.sock.call('projects.trash', { id });
    const trashed = await h.sock.call('projects.list', { trashed: true });
    expect((trashed as { result: { id: string }[] }).result.map((p) => p.id)).toContain(id);
    expect(await h.sock.call('projects.restore', { id })).toMatchObject({ ok: true, result: { deletedAt: null } });
  });

  it('answers malformed requests with BAD_INPUT and keeps serving', async () => {
    const bad: [string, unknown][] = [
      ['projects.create', { name: 42 }],
      ['projects.create', {}],
      ['projects.create', { name: 'x'.repeat(1_000_000) }],
      ['projects.create', { name: 'ok', extra: true }],
      ['projects.nope', {}],
      ['__proto__.constructor', {}],
      ['jobs.enqueue', { kind: 'self-test', payload: { steps: -1 } }],
      ['projects.rename', { id: '../../etc/passwd', name: 'x' }],
    ];
    for (const [method, params] of bad) {
      const reply = await h.sock.call(method, params);
      expect(reply, method).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    expect(await h.sock.call('projects.create', { name: '' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', details: { issues: [{ path: ['name'], message: 'must not be empty' }] } },
    });
    h.sock.sendRaw('{not json');
    expect(await h.sock.nextOrphanReply()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    h.sock.sendRaw(JSON.stringify({ method: 'projects.list' }));
    expect(await h.sock.nextOrphanReply()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await h.sock.call('projects.get' as string, {})).toMatchObject({ error: { code: 'BAD_INPUT' } });
    expect((await h.sock.call('projects.list', {})).ok).toBe(true);
    expect(await h.sock.call('projects.rename', { id: 'unknown', name: 'x' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('reports system status with the execution providers', async () => {
    const reply = (await h.sock.call('system.status', {})) as { result: { executionProviders: { name: string; available: boolean }[]; transport: string } };
    expect(reply.result.transport).toBe('browser-host');
    expect(reply.result.executionProviders).toContainEqual({ name: 'cpu', available: true, reason: null });
  });

  it('runs a self-test job end to end with progress events, and cancels another', async () => {
    const started = (await h.sock.call('jobs.enqueue', { kind: 'self-test', payload: { steps: 4, stepMs: 10 } })) as { result: { id: string } };
    const id = started.result.id;
    const done = await h.sock.waitForEvent((e) => e.event === 'jobs.changed' && e.data.id === id && e.data.status === 'done');
    expect(done.data.result).toMatchObject({ steps: 4, executionProvider: 'cpu' });
    const progress = h.sock.events.filter((e) => e.event === 'jobs.progress' && (e.data as { id: string }).id === id);
    expect(progress.map((e) => (e.data as { progress: { done: number } }).progress.done)).toEqual([0, 1, 2, 3, 4]);

    const long = (await h.sock.call('jobs.enqueue', { kind: 'self-test', payload: { steps: 500, stepMs: 50 } })) as { result: { id: string } };
    const queued = (await h.sock.call('jobs.enqueue', { kind: 'self-test', payload: { steps: 1, stepMs: 0 } })) as { result: { id: string } };
    await h.sock.waitForEvent((e) => e.event === 'jobs.progress' && e.data.id === long.result.id && e.data.progress.done >= 1);
    expect(await h.sock.call('jobs.cancel', { id: long.result.id })).toMatchObject({ ok: true });
    const cancelled = await h.sock.waitForEvent((e) => e.event === 'jobs.changed' && e.data.id === long.result.id && e.data.status === 'cancelled');
    // The last progress is kept, so a stopped job says how far it got.
    expect(cancelled.data.progress).toMatchObject({ total: 500, etaMs: null });
    expect(cancelled.data.progress.done).toBeGreaterThanOrEqual(1);
    await h.sock.waitForEvent((e) => e.event === 'jobs.changed' && e.data.id === queued.result.id && e.data.status === 'done');
    expect(await h.sock.call('jobs.cancel', { id: queued.result.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
