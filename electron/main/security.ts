// The desktop window's security baseline, kept apart from start-up so tests can inspect it
// through the electron stub: isolated, sandboxed renderer; no navigation, pop-ups, webviews or
// permissions. The options and the CSP are written as literals at the call that uses them so
// Electronegativity (tests/integration/electronegativity.test.ts) can read them.
import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { BrowserWindow } from 'electron';

export function createSecureWindow(preload: string): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Atelier',
    webPreferences: {
      // Electronegativity flags every preload for review (PRELOAD_JS_CHECK). Reviewed: ours only
      // exposes the contract transport (call, subscribe) through contextBridge, nothing of Node
      // or ipcRenderer itself; tests/unit/electron-security.test.ts checks exactly that.
      preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Middle-click would otherwise ask for a new window; the open handler denies it anyway.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
}

/** Only our own page (the packaged file or the dev server) may call the contract. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const got = new URL(frame.url);
    const want = new URL(rendererUrl);
    return want.protocol === 'file:' ? got.protocol === 'file:' && got.pathname === want.pathname : got.origin === want.origin;
  } catch {
    return false;
  }
}

export function applySessionSecurity(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      // Electronegativity rates this policy LOW (CSP_GLOBAL_CHECK: "'self' in script-src can be
      // problematic if you host JSONP, Angular or user uploaded files"). The window's origin is
      // the packaged renderer folder alone: no JSONP endpoint, and nothing the user makes is ever
      // served from it.
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
        ],
      },
    });
  });
}

/**
 * Every web contents (the window and anything it might try to create) stays on our page: no
 * navigation, redirects, webviews or new windows. The studio has no external links, so nothing is
 * handed to the system browser either (no shell.openExternal with a page-supplied URL).
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
