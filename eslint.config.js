// Lint: the recommended JS and TypeScript rules, React hooks rules, and the layer rules of
// ARCHITECTURE.md: shared/ stays pure, and only main.ts/preload.ts touch raw IPC.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'url', 'util', 'stream', 'events', 'buffer', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The argument schemas (zod) are the hosts': the renderer's bundle would hold and build them at start.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/shared/host-contract', '**/shared/host-contract.js', 'zod', 'zod/*'], allowTypeImports: true, message: 'Only types from host-contract.ts in the renderer: values from host-reply.ts and host-channels.ts.' }],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'react', 'react-dom', 'react/*', '@tiptap/*', 'zustand', 'node:*', ...NODE_BUILTINS], message: 'shared/ is pure domain code: no Node, Electron, React or editor imports.' },
            { group: ['../electron/*', '../renderer/*', '../../electron/*', '../../renderer/*'], message: 'shared/ must not depend on the layers above it.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require'],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]", message: 'Only electron/main.ts and electron/preload.ts touch raw IPC (see shared/host-contract.ts).' },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
