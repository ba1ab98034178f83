// The desktop window's security, read from what main and preload actually hand to Electron
// (the `electron` module is the recording stub in tests/stubs).
import { beforeEach, describe, expect, it } from 'vitest';
import * as electron from '../stubs/electron';
import {
  CONTENT_SECURITY_POLICY,
  applySessionSecurity,
  guardWebContents,
  isTrustedSender,
  windowOptions,
} from '../../electron/main/security';

beforeEach(() => {
  electron.calls.length = 0;
});

describe('BrowserWindow options', () => {
  it('isolate and sandbox the renderer', () => {
    const prefs = windowOptions('/app/out/preload/index.js').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('session', () => {
  it('denies every permission and adds a strict CSP header', () => {
    applySessionSecurity(electron.session.defaultSession as never);
    const s = electron.fakeSession;
    const answers: boolean[] = [];
    s.permissionRequestHandler?.(null, 'media', (ok: boolean) => answers.push(ok));
    s.permissionRequestHandler?.(null, 'geolocation', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false, false]);
    expect(s.permissionCheckHandler?.()).toBe(false);
    let headers: Record<string, string[]> = {};
    s.headersListener?.({ responseHeaders: { 'X-Other': ['1'] } }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['X-Other']).toEqual(['1']);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });
});

describe('web contents', () => {
  it('blocks navigation and new windows; opens only confirmed http(s) links outside', async () => {
    const wc = new electron.FakeWebContents();
    guardWebContents(wc as never);
    let prevented = 0;
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) wc.handlers.get(ev)?.({ preventDefault: () => prevented++ });
    expect(prevented).toBe(3);

    electron.dialog.nextResponse = 1; // the user cancels
    expect(wc.windowOpenHandler?.({ url: 'https://example.org/a' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 10));
    expect(electron.calls.filter((c) => c.method === 'shell.openExternal')).toEqual([]);
    expect(electron.calls.filter((c) => c.method === 'dialog.showMessageBox')).toHaveLength(1);

    electron.dialog.nextResponse = 0; // the user confirms
    wc.windowOpenHandler?.({ url: 'https://example.org/b' });
    await new Promise((r) => setTimeout(r, 10));
    expect(electron.calls.filter((c) => c.method === 'shell.openExternal')).toEqual([{ method: 'shell.openExternal', args: ['https://example.org/b'] }]);
  });
});

describe('IPC sender check', () => {
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } as never });
  it('accepts only the top frame of our own page', () => {
    const file = 'file:///opt/Atelier/resources/app.asar/out/renderer/index.html';
    expect(isTrustedSender(frame(file), file)).toBe(true);
    expect(isTrustedSender(frame('file:///tmp/evil.html'), file)).toBe(false);
    expect(isTrustedSender(frame(file, {}), file)).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/'), file)).toBe(false);
    expect(isTrustedSender(frame('http://localhost:5173/x'), 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSender(frame('http://localhost:5174/'), 'http://localhost:5173/')).toBe(false);
    expect(isTrustedSender({ senderFrame: null as never }, file)).toBe(false);
  });
});

describe('preload', () => {
  it('exposes only the contract transport', async () => {
    await import('../../electron/preload/index');
    expect([...electron.contextBridge.exposed.keys()]).toEqual(['atelier']);
    const api = electron.contextBridge.exposed.get('atelier') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['call', 'subscribe']);
    await (api.call as (m: string, p: unknown) => Promise<unknown>)('projects.list', {});
    expect(electron.ipcRenderer.invoked).toEqual([['atelier:call', 'projects.list', {}]]);
  });
});
