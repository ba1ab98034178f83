import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config.mts';

// Native modules stay external (loaded from node_modules, unpacked from asar when packaged).
const external = ['better-sqlite3', 'onnxruntime-node', 'sharp', 'electron'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        external,
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The job worker runs in its own process; it is a separate entry next to main.
          worker: resolve(__dirname, 'electron/engine/runtime/worker-entry.ts'),
          // The model preflight runs in a child process of its own, one per check.
          preflight: resolve(__dirname, 'electron/models/preflight-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: rendererConfig(resolve(__dirname, 'renderer')),
});
