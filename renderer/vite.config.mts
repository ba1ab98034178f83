// The renderer's build, shared by electron-vite (desktop) and `npm run serve` (browser host).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

/** The root is passed in: electron-vite bundles its config as CJS, where import.meta is empty. */
export function rendererConfig(root: string): UserConfig {
  return {
    root,
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, '../out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'index.html') },
    },
  };
}

export default rendererConfig(resolve(import.meta.dirname));
