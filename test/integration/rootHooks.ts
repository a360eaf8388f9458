// The suite's root hooks for runners that only take test files (@vscode/test-cli's own runner,
// through .vscode-test.mjs, loads this file first): every test starts from the workspace as the
// suite found it. Our runners (index.ts, web/index.ts) pass the same hooks as mocha rootHooks.
import { restoreWorkspace, snapshotWorkspace } from './helpers';

before(snapshotWorkspace);
afterEach(restoreWorkspace);
