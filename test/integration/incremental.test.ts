import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, workspaceUri } from './helpers';

describe('incremental re-lint in a real VS Code', () => {
  it('a certificate file re-lints only the iFlows whose entries it resolves (and the mapping file), counted', async () => {
    const { workspace } = await api();
    await workspace.catchUp();
    const cert = workspaceUri('certificates', 'acme-expiring.cer').toString();
    const dependants = [...new Set(workspace.current.entriesResolvedBy(cert).map((e) => e.file))].sort();
    assert.ok(dependants.length > 0 && dependants.length < workspace.current.documents().length, dependants.join(', '));
    // The same bytes written again: a change event, and the model asked about that one path.
    const uri = vscode.Uri.parse(cert);
    await vscode.workspace.fs.writeFile(uri, await vscode.workspace.fs.readFile(uri));
    const update = (await workspace.update([cert]))!;
    assert.deepStrictEqual(update.reread, [cert], 'only the certificate file is read again');
    const iflows = update.relinted.filter((f) => workspace.current.document(f) !== undefined).sort();
    assert.deepStrictEqual(iflows, dependants, 'the iFlows with an entry it resolves, no other');
    assert.ok(update.relinted.every((f) => iflows.includes(f) || workspace.current.mappingFile(f) !== undefined), update.relinted.join(', '));
    assert.deepStrictEqual(update.changed, [], 'same certificate, same findings: nothing published');
  });

  it('parameters.prop re-lints the iFlows of its export only; the mapping file its own entries and the channels of roles it changes', async () => {
    const { workspace } = await api();
    await workspace.catchUp();
    const params = workspaceUri('Customer_Replication', 'src/main/resources/parameters.prop').toString();
    const fromParams = (await workspace.update([params]))!;
    assert.deepStrictEqual(fromParams.relinted.map((f) => vscode.workspace.asRelativePath(vscode.Uri.parse(f), false)), ['Customer_Replication/src/main/resources/scenarioflows/integrationflow/Customer_Replication.iflw']);

    const mapping = workspaceUri('certificate-user-mappings.json');
    const editor = await vscode.window.showTextDocument(mapping);
    const text = editor.document.getText();
    const role = text.indexOf('"ShipmentNotification.send"');
    // SHIPPING_PARTNER now holds CustomerReplication.send, which no one held: Customer Replication's
    // channel gains a caller. ShipmentNotification.send is still held by the backup entry.
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(role), editor.document.positionAt(role + '"ShipmentNotification.send"'.length)), '"CustomerReplication.send"'));
    try {
      const update = (await workspace.update([mapping.toString()]))!;
      const relinted = update.relinted.map((f) => vscode.workspace.asRelativePath(vscode.Uri.parse(f), false)).sort();
      assert.deepStrictEqual(relinted, ['certificate-user-mappings.json', 'Customer_Replication/src/main/resources/scenarioflows/integrationflow/Customer_Replication.iflw'].sort(), 'the mapping file and the one channel whose role it now maps, no other iFlow');
    } finally {
      await vscode.commands.executeCommand('undo');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await workspace.catchUp();
    }
  });
});
