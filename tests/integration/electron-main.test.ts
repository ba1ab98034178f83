// Boots the real electron/main/index.ts against the recording electron stub and a temp data
// folder, then inspects what it actually handed to Electron: the window's options, the session's
// handlers, the guard on every web contents and the IPC sender check.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as electron from '../stubs/electron';
import { cspDirectives } from '../support/csp';
import { SECURE_WEB_PREFERENCES } from '../support/secure-web-preferences';
import { tempDir } from '../support/tmp';

let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  electron.app.paths.userData = join(t.dir, 'userData');
  await import('../../electron/main/index');
  electron.app.ready();
  await waitFor(() => electron.BrowserWindow.instances.length === 1);
});

afterAll(async () => {
  electron.app.emit('will-quit', { preventDefault: () => {} });
  await waitFor(() => electron.calls.some((c) => c.method === 'app.quit'));
  cleanup();
});

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!done()) throw new Error('main did not get there');
}

describe('electron/main at start-up', () => {
  it('opens one isolated, sandboxed window without Node', () => {
    const [win] = electron.BrowserWindow.instances;
    const prefs = (win!.options as { webPreferences: Record<string, unknown> }).webPreferences;
    expect(prefs).toMatchObject(SECURE_WEB_PREFERENCES);
    expect(prefs.preload).toMatch(/preload[\\/]index\.js$/);
    // The page is the packaged file, never a remote address.
    expect(electron.calls.filter((c) => c.method === 'loadURL')).toEqual([]);
    expect(electron.calls.find((c) => c.method === 'loadFile')?.args[0]).toMatch(/renderer[\\/]index\.html$/);
  });

  it('sets a strict CSP and denies every permission on the default session', () => {
    const s = electron.fakeSession;
    let headers: Record<string, string[]> = {};
    s.headersListener?.({ responseHeaders: {} }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders));
    const csp = cspDirectives(headers['Content-Security-Policy']?.[0] ?? '');
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(JSON.stringify(csp)).not.toContain('unsafe-eval');
    const answers: boolean[] = [];
    s.permissionRequestHandler?.(null, 'media', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect(s.permissionCheckHandler?.()).toBe(false);
  });

  it('guards every web contents Electron creates: no navigation, no new windows', () => {
    const wc = new electron.FakeWebContents();
    electron.app.emit('web-contents-created', {}, wc);
    let prevented = 0;
    wc.handlers.get('will-navigate')?.({ preventDefault: () => prevented++ });
    wc.handlers.get('will-redirect')?.({ preventDefault: () => prevented++ });
    expect(prevented).toBe(2);
    expect(wc.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
  });

  it('answers contract calls only from its own page', async () => {
    const handler = electron.ipcMain.handlers.get('atelier:call')!;
    const loaded = electron.calls.find((c) => c.method === 'loadFile')!.args[0] as string;
    const own = { senderFrame: { url: pathToFileURL(loaded).href, parent: null } };
    const foreign = { senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await handler(foreign, 'projects.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await handler(own, 'projects.list', {})).toMatchObject({ ok: true });
  });

  it('answers a 50 MB prompt over IPC with BAD_INPUT and keeps the earlier version', async () => {
    const handler = electron.ipcMain.handlers.get('atelier:call')!;
    const loaded = electron.calls.find((c) => c.method === 'loadFile')!.args[0] as string;
    const own = { senderFrame: { url: pathToFileURL(loaded).href, parent: null } };
    const call = async (method: string, params: unknown) => (await handler(own, method, params)) as { ok: boolean; result: any; error: any };
    const project = await call('projects.create', { name: 'IPC' });
    const doc = await call('documents.create', { projectId: project.result.id, kind: 'text', title: 'Draft' });
    const earlier = 'Written before the huge paste.\n';
    const version = await call('history.commitText', { documentId: doc.result.id, text: earlier });
    const huge = await call('generate.text', { documentId: doc.result.id, prompt: 'p'.repeat(50_000_000) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { issues: [{ path: ['prompt'] }] } } });
    expect((await call('history.get', { id: version.result.id })).result.text).toBe(earlier);
    expect((await call('jobs.list', {})).result.filter((j: { kind: string }) => j.kind === 'generate-text')).toEqual([]);
  });

  it('lists trashed documents of every project over IPC through the same handlers as the host', async () => {
    const handler = electron.ipcMain.handlers.get('atelier:call')!;
    const loaded = electron.calls.find((c) => c.method === 'loadFile')!.args[0] as string;
    const own = { senderFrame: { url: pathToFileURL(loaded).href, parent: null } };
    const call = async (method: string, params: unknown) => (await handler(own, method, params)) as { ok: boolean; result: any; error: any };
    const project = await call('projects.create', { name: 'IPC trash' });
    const doc = await call('documents.create', { projectId: project.result.id, kind: 'text', title: 'Gone for now', text: 'Kept.' });
    await call('documents.trash', { id: doc.result.id });
    const listed = await call('documents.listTrashed', {});
    expect(listed.result.documents.map((d: { id: string; projectName: string; iterationCount: number }) => [d.id, d.projectName, d.iterationCount])).toContainEqual([doc.result.id, 'IPC trash', 1]);
    expect(await call('documents.listTrashed', { limit: -1 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
