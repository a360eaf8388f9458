#!/usr/bin/env node
// A fresh copy of examples/ for the integration tests run from VS Code itself (F5 "Extension Tests"
// in .vscode/launch.json, `npx vscode-test` through .vscode-test.mjs): .vscode-test/workspace, with
// .vscode-test/ as its scratch parent (the tests edit files and write beside the folder). Our own
// runner (test/host/run.mjs) makes its temp copies itself.
import { cpSync, rmSync } from 'node:fs';
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(freshTestWorkspace());
