// ESLint (flat config) with typescript-eslint's recommended rules. scripts/test-all.mjs runs it
// (`npm run lint`): an error fails the run. Besides style, it guards where code may run:
// src/core/ runs in the CLI, the extension and a web worker, so it imports neither 'vscode' nor
// Node built-ins; src/vscode/ is also bundled for the web worker, so it imports no Node built-ins.
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'module',
  'net', 'os', 'path', 'process', 'stream', 'string_decoder', 'timers', 'url', 'util', 'vm', 'worker_threads', 'zlib',
];
const noNode = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'Runs in a web worker too: no Node built-ins here.' })),
  patterns: [{ group: ['node:*'], message: 'Runs in a web worker too: no Node built-ins here.' }],
};
const noNodeGlobals = ['Buffer', 'process', '__dirname', '__filename', 'setImmediate', 'global'].map((name) => ({
  name,
  message: 'Runs in a web worker too: no Node globals here.',
}));

export default tseslint.config(
  {
    ignores: [
      'out/**', 'dist/**', '**/node_modules/**', '.vscode-test/**', '.screenshots/**', '.tmp/**',
      'test/bench/corpus/**', 'examples/**', 'test/fixtures/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', {
        ...noNode,
        paths: [
          ...noNode.paths,
          { name: 'vscode', message: 'src/core/ never imports vscode: the CLI runs it too.' },
          // 240 KB and most of the activation time; certs/x509.ts and certs/pkcs7.ts read certificates.
          { name: '@peculiar/x509', message: 'A test oracle only (a dev dependency): read certificates with certs/x509.ts and certs/pkcs7.ts.' },
          { name: 'reflect-metadata', message: 'Only @peculiar/x509 needs it, and that is a test oracle only.' },
        ],
      }],
      'no-restricted-globals': ['error', ...noNodeGlobals],
    },
  },
  {
    // src/ reads hostile input (iFlows, logs, names from a repository): a regex that backtracks
    // or restarts in every run of a character would let a long run stall the tool. (Found 10.)
    files: ['src/**/*.ts'],
    plugins: { regexp },
    rules: { 'regexp/no-super-linear-backtracking': 'error', 'regexp/no-super-linear-move': 'error' },
  },
  {
    files: ['src/vscode/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', noNode],
      'no-restricted-globals': ['error', ...noNodeGlobals],
    },
  },
  {
    // The suite runs in the web-worker host too (bundled with the `assert` package for browsers);
    // only the Node host's runner, index.ts, reads files.
    files: ['test/integration/**/*.ts'],
    ignores: ['test/integration/index.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      'no-restricted-imports': ['error', { ...noNode, paths: noNode.paths.filter((p) => p.name !== 'assert') }],
      'no-restricted-globals': ['error', ...noNodeGlobals],
    },
  },
  {
    files: ['test/integration/index.ts'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // node/ holds what only the Node host runs (it runs the CLI beside the editor): Node is there.
    files: ['test/integration/node/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
  {
    // Unit tests stub Node modules in place and load JSON schemas: require() is the tool for that.
    files: ['test/unit/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Node scripts that hand functions to the browser page (playwright's page.evaluate).
    files: ['scripts/start.mjs', 'test/host/**/*.mjs', 'test/ui/**/*.mjs', 'test/bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
