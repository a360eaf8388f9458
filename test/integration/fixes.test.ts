import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, iflowUri, outsideWorkspaceUri, readFile, repoUri, restoreWorkspace, textOf, until, withCode, workspaceUri } from './helpers';
import { runWithAnswers } from './prompts';
import { issueClientCertificate } from './certificates';


async function codeActions(uri: vscode.Uri, diagnostic: vscode.Diagnostic, kind?: string): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, kind);
}

async function runAction(action: vscode.CodeAction): Promise<unknown> {
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  return action.command ? vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? [])) : undefined;
}

/** Undo in the active editor until `uri` holds `text` again (one undo must do it). */
async function undoOnce(): Promise<void> {
  await vscode.commands.executeCommand('undo');
}

const mappingUri = () => workspaceUri('certificate-user-mappings.json');

describe('quick fixes in a real VS Code', () => {
  before(api);

  it('moves a Client Certificate channel to User Role and the mapping file in one edit, and one undo reverts both', async () => {
    const orders = iflowUri('Orders_Inbound');
    const [diagnostic] = await until('client-certificate-authorization', () => withCode(orders, 'client-certificate-authorization').length === 1 && withCode(orders, 'client-certificate-authorization'));
    const before = (await textOf(orders))!;
    const mappingBefore = (await textOf(mappingUri()))!;
    await vscode.window.showTextDocument(orders);
    const actions = await codeActions(orders, diagnostic);
    const move = actions.find((a) => a.isPreferred);
    assert.ok(move, `no preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    const mappingOnDisk = await readFile(mappingUri());
    assert.strictEqual(move.title, 'Move 3 certificates to the certificate-user mapping and switch to User Role "Orders_Inbound.send"');
    assert.ok(actions.some((a) => a.title.startsWith('Move to the certificate-user mapping under a user and role you choose')));
    assert.strictEqual(await runAction(move), true);

    const after = (await textOf(orders))!;
    const tableStart = before.indexOf('<key>clientCertificates</key>');
    const table = /<value>(&lt;row&gt;[\s\S]*?)<\/value>/.exec(before.slice(tableStart))![1];
    const expected = before.replace('<value>ClientCertificate</value>', '<value>RoleBased</value>').replace('<value>ESBMessaging.send</value>', '<value>Orders_Inbound.send</value>').replace(`<value>${table}</value>`, '<value/>');
    assert.strictEqual(after, expected, 'only the mode, the role and the table changed, byte for byte');

    const mapping = JSON.parse((await textOf(mappingUri()))!);
    const original = JSON.parse(mappingBefore);
    assert.deepStrictEqual(mapping.mappings.slice(0, original.mappings.length), original.mappings, 'existing entries kept, in order');
    const added = mapping.mappings.slice(original.mappings.length);
    assert.deepStrictEqual(added.map((e: { user: string }) => e.user), ['ACME_CLIENT', 'ACME_EXPIRING', 'GLOBEX_ORDERS']);
    assert.match(added[0].certificate, /^-----BEGIN CERTIFICATE-----\n/);
    assert.strictEqual(added[2].certificate, null);
    assert.strictEqual(added[2].subjectDN, 'CN=globex-orders, O=Globex Corporation, C=US');
    assert.deepStrictEqual(added[0].roles, ['Orders_Inbound.send'], 'the flow-specific role, never the generic one');
    assert.deepStrictEqual(added[0].usedBy, [{ iflow: 'Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw', channel: 'HTTPS_Orders' }]);
    await until('the channel to be User Role in the model', async () => (await api()).workspace.document(orders.toString())?.channels[0].authorization === 'userRole');
    assert.strictEqual(await readFile(mappingUri()), mappingOnDisk, 'the mapping file is changed in its document for review, not behind the user’s back on disk');

    await vscode.window.showTextDocument(orders);
    await undoOnce();
    await until('the iFlow back to its original bytes', async () => (await textOf(orders)) === before);
    await until('the mapping file back to its original bytes', async () => (await textOf(mappingUri())) === mappingBefore);
  });

  it('never applies a fix to a document that changed after the fix was computed', async () => {
    const orders = iflowUri('Orders_Inbound');
    const [diagnostic] = await until('client-certificate-authorization', () => withCode(orders, 'client-certificate-authorization').length === 1 && withCode(orders, 'client-certificate-authorization'));
    const editor = await vscode.window.showTextDocument(orders);
    const move = (await codeActions(orders, diagnostic)).find((a) => a.isPreferred)!;
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), ' '));
    const typed = editor.document.getText();
    assert.strictEqual(await runAction(move), false);
    assert.strictEqual(editor.document.getText(), typed, 'the stale edit was not applied');
    await vscode.commands.executeCommand('undo');
  });

  it('sets the flow-specific role on an empty role, and asks before replacing the generic one', async () => {
    const { prompter } = await api();
    const material = iflowUri('Material_Sync');
    const before = (await textOf(material))!;
    await vscode.window.showTextDocument(material);
    const [missing] = await until('missing-user-role', () => withCode(material, 'missing-user-role').length === 1 && withCode(material, 'missing-user-role'));
    const setRole = (await codeActions(material, missing)).find((a) => a.title === 'Set the flow-specific role "Material_Sync.send"');
    assert.ok(setRole);
    assert.strictEqual(await runAction(setRole), true);
    const afterRole = (await textOf(material))!;
    const emptyRole = /<key>userRole<\/key>\s*<value\/>/.exec(before)!;
    assert.strictEqual(afterRole, before.slice(0, emptyRole.index) + emptyRole[0].replace('<value/>', '<value>Material_Sync.send</value>') + before.slice(emptyRole.index + emptyRole[0].length));
    await undoOnce();
    await until('the role fix undone', async () => (await textOf(material)) === before);

    const [generic] = await until('generic-user-role', () => withCode(material, 'generic-user-role').length === 1 && withCode(material, 'generic-user-role'));
    const flowRole = (await codeActions(material, generic)).find((a) => a.title === 'Use a flow-specific role "Material_Sync.send"');
    assert.ok(flowRole);
    const asked: string[] = [];
    try {
      // Cancel first: nothing changes.
      prompter.answerConfirmation = (shown) => { asked.push(shown.items[0]); return false; };
      assert.strictEqual(await runAction(flowRole), false);
      assert.strictEqual(await textOf(material), before, 'not applied without a yes');
      prompter.answerConfirmation = (shown) => { asked.push(shown.items[0]); return true; };
      assert.strictEqual(await runAction(flowRole), true);
    } finally {
      prompter.answerConfirmation = undefined;
    }
    assert.strictEqual(asked.length, 2);
    assert.match(asked[0], /Channel "HTTPS_Materials": tenant users holding "ESBMessaging.send" who are not in the mapping file lose access/);
    assert.strictEqual(await textOf(material), before.replace('<value>ESBMessaging.send</value>', '<value>Material_Sync.send</value>'));
    await until('generic-user-role gone', () => withCode(material, 'generic-user-role').length === 0);
    await undoOnce();
    await until('undone', async () => (await textOf(material)) === before);
  });

  it('edits parameters.prop, not the iFlow, when the mode is externalized — and says so', async () => {
    const { workspace } = await api();
    const template = (await readFile(iflowUri('Orders_Inbound')))!;
    const root = workspaceUri('Externalized_Orders');
    const iflow = vscode.Uri.joinPath(root, 'src/main/resources/scenarioflows/integrationflow/Externalized_Orders.iflw');
    const params = vscode.Uri.joinPath(root, 'src/main/resources/parameters.prop');
    const text = template.replace('<value>ClientCertificate</value>', '<value>{{Orders Auth}}</value>');
    await vscode.workspace.fs.writeFile(params, new TextEncoder().encode('# deploy-time values\r\nOrders\\ Auth=ClientCertificate\r\nOther=1\r\n'));
    await vscode.workspace.fs.writeFile(iflow, new TextEncoder().encode(text));
    try {
      const [diagnostic] = await until('client-certificate-authorization on the externalized flow', () => withCode(iflow, 'client-certificate-authorization').length === 1 && withCode(iflow, 'client-certificate-authorization'));
      await vscode.window.showTextDocument(iflow);
      const move = (await codeActions(iflow, diagnostic)).find((a) => a.isPreferred)!;
      assert.match(move.title, /switch to User Role "Externalized_Orders\.send" \(in parameters\.prop\)$/);
      assert.strictEqual(await runAction(move), true);
      assert.strictEqual(await textOf(params), '# deploy-time values\r\nOrders\\ Auth=RoleBased\r\nOther=1\r\n', 'only the value changed, CRLF kept');
      assert.ok((await textOf(iflow))!.includes('<value>{{Orders Auth}}</value>'), 'the placeholder stays in the iFlow');
      await until('the flow to be User Role', () => workspace.document(iflow.toString())?.channels[0]?.authorization === 'userRole');
      // The iFlow itself did not change: undo from the file that did.
      await vscode.window.showTextDocument(params);
      await undoOnce();
      await until('parameters.prop restored', async () => (await textOf(params))?.includes('Orders\\ Auth=ClientCertificate'));
    } finally {
      await restoreWorkspace(); // also deletes the folder this test created
      // Leave the workspace as the next test expects it: the model has seen the folder go.
      await until('the deleted export to leave the model', () => !workspace.document(iflow.toString()));
    }
  });

  it('refuses to touch a mapping file that is not valid JSON, and says why', async () => {
    const mapping = mappingUri();
    const original = (await readFile(mapping))!;
    const broken = original.replace('"mappings": [', '"mappings": [,');
    await vscode.workspace.fs.writeFile(mapping, new TextEncoder().encode(broken));
    try {
      await until('invalid-mapping-file', () => withCode(mapping, 'invalid-mapping-file').length === 1);
      const invoices = iflowUri('Invoices_SOAP');
      await vscode.workspace.openTextDocument(invoices); // the code action provider needs a model
      const [diagnostic] = await until('client-certificate-authorization on Invoices_SOAP', () => withCode(invoices, 'client-certificate-authorization').length === 1 && withCode(invoices, 'client-certificate-authorization'));
      const actions = await codeActions(invoices, diagnostic);
      // The move is offered only disabled (with the reason in the light bulb), which the API command leaves out.
      assert.ok(!actions.some((a) => a.title.startsWith('Move')), actions.map((a) => a.title).join(' | '));
      const channelId = (await api()).workspace.document(invoices.toString())!.channels[0].id;
      assert.strictEqual(await vscode.commands.executeCommand('iflowAuth.migrateChannel', invoices, channelId), false, 'the command refuses too');
      assert.strictEqual(await readFile(mapping), broken, 'untouched');
    } finally {
      await vscode.workspace.fs.writeFile(mapping, new TextEncoder().encode(original));
    }
    await until('mapping valid again', () => withCode(mapping, 'invalid-mapping-file').length === 0);
  });

  it('source.fixAll removes duplicate and empty certificate rows only', async () => {
    const invoices = iflowUri('Invoices_SOAP');
    const before = (await textOf(invoices))!;
    await vscode.window.showTextDocument(invoices);
    const [empty] = await until('empty-certificate-entry', () => withCode(invoices, 'empty-certificate-entry').length === 1 && withCode(invoices, 'empty-certificate-entry'));
    const [fixAll] = await codeActions(invoices, empty, 'source.fixAll.iflowAuth');
    assert.strictEqual(fixAll?.title, 'Remove 1 duplicate or empty certificate entry');
    assert.ok(fixAll.edit);
    await vscode.workspace.applyEdit(fixAll.edit);
    const emptyRow = "&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;&lt;/cell&gt;&lt;/row&gt;";
    assert.ok(before.includes(emptyRow));
    assert.strictEqual(await textOf(invoices), before.replace(emptyRow, ''));
    await undoOnce();
    await until('fixAll undone', async () => (await textOf(invoices)) === before);
  });
});

describe('Import Certificate… in a real VS Code', () => {
  before(api);

  it('reads the file, shows what it read, maps it to a new user and keeps the file — one undo removes both', async () => {
    const pem = await issueClientCertificate('CN=initech-orders, O=Initech, C=US', 'CN=Initech CA, O=Initech, C=US', -10, 200);
    const outside = outsideWorkspaceUri(`initech-${Date.now()}.pem`);
    await vscode.workspace.fs.writeFile(outside, new TextEncoder().encode(pem));
    const mappingBefore = (await textOf(mappingUri()))!;
    const { result, shown } = await runWithAnswers(
      () => vscode.commands.executeCommand<boolean>('iflowAuth.importCertificate', { files: [outside] }),
      [0, 0, 0, 0, 0], // the certificate, the mapping target, a new user, its name, its roles
    );
    assert.strictEqual(result, true);
    assert.deepStrictEqual(shown.map((s) => s.title), ['Import Certificate: what was read', 'Import Certificate: where to', 'Import Certificate: user', 'Import Certificate: new user', 'Import Certificate: roles of INITECH_ORDERS']);
    assert.match(shown[0].items.join('\n'), /\$\(warning\) initech-orders/, 'the incomplete chain is flagged before writing');
    const mapping = JSON.parse((await textOf(mappingUri()))!);
    const added = mapping.mappings[mapping.mappings.length - 1];
    assert.strictEqual(added.user, 'INITECH_ORDERS');
    assert.strictEqual(added.certificate.replace(/\r\n/g, '\n').trim(), pem.replace(/\r\n/g, '\n').trim());
    const kept = workspaceUri('certificates', 'initech-orders.pem');
    assert.ok((await textOf(kept))?.includes('-----BEGIN CERTIFICATE-----'));
    await vscode.window.showTextDocument(mappingUri());
    await undoOnce();
    await until('mapping file restored', async () => (await textOf(mappingUri())) === mappingBefore);
    await until('kept certificate file removed', async () => (await readFile(kept)) === undefined);
  });

  it('warns about a self-signed certificate and a private key, and never writes the key', async () => {
    const withKey = repoUri('test/fixtures/certs/client-with-key.pem');
    const selfSigned = repoUri('test/fixtures/certs/selfsigned-client.pem');
    const { result, shown } = await runWithAnswers(
      () => vscode.commands.executeCommand<boolean>('iflowAuth.importCertificate', { files: [withKey, selfSigned] }),
      [1, 1, 0], // the self-signed certificate (2nd), the channel table, the first channel
    );
    assert.strictEqual(result, true);
    const read = shown[0].items.join('\n');
    assert.match(read, /private key: it is not copied anywhere/);
    assert.match(read, /\$\(warning\) selfsigned-client/);
    const all = await vscode.workspace.findFiles('**/*');
    for (const uri of all) {
      const text = (await readFile(uri)) ?? '';
      assert.ok(!/PRIVATE KEY/.test(text), `${uri.path} holds private key material`);
    }
    await undoOnce();
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

describe('more ways in: the ask variant and an entry’s Import certificate…', () => {
  before(api);

  it('asks for the user and the role first, then moves the channel', async () => {
    const orders = iflowUri('Orders_Inbound');
    const { workspace } = await api();
    const channelId = workspace.document(orders.toString())!.channels[0].id;
    const { result, shown } = await runWithAnswers(
      () => vscode.commands.executeCommand<boolean>('iflowAuth.migrateChannel', orders, channelId, { ask: true }),
      [0, 0], // keep the proposed user (one per certificate) and role
    );
    assert.strictEqual(result, true);
    assert.deepStrictEqual(shown.map((s) => s.kind), ['input', 'input']);
    assert.match(shown[0].title, /user$/);
    assert.deepStrictEqual(shown[1].items, ['Orders_Inbound.send'], 'the role proposed is the flow-specific one, not the channel’s generic one');
    assert.ok((await textOf(orders))!.includes('<value>RoleBased</value>'));
    assert.ok((await textOf(mappingUri()))!.includes('"GLOBEX_ORDERS"'));
  });

  it('imports the certificate of a not-found entry from its quick fix, and the entry resolves', async () => {
    const orders = iflowUri('Orders_Inbound');
    const [notFound] = await until('certificate-not-found', () => withCode(orders, 'certificate-not-found').length === 1 && withCode(orders, 'certificate-not-found'));
    const importFix = (await codeActions(orders, notFound)).find((a) => a.title === 'Import certificate…');
    assert.ok(importFix?.command);
    const pem = await issueClientCertificate('CN=globex-orders, O=Globex Corporation, C=US', 'CN=Globex Issuing CA, O=Globex Corporation, C=US', -10, 300);
    const file = outsideWorkspaceUri(`globex-${Date.now()}.pem`);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(pem));
    // The quick fix's own arguments; the file is given instead of picked in the open dialog.
    const { result, shown } = await runWithAnswers(
      () => vscode.commands.executeCommand<boolean>(importFix.command!.command, { ...importFix.command!.arguments![0], files: [file] }),
      [0], // the certificate; an entry's import asks nothing else
    );
    assert.strictEqual(result, true);
    assert.match(shown[0].items.join('\n'), /globex-orders/);
    const kept = workspaceUri('certificates', 'globex-orders.pem');
    await until('the entry to resolve from the kept certificate', () => withCode(orders, 'certificate-not-found').length === 0);
    // Discard the import (the kept certificate file goes with it).
    await restoreWorkspace();
    assert.strictEqual(await readFile(kept), undefined);
    await until('not found again', () => withCode(orders, 'certificate-not-found').length === 1);
  });
});

describe('mapping exports in a real VS Code', () => {
  before(api);

  it('writes Neo payloads and Cloud Foundry service keys, and lists entries without a certificate as blocking', async () => {
    const neo = outsideWorkspaceUri(`neo-${Date.now()}`);
    const result = await vscode.commands.executeCommand<{ files: Array<{ name: string; content: string }>; blocking: string[] }>('iflowAuth.exportNeo', neo);
    assert.ok(result);
    assert.deepStrictEqual(result.blocking.length, 2, result.blocking.join('\n'));
    assert.match(result.blocking.join('\n'), /INITECH_PARTNER.*no certificate yet/);
    const payload = JSON.parse((await readFile(vscode.Uri.joinPath(neo, 'SHIPPING_PARTNER.json')))!);
    assert.strictEqual(payload.User, 'SHIPPING_PARTNER');
    assert.match(atob(payload.Certificate), /^-----BEGIN CERTIFICATE-----/);
    assert.ok(!(await readFile(vscode.Uri.joinPath(neo, 'INITECH_PARTNER.json'))), 'a blocking entry is not exported half-filled');

    const cf = outsideWorkspaceUri(`cf-${Date.now()}`);
    const cfResult = await vscode.commands.executeCommand<{ files: Array<{ name: string; content: string }> }>('iflowAuth.exportCloudFoundry', cf);
    const json = cfResult.files.filter((f) => f.name.endsWith('.json')).map((f) => JSON.parse(f.content));
    const keys = json.filter((j) => j['key-type'] === 'certificate_external');
    assert.ok(keys.length >= 1);
    assert.match(keys[0]['X.509'], /^-----BEGIN CERTIFICATE-----/);
    assert.ok(json.some((j) => Array.isArray(j.roles)), 'service-instance parameters with roles');
  });
});
