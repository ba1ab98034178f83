// Electron main: window, security and IPC wiring only. All behaviour lives in the Node-only
// core (electron/host), shared with the browser host and the CLI.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { startCore, type Core } from '../host/core';
import { applySessionSecurity, createSecureWindow, guardWebContents, isTrustedSender } from './security';

const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(__dirname, '../renderer/index.html');
const rendererUrl = devUrl ?? pathToFileURL(rendererFile).href;

let core: Core | null = null;

function createWindow(): BrowserWindow {
  const win = createSecureWindow(join(__dirname, '../preload/index.js'));
  win.once('ready-to-show', () => win.show());
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererFile);
  return win;
}

app.on('web-contents-created', (_e, contents) => guardWebContents(contents));

void app.whenReady().then(async () => {
  applySessionSecurity(session.defaultSession);
  try {
    core = await startCore({
      dataDir: app.getPath('userData'),
      // Packaged: models ship as extra resources; from a checkout: resources/ beside the sources.
      resourcesDir: app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources'),
      transport: 'electron',
      // The job worker runs as a plain Node process from the Electron binary.
      worker: { execPath: process.execPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } },
      log: (m, e) => console.error(`[atelier] ${m}:`, e),
    });
  } catch (err) {
    // A database from a newer Atelier, or one that could not be backed up before its upgrade.
    dialog.showErrorBox('Atelier cannot open its data', (err as Error).message);
    app.exit(1);
    return;
  }
  for (const n of core.notices) console.error(`[atelier] ${n.message}`);
  const c = core;
  ipcMain.handle('atelier:call', (event, method: unknown, params: unknown) =>
    isTrustedSender(event, rendererUrl)
      ? c.call(method, params)
      : { ok: false, error: { code: 'UNAUTHORIZED', message: 'Calls are accepted only from the Atelier window' } },
  );
  c.bus.subscribe((name, data) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send('atelier:event', name, data);
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', (event) => {
  if (!core) return;
  event.preventDefault();
  const c = core;
  core = null;
  void c.close().finally(() => app.quit());
});
