import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'iflow-sender-auth.iflow-sender-auth';

describe('smoke: the extension in a real VS Code', () => {
  it('is installed and activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not present`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('registers every language its package.json contributes', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const contributed: string[] = ((ext.packageJSON?.contributes?.languages ?? []) as { id: string }[]).map((l) => l.id);
    if (contributed.length === 0) this.skip(); // nothing contributed yet: nothing to check
    const known = await vscode.languages.getLanguages();
    for (const id of contributed) assert.ok(known.includes(id), `language '${id}' is contributed but not registered`);
  });
});
