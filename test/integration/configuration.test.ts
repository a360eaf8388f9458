import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SenderAuthNode } from '../../src/vscode/tree';
import { api, resolvedItem, iflowUri, until, withCode, workspaceUri } from './helpers';
import { runWithAnswers } from './prompts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const write = (uri: vscode.Uri, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri, encoder.encode(text));
const read = async (uri: vscode.Uri): Promise<string> => decoder.decode(await vscode.workspace.fs.readFile(uri));
const severityOf = (uri: vscode.Uri, code: string): vscode.DiagnosticSeverity | undefined => withCode(uri, code)[0]?.severity;

/** Resolves on the next change of the workspace folders. */
const foldersChanged = (): Promise<void> => new Promise((resolve) => {
  const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => {
    sub.dispose();
    resolve();
  });
});

describe('.iflow-auth.json and settings in a real VS Code', () => {
  before(api);

  it('a per-folder setting applies to its own folder of a multi-root workspace', async () => {
    assert.ok(vscode.workspace.workspaceFile, 'the runners open a .code-workspace, so that a folder can be added without restarting the extension host');
    const second = vscode.Uri.joinPath(workspaceUri(), '..', 'second-folder');
    const copy = vscode.Uri.joinPath(second, 'Material_Copy/src/main/resources/scenarioflows/integrationflow/Material_Copy.iflw');
    await vscode.workspace.fs.writeFile(copy, await vscode.workspace.fs.readFile(iflowUri('Material_Sync')));
    try {
      const added = foldersChanged();
      assert.ok(vscode.workspace.updateWorkspaceFolders(1, 0, { uri: second }), 'the folder could not be added');
      await added;
      await until('the second folder linted', () => severityOf(copy, 'generic-user-role') === vscode.DiagnosticSeverity.Information);
      // What a user sets in the Settings editor's folder tab (the folder's .vscode/settings.json).
      await vscode.workspace.getConfiguration('iflowAuth', second).update('rules', { 'generic-user-role': 'error' }, vscode.ConfigurationTarget.WorkspaceFolder);
      await until('generic-user-role as an error in the second folder', () => severityOf(copy, 'generic-user-role') === vscode.DiagnosticSeverity.Error);
      assert.strictEqual(severityOf(iflowUri('Material_Sync'), 'generic-user-role'), vscode.DiagnosticSeverity.Information, 'the first folder keeps the default');
    } finally {
      if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) {
        const removed = foldersChanged();
        vscode.workspace.updateWorkspaceFolders(1, 1);
        await removed;
      }
      await vscode.workspace.fs.delete(second, { recursive: true, useTrash: false });
    }
  });

  it('the file changes the diagnostics when it is saved and while it is typed; an invalid one is an error on it', async () => {
    const material = iflowUri('Material_Sync');
    await until('generic-user-role as info by default', () => severityOf(material, 'generic-user-role') === vscode.DiagnosticSeverity.Information);
    const config = workspaceUri('.iflow-auth.json');
    await write(config, '{\n  // the team decided\n  "rules": { "generic-user-role": "error" }\n}\n');
    await until('generic-user-role as an error once the file is on disk', () => severityOf(material, 'generic-user-role') === vscode.DiagnosticSeverity.Error);

    const doc = await vscode.workspace.openTextDocument(config);
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('"error"');
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"error"'.length)), '"off"'));
    assert.ok(doc.isDirty);
    await until('generic-user-role gone while the file is typed, unsaved', () => withCode(material, 'generic-user-role').length === 0);

    await editor.edit((b) => b.insert(doc.positionAt(doc.getText().lastIndexOf('}')), '  "expiryWarningDays": "soon"\n'));
    const [invalid] = await until('invalid-config-file on the file', () => withCode(config, 'invalid-config-file').length === 1 && withCode(config, 'invalid-config-file'));
    assert.strictEqual(invalid.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(doc.getText(invalid.range).length > 0, true, 'the problem has a position in the file');
    await until('the defaults again: generic-user-role as info', () => severityOf(material, 'generic-user-role') === vscode.DiagnosticSeverity.Information);
  });

  it('Exempt … from <rule>… asks for a reason and a date, writes the file (created), and the finding leaves the Problems panel', async () => {
    const material = iflowUri('Material_Sync');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceUri('.iflow-auth.json'))), 'no configuration file yet');
    const [missing] = await until('missing-user-role on Material_Sync', () => withCode(material, 'missing-user-role').length === 1 && withCode(material, 'missing-user-role'));
    await vscode.window.showTextDocument(material); // code actions are asked of an open editor
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', material, missing.range);
    const exempt = actions.find((a) => a.title.startsWith('Exempt '));
    assert.ok(exempt?.command, actions.map((a) => a.title).join(' | '));
    assert.strictEqual(exempt.title, 'Exempt channel "OData_Materials" of Material Sync from missing-user-role…');

    const { result, shown } = await runWithAnswers(
      () => vscode.commands.executeCommand(exempt.command!.command, ...(exempt.command!.arguments ?? [])),
      ['Retired with the old ERP in Q1 (OPS-77)', '2099-12-31'],
    );
    assert.strictEqual(result, true);
    assert.deepStrictEqual(shown.map((s) => s.kind), ['input', 'input']);
    const config = workspaceUri('.iflow-auth.json');
    const written = await read(config);
    assert.match(written, /"rule": "missing-user-role",\s+"iflow": "Material_Sync",\s+"channel": "OData_Materials",\s+"reason"/, 'what it names first, then why');
    assert.deepStrictEqual(JSON.parse(written), {
      exemptions: [{ rule: 'missing-user-role', iflow: 'Material_Sync', channel: 'OData_Materials', reason: 'Retired with the old ERP in Q1 (OPS-77)', until: '2099-12-31' }],
    });
    await until('missing-user-role out of the Problems panel', () => withCode(material, 'missing-user-role').length === 0);
    assert.strictEqual(withCode(material, 'generic-user-role').length, 1, 'other findings stay');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === config.toString() && d.isDirty), 'the file is saved: CI reads it');

    // The tree still tells: the channel's tooltip lists the exempted finding with its reason.
    const { tree } = await api();
    const flow = tree.getChildren().find((n) => n.kind === 'iflow' && n.doc.file === material.toString());
    assert.ok(flow);
    const channel = tree.getChildren(flow).find((n: SenderAuthNode) => n.kind === 'channel' && n.channel.name === 'OData_Materials');
    assert.ok(channel);
    const tooltip = ((await resolvedItem(tree, channel)).tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /exempted \(Retired with the old ERP in Q1 \(OPS-77\), until 2099-12-31\)/);
  });

  it('an exemption goes into an existing file as one edit, comments and the rest untouched', async () => {
    const config = workspaceUri('.iflow-auth.json');
    const before = '{\n  // agreed with the security team\n  "expiryWarningDays": 30\n}\n';
    await write(config, before);
    const material = iflowUri('Material_Sync');
    const [generic] = await until('generic-user-role on Material_Sync', () => withCode(material, 'generic-user-role').length === 1 && withCode(material, 'generic-user-role'));
    await vscode.window.showTextDocument(material);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', material, generic.range);
    const exempt = actions.find((a) => a.title.startsWith('Exempt '));
    assert.ok(exempt?.command, actions.map((a) => a.title).join(' | '));
    const { result } = await runWithAnswers(() => vscode.commands.executeCommand(exempt.command!.command, ...(exempt.command!.arguments ?? [])), ['Shared role until the split (OPS-9)', '']);
    assert.strictEqual(result, true);
    const after = await read(config);
    assert.ok(after.startsWith('{\n  // agreed with the security team\n  "expiryWarningDays": 30'), after);
    assert.match(after, /"reason": "Shared role until the split \(OPS-9\)"/);
    assert.doesNotMatch(after, /"until"/, 'no date given, none written');
    await until('generic-user-role out of the Problems panel', () => withCode(material, 'generic-user-role').length === 0);
  });
});
