import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The real `electron` module cannot load without its binary; tests see a recording stub.
    alias: { electron: resolve(import.meta.dirname, 'tests/stubs/electron.ts') },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    // Two cores: keep parallelism modest so timing-sensitive integration tests stay stable.
    maxWorkers: 2,
    // Generous: many tests start host processes and run real models on two shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
