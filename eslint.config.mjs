// Lint, including the layer rules from ARCHITECTURE.md, enforced with no-restricted-imports.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'net', 'url'];
const natives = ['better-sqlite3', 'onnxruntime-node', 'sharp'];

const restrict = (patterns) => ['error', { patterns }];
const group = (list, message) => ({ group: list, message });

const noElectron = group(['electron'], 'Only electron/main and electron/preload may import electron.');
const noNatives = group(natives, 'Native modules are imported only under electron/engine, electron/store and electron/models.');
const noRenderer = group(['**/renderer/**'], 'electron/ never imports renderer/ code.');

// One entry per layer: flat config replaces (not merges) a rule per file, so each layer lists all
// of its restrictions in one place.
export const layerRules = [
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict([
        group(['electron', ...nodeBuiltins, ...natives, 'react', 'react-dom', 'react/*', 'react-dom/*'], 'shared/ is platform-neutral: no node:, electron, native modules or React.'),
        group(['**/electron/**', '**/renderer/**'], 'shared/ must not import electron/ or renderer/ code.'),
      ]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.mts'],
    rules: {
      'no-restricted-imports': restrict([
        group(['electron', ...nodeBuiltins, ...natives], 'renderer/ runs in a sandboxed page: no electron, node: or native modules.'),
        group(['**/electron/**', '**/tests/**', '**/tools/**'], 'renderer/ imports only renderer/ and shared/.'),
      ]),
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([noNatives, noRenderer]) },
  },
  {
    files: ['electron/host/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([noElectron, noNatives, noRenderer]) },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/store/**/*.ts', 'electron/models/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([noElectron, noRenderer]) },
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests read loosely typed wire data (event payloads) and assert on its shape.
  { files: ['tests/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  ...layerRules,
);
