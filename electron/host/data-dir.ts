// Where Atelier keeps its data: the same folder Electron's app.getPath('userData') gives the
// desktop app, so the CLI, the browser host and the app share one library by default.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_NAME = 'Atelier';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.ATELIER_DATA) return resolve(env.ATELIER_DATA);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

/** The built renderer, next to the sources in a checkout (out/renderer). */
export function defaultRendererDir(): string {
  return resolve(__dirname, '../../out/renderer');
}
