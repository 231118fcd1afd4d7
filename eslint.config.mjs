// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * DESIGN.md's import rules, enforced on resolved paths so `../../` tricks do
 * not slip through. Each zone: files under `target` may not import from `from`.
 */
const layerZones = [
  { target: './renderer', from: './electron', message: 'renderer/ talks to core only through window.clinic.' },
  { target: './renderer', from: './sync-server', message: 'renderer/ may import shared/ only.' },
  { target: './electron/preload', from: './electron/core', message: 'The preload may import shared/ only.' },
  { target: './electron/preload', from: './electron/main', message: 'The preload may import shared/ only.' },
  { target: './electron/preload', from: './renderer', message: 'The preload may import shared/ only.' },
  { target: './electron/core', from: './electron/main', message: 'electron/core runs without Electron.' },
  { target: './electron/core', from: './electron/preload', message: 'electron/core runs without Electron.' },
  { target: './electron/core', from: './renderer', message: 'electron/core never imports the UI.' },
  { target: './electron/core', from: './sync-server', message: 'core and the sync server share only shared/.' },
  { target: './electron/main', from: './renderer', message: 'electron/main never imports the UI.' },
  { target: './electron/main', from: './sync-server', message: 'electron/main never imports the sync server.' },
  { target: './sync-server', from: './electron', message: 'sync-server/ may import shared/ only.' },
  { target: './sync-server', from: './renderer', message: 'sync-server/ may import shared/ only.' },
  { target: './shared', from: './electron', message: 'shared/ depends on nothing but libraries.' },
  { target: './shared', from: './renderer', message: 'shared/ depends on nothing but libraries.' },
  { target: './shared', from: './sync-server', message: 'shared/ depends on nothing but libraries.' },
];

const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver': {
        typescript: { project: ['tsconfig.json', 'tsconfig.web.json'], noWarnOnMultipleProjects: true },
        node: true,
      },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['electron/core/**', 'renderer/**', 'shared/**', 'sync-server/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [{ group: ['node:*'], message: 'The renderer runs sandboxed, without Node.' }],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  prettier,
);
