// @vscode/test-cli configuration: `npx vscode-test` runs the integration suite (the compiled
// out/test/integration/*.test.js, after `npm run build`) in a real VS Code, on a fresh copy of
// examples/ in .vscode-test/workspace (the tests edit files and write beside the folder).
//
// On a desktop with internet test-cli downloads VS Code (VSCODE_TEST_VERSION, default: the oldest
// that engines.vscode accepts, 1.100.0; `stable` for the newest) and needs a display (or xvfb-run -a).
// Where VS Code cannot be downloaded, IFLOW_VSCODE_EXECUTABLE=test/host/code.mjs makes it launch our
// stand-in executable instead, which runs the same tests in the VS Code server of test/host
// (IFLOW_VSCODE=oldest|newest); scripts/test-all.mjs does that in CI.
import { defineConfig } from '@vscode/test-cli';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshTestWorkspace } from './scripts/test-workspace.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const workspaceFolder = freshTestWorkspace();

// The same files in the same order as our own runner (out/test/integration/index.js), after the root
// hooks that it passes to mocha directly.
const testsDir = join(root, 'out', 'test', 'integration');
let files;
try {
  // node/: tests only the Node host runs (the web-worker host's bundle leaves them out).
  const tests = (dir) => readdirSync(join(testsDir, dir)).filter((f) => f.endsWith('.test.js')).map((f) => join(dir, f));
  files = ['rootHooks.js', ...[...tests('.'), ...tests('node')].sort()].map((f) => join(testsDir, f));
} catch {
  files = ['out/test/integration/*.test.js']; // not built yet: test-cli then says no files were found
}

const executable = process.env.IFLOW_VSCODE_EXECUTABLE;
export default defineConfig({
  label: 'integration',
  files,
  workspaceFolder,
  mocha: { ui: 'bdd', timeout: 60_000, color: false },
  ...(executable
    ? { useInstallation: { fromPath: resolve(root, executable) } }
    : { version: process.env.VSCODE_TEST_VERSION ?? '1.100.0' }),
});
