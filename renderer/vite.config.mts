// The renderer's build, shared by electron-vite (desktop) and `npm run serve` (browser host).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { UserConfig } from 'vite';

const root = resolve(import.meta.dirname);

export const rendererConfig: UserConfig = {
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, '../out/renderer'),
    emptyOutDir: true,
    rollupOptions: { input: resolve(root, 'index.html') },
  },
};

export default rendererConfig;
