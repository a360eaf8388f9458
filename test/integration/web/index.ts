/**
 * The integration suite in the browser's web-worker extension host (what vscode.dev and github.dev
 * run). scripts/bundle.mjs bundles this file, mocha's browser build and every test file the host can
 * run into one browser script, out/test/web/index.js, inside the extension's folder (VS Code runs
 * tests in the host of the extension that contains them); that bundle's `run()` calls this.
 */
import * as vscode from 'vscode';
import { restoreWorkspace, snapshotWorkspace } from '../helpers';
import { runAndReport } from '../report';

export async function runInWebWorker(loadTests: () => void): Promise<void> {
  // The same options and root hooks as the Node host's runner (../index.ts): every test starts from
  // the workspace as the suite found it.
  mocha.setup({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 180_000,
    rootHooks: { beforeAll: snapshotWorkspace, afterEach: restoreWorkspace },
  });
  // A worker has no environment variables: the runner passes its --grep as a user setting.
  const grep = vscode.workspace.getConfiguration('integrationTests').get<string>('grep');
  if (grep) mocha.grep(grep);
  loadTests(); // after setup: the test files call describe() as they load
  await runAndReport((done) => mocha.run(() => done()));
}
