import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

describe('smoke: the extension in a real VS Code', () => {
  it('is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not present`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('registers the iflow language for .iflw files', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('iflow'));
  });
});
