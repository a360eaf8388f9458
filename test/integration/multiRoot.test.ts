import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, iflowUri, ours, outsideWorkspaceUri, readFile, textOf, until, workspaceUri } from './helpers';
import { issueChain, issueRenewalBundle } from './certificates';
import { throughPreview } from './preview';
import { nextPromptOf, runWithAnswers } from './prompts';

const encoder = new TextEncoder();

/** Resolves on the next change of the workspace folders. */
const foldersChanged = (): Promise<void> => new Promise((resolve) => {
  const sub = vscode.workspace.onDidChangeWorkspaceFolders(() => {
    sub.dispose();
    resolve();
  });
});

const SUBJECT = 'CN=second-client, O=Second, C=DE';
const ISSUER = 'CN=Second Issuing CA, O=Second, C=DE';

/** The PEM blocks of a bundle, in order. */
const blocks = (pem: string): string[] => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];

describe('A second workspace folder: Renew Certificate… and the hover use that folder, not the first', () => {
  before(api);

  it("the second folder's mapping entry: the hover judges its chain by that folder's trusted roots; Renew certificate… writes its mapping file and keeps the file in its certificates/", async () => {
    const second = vscode.Uri.joinPath(workspaceUri(), '..', `second-${Date.now()}`);
    const mapping = vscode.Uri.joinPath(second, 'certificate-user-mappings.json');
    const firstMapping = workspaceUri('certificate-user-mappings.json');
    const firstBefore = await textOf(firstMapping);
    // Expiring in 10 days; the second folder's configuration trusts its own root (the first folder's
    // settings trust only SAP's BTP store: there the chain would end at an untrusted root).
    const { root, ca, leaf } = await issueChain('Second', SUBJECT, -300, 10);
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(second, 'Second_Copy/src/main/resources/scenarioflows/integrationflow/Second_Copy.iflw'), await vscode.workspace.fs.readFile(iflowUri('Material_Sync')));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(second, 'certificates', 'second-issuing-ca.pem'), encoder.encode(ca));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(second, 'roots', 'second-root.pem'), encoder.encode(root));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(second, '.iflow-auth.json'), encoder.encode('{ "trustedRoots": ["btp", "roots/second-root.pem"] }\n'));
    await vscode.workspace.fs.writeFile(mapping, encoder.encode(`${JSON.stringify({ mappings: [{ user: 'SECOND_PARTNER', roles: ['Second.send'], certificate: leaf }] }, null, 2)}\n`));
    try {
      const added = foldersChanged();
      assert.ok(vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders!.length, 0, { uri: second }), 'the folder could not be added');
      await added;
      const doc = await vscode.workspace.openTextDocument(mapping);
      const at = doc.positionAt(doc.getText().indexOf('-----BEGIN CERTIFICATE-----') + 5);
      const expiring = await until('certificate-expiring on the second folder\'s mapping entry', () => ours(mapping).find((d) => codeOf(d) === 'certificate-expiring' && d.range.contains(at)));
      assert.ok(!ours(mapping).some((d) => codeOf(d) === 'untrusted-root-ca'), 'the rules judge it by the second folder\'s roots');

      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', mapping, at);
      const hover = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
      assert.match(hover, /Chain: second-client → Second Issuing CA → Second Root CA · trusted root \(/, `the second folder's own root is trusted there:\n${hover}`);

      await vscode.window.showTextDocument(doc);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', mapping, expiring.range);
      const renew = actions.find((a) => a.title === 'Renew certificate…');
      assert.ok(renew?.command, `no Renew certificate… among ${actions.map((a) => a.title).join(' | ')}`);

      const file = outsideWorkspaceUri(`second-renewal-${Date.now()}.pem`);
      await vscode.workspace.fs.writeFile(file, encoder.encode(await issueRenewalBundle(SUBJECT, ISSUER, -2, 900)));
      const { result: { result, shown } } = await throughPreview(() => runWithAnswers(
        () => vscode.commands.executeCommand<boolean>(renew.command!.command, { ...renew.command!.arguments![0], files: [file] }),
        [0],
      ), undefined, {}, (r) => r.result === true);
      assert.strictEqual(result, true);
      assert.match(shown[0].items[0], /Renew.*: second-client for user "SECOND_PARTNER"$/);

      const after = JSON.parse((await textOf(mapping))!);
      assert.strictEqual(after.mappings[0].user, 'SECOND_PARTNER');
      assert.notStrictEqual(after.mappings[0].certificate, leaf, 'the second folder\'s entry holds the renewal');
      assert.strictEqual(after.mappings[0].previousCertificates.length, 1);
      assert.strictEqual(await textOf(firstMapping), firstBefore, 'the first folder\'s mapping file is untouched');
      const kept = vscode.Uri.joinPath(second, 'certificates', 'second-client.pem');
      await until('the renewal kept in the second folder\'s certificates/', async () => (await readFile(kept)) !== undefined);
      assert.strictEqual(await readFile(workspaceUri('certificates', 'second-client.pem')), undefined, 'nothing kept in the first folder');
    } finally {
      if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) {
        for (const d of vscode.workspace.textDocuments.filter((x) => x.isDirty && x.uri.toString().startsWith(second.toString()))) {
          await vscode.window.showTextDocument(d);
          await vscode.commands.executeCommand('workbench.action.files.revert');
        }
        const removed = foldersChanged();
        vscode.workspace.updateWorkspaceFolders(1, vscode.workspace.workspaceFolders!.length - 1);
        await removed;
      }
      await vscode.workspace.fs.delete(second, { recursive: true, useTrash: false });
    }
  });

  it('from the palette, Renew Certificate… lists the entries of every folder\'s mapping file', async () => {
    const second = vscode.Uri.joinPath(workspaceUri(), '..', `second-palette-${Date.now()}`);
    const [leaf] = blocks(await issueRenewalBundle(SUBJECT, ISSUER, -300, 10));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(second, 'Second_Copy/src/main/resources/scenarioflows/integrationflow/Second_Copy.iflw'), await vscode.workspace.fs.readFile(iflowUri('Material_Sync')));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(second, 'certificate-user-mappings.json'), encoder.encode(`${JSON.stringify({ mappings: [{ user: 'SECOND_PARTNER', roles: ['Second.send'], certificate: leaf }] }, null, 2)}\n`));
    try {
      const added = foldersChanged();
      assert.ok(vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders!.length, 0, { uri: second }), 'the folder could not be added');
      await added;
      const workspace = (await api()).workspace;
      await until('the second folder\'s mapping file read', () => workspace.current.mappingFiles().some((m) => m.file.startsWith(second.toString())));
      const prompt = nextPromptOf((await api()).prompter); // listening before the command runs
      const result = vscode.commands.executeCommand<boolean>('iflowAuth.renewCertificate');
      const labels = (await prompt).items.join('\n');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.strictEqual(await result, false, 'Esc on the list: nothing renewed');
      assert.match(labels, /\$\(person\) SECOND_PARTNER/, labels);
      assert.match(labels, /\$\(person\) SHIPPING_PARTNER/, labels);
    } finally {
      if ((vscode.workspace.workspaceFolders?.length ?? 0) > 1) {
        const removed = foldersChanged();
        vscode.workspace.updateWorkspaceFolders(1, vscode.workspace.workspaceFolders!.length - 1);
        await removed;
      }
      await vscode.workspace.fs.delete(second, { recursive: true, useTrash: false });
    }
  });
});
