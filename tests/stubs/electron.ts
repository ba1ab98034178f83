// A recording stand-in for the `electron` module (no Electron binary exists here). It records
// what main and preload ask of Electron so tests can inspect the security settings actually used.
type Handler = (...args: unknown[]) => unknown;

export const calls: { method: string; args: unknown[] }[] = [];
const record = (method: string, args: unknown[]) => calls.push({ method, args });

export class FakeWebContents {
  readonly handlers = new Map<string, Handler>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: unknown[][] = [];
  on(event: string, handler: Handler) {
    this.handlers.set(event, handler);
    return this;
  }
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
}

export class BrowserWindow {
  static instances: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.instances;
  readonly webContents = new FakeWebContents();
  constructor(readonly options: unknown) {
    BrowserWindow.instances.push(this);
    record('BrowserWindow', [options]);
  }
  once() {}
  show() {}
  loadURL(url: string) {
    record('loadURL', [url]);
    return Promise.resolve();
  }
  loadFile(file: string) {
    record('loadFile', [file]);
    return Promise.resolve();
  }
}

export const fakeSession = {
  permissionRequestHandler: null as Handler | null,
  permissionCheckHandler: null as Handler | null,
  headersListener: null as Handler | null,
  setPermissionRequestHandler(h: Handler) {
    this.permissionRequestHandler = h;
  },
  setPermissionCheckHandler(h: Handler) {
    this.permissionCheckHandler = h;
  },
  webRequest: {
    onHeadersReceived(h: Handler) {
      fakeSession.headersListener = h;
    },
  },
};
export const session = { defaultSession: fakeSession };

export const dialog = {
  nextResponse: 1,
  showMessageBox: (opts: unknown) => {
    record('dialog.showMessageBox', [opts]);
    return Promise.resolve({ response: dialog.nextResponse });
  },
};

export const shell = {
  openExternal: (url: string) => {
    record('shell.openExternal', [url]);
    return Promise.resolve();
  },
};

const appHandlers = new Map<string, Handler[]>();
let markReady: () => void = () => {};
const ready = new Promise<void>((resolve) => (markReady = resolve));
export const app = {
  on(event: string, h: Handler) {
    appHandlers.set(event, [...(appHandlers.get(event) ?? []), h]);
    return app;
  },
  emit(event: string, ...args: unknown[]) {
    for (const h of appHandlers.get(event) ?? []) h(...args);
  },
  /** Never ready unless a test calls app.ready(), so importing main does nothing by itself. */
  whenReady: () => ready,
  ready: () => markReady(),
  /** What getPath answers; a test that starts main points userData at a temp folder. */
  paths: { userData: '/nonexistent' } as Record<string, string>,
  getPath: (name: string) => app.paths[name] ?? '/nonexistent',
  getAppPath: () => process.cwd(),
  isPackaged: false,
  quit: () => record('app.quit', []),
};

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, h: Handler) {
    ipcMain.handlers.set(channel, h);
  },
};

export const ipcRenderer = {
  invoked: [] as unknown[][],
  listeners: new Map<string, Handler>(),
  invoke(...args: unknown[]) {
    ipcRenderer.invoked.push(args);
    return Promise.resolve({ ok: true, result: null });
  },
  on(channel: string, h: Handler) {
    ipcRenderer.listeners.set(channel, h);
  },
  removeListener(channel: string) {
    ipcRenderer.listeners.delete(channel);
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    contextBridge.exposed.set(key, api);
  },
};

export default { app, BrowserWindow, session, dialog, shell, ipcMain, ipcRenderer, contextBridge };
