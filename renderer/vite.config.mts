// The renderer's build, shared by electron-vite (desktop) and `npm run serve` (browser host).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';

/** The dev server injects an inline React-refresh preamble; only `vite dev` relaxes the CSP for it. */
const devCsp: Plugin = {
  name: 'atelier-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
};

/** The root is passed in: electron-vite bundles its config as CJS, where import.meta is empty. */
export function rendererConfig(root: string): UserConfig {
  return {
    root,
    base: './',
    plugins: [react(), devCsp],
    build: {
      outDir: resolve(root, '../out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'index.html') },
    },
  };
}

export default rendererConfig(resolve(import.meta.dirname));
