// `npm start`: build and launch the desktop app. Where no Electron binary exists (it is
// downloaded on first use), say so and point to the browser UI instead of failing obscurely.
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const pkg = join(__dirname, '..', 'node_modules', 'electron');
const pathFile = join(pkg, 'path.txt');
const binary = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;

if (!binary || !existsSync(binary)) {
  const install = spawnSync(process.execPath, [join(pkg, 'install.js')], { stdio: 'inherit' });
  if (install.status !== 0 || !existsSync(pathFile)) {
    console.error(
      '\nAtelier: the Electron runtime could not be downloaded on this machine, so the desktop window cannot start.\n' +
        'Use the same studio in your browser instead:  npm run serve\n',
    );
    process.exit(1);
  }
}
const r = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(r.status ?? 1);
