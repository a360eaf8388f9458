import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../helpers';

describe('the browser’s web-worker extension host', () => {
  it('runs the extension’s browser bundle, without Node.js', async () => {
    assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web);
    assert.strictEqual(typeof (globalThis as { process?: unknown }).process, 'undefined', 'no Node.js process object');
    assert.ok('WorkerGlobalScope' in globalThis, 'inside a web worker');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(ext.extensionKind, vscode.ExtensionKind.UI, 'runs where the UI runs');
  });
});
