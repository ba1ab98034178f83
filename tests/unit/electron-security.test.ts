// The desktop window's security, read from what main and preload actually hand to Electron
// (the `electron` module is the recording stub in tests/stubs).
import { beforeEach, describe, expect, it } from 'vitest';
import * as electron from '../stubs/electron';
import { cspDirectives } from '../support/csp';
import { SECURE_WEB_PREFERENCES } from '../support/secure-web-preferences';
import { applySessionSecurity, createSecureWindow, guardWebContents, isTrustedSender } from '../../electron/main/security';

beforeEach(() => {
  electron.calls.length = 0;
});

describe('BrowserWindow options', () => {
  it('isolate and sandbox the renderer', () => {
    createSecureWindow('/app/out/preload/index.js');
    const [options] = electron.calls.find((c) => c.method === 'BrowserWindow')!.args as [{ webPreferences: Record<string, unknown> }];
    expect(options.webPreferences).toEqual({ preload: '/app/out/preload/index.js', spellcheck: true, ...SECURE_WEB_PREFERENCES });
  });
});

describe('session', () => {
  it('denies every permission and adds a strict CSP header', () => {
    applySessionSecurity(electron.session.defaultSession as never);
    const s = electron.fakeSession;
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      s.permissionRequestHandler?.(null, permission, (ok: boolean) => answers.push(ok));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(s.permissionCheckHandler?.()).toBe(false);
    let headers: Record<string, string[]> = {};
    s.headersListener?.(
      { responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': ["script-src 'unsafe-eval' *"] } },
      (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders),
    );
    expect(headers['X-Other']).toEqual(['1']);
    // Ours replaces whatever a response carried.
    expect(headers['Content-Security-Policy']).toHaveLength(1);
    const csp = cspDirectives(headers['Content-Security-Policy']![0]!);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(headers['Content-Security-Policy']![0]).not.toMatch(/unsafe-eval|\*|http:|https:/);
  });
});

describe('web contents', () => {
  it('blocks navigation, redirects, webviews and every new window; opens nothing outside', () => {
    const wc = new electron.FakeWebContents();
    guardWebContents(wc as never);
    let prevented = 0;
    const events = ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'];
    for (const ev of events) wc.handlers.get(ev)?.({ preventDefault: () => prevented++ });
    expect(prevented).toBe(events.length);
    for (const url of ['https://example.org/a', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank']) {
      expect(wc.windowOpenHandler?.({ url }), url).toEqual({ action: 'deny' });
    }
    expect(electron.calls.filter((c) => c.method === 'shell.openExternal' || c.method === 'dialog.showMessageBox')).toEqual([]);
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
