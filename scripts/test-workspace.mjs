#!/usr/bin/env node
// A fresh copy of examples/ for the integration tests run from VS Code itself (F5 "Extension Tests"
// in .vscode/launch.json, `npx vscode-test` through .vscode-test.mjs): .vscode-test/workspace, with
// .vscode-test/ as its scratch parent (the tests edit files and write beside the folder). Our own
// runner (test/host/run.mjs) makes its temp copies itself.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Copies examples/ to .vscode-test/workspace (replacing any earlier copy); returns its path. */
export function freshTestWorkspace() {
  const scratch = join(root, '.vscode-test');
  const workspace = join(scratch, 'workspace');
  rmSync(workspace, { recursive: true, force: true });
  rmSync(join(scratch, 'outside-workspace'), { recursive: true, force: true });
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  return workspace;
}

/**
 * The fresh copy as the one folder of .vscode-test/workspace.code-workspace, returned: opened as a
 * workspace, a test can add a second folder (multi-root) without the extension host restarting.
 */
export function freshTestWorkspaceFile() {
  const folder = freshTestWorkspace();
  const file = join(dirname(folder), 'workspace.code-workspace');
  writeFileSync(file, `${JSON.stringify({ folders: [{ path: 'workspace' }], settings: {} }, null, 2)}\n`);
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(freshTestWorkspaceFile());
