import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, iflowUri, outsideWorkspaceUri, readFile, repoUri, restoreWorkspace, textOf, until, withCode, workspaceUri } from './helpers';
import { runWithAnswers } from './prompts';
import { issueClientCertificate } from './certificates';
import { throughPreview, undoAndSave } from './preview';

const decoder = new TextDecoder();

/** The code actions at a diagnostic, asked of an open editor (VS Code has no model of a file that no test opened yet: "Illegal argument"). */
async function codeActions(uri: vscode.Uri, diagnostic: vscode.Diagnostic, kind?: string): Promise<vscode.CodeAction[]> {
  await vscode.window.showTextDocument(uri);
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

const bytesOf = async (uri: vscode.Uri): Promise<Uint8Array> => vscode.workspace.fs.readFile(uri);
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const dirty = (uri: vscode.Uri): boolean => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty);

describe('quick fixes in a real VS Code', () => {
  before(api);

  it('moves a Client Certificate channel to User Role and the mapping file through the Refactor Preview; one undo reverts both', async () => {
    const orders = iflowUri('Orders_Inbound');
    const [diagnostic] = await until('client-certificate-authorization', () => withCode(orders, 'client-certificate-authorization').length === 1 && withCode(orders, 'client-certificate-authorization'));
    const before = await bytesOf(orders);
    const mappingBefore = await bytesOf(mappingUri());
    await vscode.window.showTextDocument(orders);
    const actions = await codeActions(orders, diagnostic);
    const move = actions.find((a) => a.isPreferred);
    assert.ok(move, `no preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
    assert.strictEqual(move.title, 'Move 3 certificates to the certificate-user mapping and switch to User Role "Orders_Inbound.send"');
    assert.ok(actions.some((a) => a.title.startsWith('Move to the certificate-user mapping under a user and role you choose')));
    const { result, title } = await throughPreview(() => runAction(move), 2);
    assert.strictEqual(result, true);
    assert.strictEqual(title, move.title, 'the preview is named after the fix');

    // Applied in the preview: VS Code saved both files (files.refactoring.autoSave, on by default).
    const after = decoder.decode(await bytesOf(orders));
    const text = decoder.decode(before);
    const tableStart = text.indexOf('<key>clientCertificates</key>');
    const table = /<value>(&lt;row&gt;[\s\S]*?)<\/value>/.exec(text.slice(tableStart))![1];
    const expected = text.replace('<value>ClientCertificate</value>', '<value>RoleBased</value>').replace('<value>ESBMessaging.send</value>', '<value>Orders_Inbound.send</value>').replace(`<value>${table}</value>`, '<value/>');
    assert.strictEqual(after, expected, 'only the mode, the role and the table changed, byte for byte');
    assert.ok(!dirty(orders) && !dirty(mappingUri()), 'saved together');

    const mapping = JSON.parse(decoder.decode(await bytesOf(mappingUri())));
    const original = JSON.parse(decoder.decode(mappingBefore));
    assert.deepStrictEqual(mapping.mappings.slice(0, original.mappings.length), original.mappings, 'existing entries kept, in order');
    const added = mapping.mappings.slice(original.mappings.length);
    assert.deepStrictEqual(added.map((e: { user: string }) => e.user), ['ACME_CLIENT', 'ACME_EXPIRING', 'GLOBEX_ORDERS']);
    assert.match(added[0].certificate, /^-----BEGIN CERTIFICATE-----\n/);
    assert.strictEqual(added[2].certificate, null);
    assert.strictEqual(added[2].subjectDN, 'CN=globex-orders, O=Globex Corporation, C=US');
    assert.deepStrictEqual(added[0].roles, ['Orders_Inbound.send'], 'the flow-specific role, never the generic one');
    assert.deepStrictEqual(added[0].usedBy, [{ iflow: 'Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw', channel: 'HTTPS_Orders' }]);
    await until('the channel to be User Role in the model', async () => (await api()).workspace.current.document(orders.toString())?.channels[0].authorization === 'userRole');

    await vscode.window.showTextDocument(orders);
    await undoAndSave([{ uri: orders, before }, { uri: mappingUri(), before: mappingBefore }]);
    await until('the iFlow back to its original bytes on disk', async () => same(await bytesOf(orders), before) && !dirty(orders));
    await until('the mapping file back to its original bytes on disk', async () => same(await bytesOf(mappingUri()), mappingBefore) && !dirty(mappingUri()));
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
      assert.strictEqual((await throughPreview(() => runAction(move), 2)).result, true);
      assert.strictEqual(await textOf(params), '# deploy-time values\r\nOrders\\ Auth=RoleBased\r\nOther=1\r\n', 'only the value changed, CRLF kept');
      assert.ok((await textOf(iflow))!.includes('<value>{{Orders Auth}}</value>'), 'the placeholder stays in the iFlow');
      await until('the flow to be User Role', () => workspace.current.document(iflow.toString())?.channels[0]?.authorization === 'userRole');
      // The iFlow itself did not change: undo from the file that did.
      await vscode.window.showTextDocument(params);
      await undoOnce();
      await until('parameters.prop restored', async () => (await textOf(params))?.includes('Orders\\ Auth=ClientCertificate'));
    } finally {
      await restoreWorkspace(); // also deletes the folder this test created
      // Leave the workspace as the next test expects it: the model has seen the folder go.
      await until('the deleted export to leave the model', () => !workspace.current.document(iflow.toString()));
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
      const channelId = (await api()).workspace.current.document(invoices.toString())!.channels[0].id;
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

  it('shows what it read, asks for the user and at least one role, and writes after the preview — one undo removes both', async () => {

    const pem = await issueClientCertificate('CN=initech-orders, O=Initech, C=US', 'CN=Initech CA, O=Initech, C=US', -10, 200);
    const outside = outsideWorkspaceUri(`initech-${Date.now()}.pem`);
    await vscode.workspace.fs.writeFile(outside, new TextEncoder().encode(pem));
    const mappingBefore = await bytesOf(mappingUri());
    const { result: { result, shown } } = await throughPreview(() => runWithAnswers(
      () => vscode.commands.executeCommand<boolean>('iflowAuth.importCertificate', { files: [outside] }),
      // the certificate, the mapping target, a new user, its name, then Enter with no role (refused), then the first role ticked
      [0, 0, 0, 0, { toggle: [0], emptyFirst: true }],
    ), 2, {}, (r) => r.result === true);
    assert.strictEqual(result, true);
    assert.deepStrictEqual(shown.map((s) => s.title), ['Import Certificate: what was read', 'Import Certificate: where to', 'Import Certificate: user', 'Import Certificate: new user', 'Import Certificate: roles of INITECH_ORDERS']);
    const row = shown[0].rows![0];
    assert.match(row, /^\$\(info\) initech-orders — issued by CN=Initech CA, O=Initech, C=US — valid .* · incomplete chain: the chain stops at the certificate itself, whose issuer "CN=Initech CA, O=Initech, C=US" is not in the workspace; .* · SHA-256 /, 'the chain is a note in the words of the rules, not a problem');
    const firstRole = shown[4].items[0];
    const mapping = JSON.parse(decoder.decode(await bytesOf(mappingUri())));
    const added = mapping.mappings[mapping.mappings.length - 1];
    assert.strictEqual(added.user, 'INITECH_ORDERS');
    assert.deepStrictEqual(added.roles, [firstRole], 'Enter with no role did not close the pick');
    assert.strictEqual(added.certificate.replace(/\r\n/g, '\n').trim(), pem.replace(/\r\n/g, '\n').trim());
    const kept = workspaceUri('certificates', 'initech-orders.pem');
    assert.ok((await readFile(kept))?.includes('-----BEGIN CERTIFICATE-----'), 'saved with the mapping file after the preview');
    await vscode.window.showTextDocument(mappingUri());
    await undoAndSave([{ uri: mappingUri(), before: mappingBefore }]);
    await until('mapping file restored, byte for byte', async () => same(await bytesOf(mappingUri()), mappingBefore) && !dirty(mappingUri()));
    await until('kept certificate file removed', async () => (await readFile(kept)) === undefined);
  });

  it('a certificate that cannot log in needs "Import anyway"; the private key is a note of its own and is never written', async () => {
    const withKey = repoUri('test/fixtures/certs/client-with-key.pem');
    const selfSigned = repoUri('test/fixtures/certs/selfsigned-client.pem');
    const importBoth = () => vscode.commands.executeCommand<boolean>('iflowAuth.importCertificate', { files: [withKey, selfSigned] });

    const mappingBefore = await bytesOf(mappingUri());
    // Enter, Enter, …: the self-signed certificate (2nd), then the default answer, Cancel.
    const cancelled = await runWithAnswers(importBoth, [1, 0]);
    assert.strictEqual(cancelled.result, false);
    assert.deepStrictEqual(cancelled.shown.map((s) => s.title), ['Import Certificate: what was read', 'Import Certificate: "selfsigned-client" cannot log in']);
    const read = cancelled.shown[0].rows!;
    const row = read.find((r) => r.includes('selfsigned-client'))!;
    assert.match(row, /^\$\(error\) selfsigned-client — issued by .* — self-signed: the SAP load balancer rejects it · valid /);
    assert.ok(row.indexOf('self-signed') < row.indexOf('SHA-256'), 'problems before the fingerprint');
    assert.ok(read.includes('$(key) The file also holds a private key — It is not copied anywhere: only the certificate is imported.'), `a readable row of its own: ${read.join(' | ')}`);
    assert.deepStrictEqual(cancelled.shown[1].items, ['$(circle-slash) Cancel', '$(warning) Import anyway']);
    assert.ok(same(await bytesOf(mappingUri()), mappingBefore));

    // …, Import anyway, the channel table, the first channel: one file changes (the certificate is in the workspace already), so no preview.
    const { result: { result }, title } = await throughPreview(() => runWithAnswers(importBoth, [1, 1, 1, 0]), 1, {}, (r) => r.result === true);
    assert.strictEqual(result, true);
    assert.strictEqual(title, '', 'one file: no preview');
    for (const uri of await vscode.workspace.findFiles('**/*')) {
      const text = (await readFile(uri)) ?? '';
      assert.ok(!/PRIVATE KEY/.test(text), `${uri.path} holds private key material`);
    }
  });
});

describe('more ways in: the ask variant and an entry’s Import certificate…', () => {
  before(api);

  it('asks for the user and the role first, then moves the channel', async () => {
    const orders = iflowUri('Orders_Inbound');
    const { workspace } = await api();
    const channelId = workspace.current.document(orders.toString())!.channels[0].id;
    const { result: { result, shown } } = await throughPreview(() => runWithAnswers(
      () => vscode.commands.executeCommand<boolean>('iflowAuth.migrateChannel', orders, channelId, { ask: true }),
      [0, 0], // keep the proposed user (one per certificate) and role
    ), 2, {}, (r) => r.result === true);
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
    const { result: { result, shown } } = await throughPreview(() => runWithAnswers(
      () => vscode.commands.executeCommand<boolean>(importFix.command!.command, { ...importFix.command!.arguments![0], files: [file] }),
      [0], // the certificate; an entry's import asks nothing else
    ), 1, {}, (r) => r.result === true);
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

  /** The examples map one certificate to two users (that refuses both exports): keep one of them. */
  async function exportableMapping(): Promise<void> {
    const m = JSON.parse(decoder.decode(await bytesOf(mappingUri())));
    m.mappings = m.mappings.filter((e: { user: string }) => e.user !== 'SHIPPING_PARTNER_BACKUP');
    await vscode.workspace.fs.writeFile(mappingUri(), new TextEncoder().encode(`${JSON.stringify(m, null, 2)}\n`));
    const { workspace } = await api();
    await until('the mapping file read again', () => workspace.current.mappingFor()?.entries.length === 3);
  }

  const listing = async (folder: vscode.Uri): Promise<string[]> => (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).sort();

  it('refuses an export that would map one certificate to two users, and writes nothing', async () => {
    const neo = workspaceUri('iflow-auth-export', 'neo');
    const result = await vscode.commands.executeCommand<{ files: unknown[]; refused?: string }>('iflowAuth.exportNeo', neo);
    assert.match(result.refused!, /"SHIPPING_PARTNER" and "SHIPPING_PARTNER_BACKUP"/);
    assert.strictEqual(await readFile(vscode.Uri.joinPath(neo, 'README.md')), undefined);
  });

  it('writes into the default folder of its own next to the mapping file, atomically, with an index; entries without a certificate are listed', async () => {
    await exportableMapping();
    const { result } = await runWithAnswers(() => vscode.commands.executeCommand<{ files: Array<{ name: string; content: string }>; blocking: string[] }>('iflowAuth.exportCloudFoundry'), [0]);
    const cf = workspaceUri('iflow-auth-export', 'cf');
    assert.deepStrictEqual(await listing(cf), ['README.md', 'iflow-auth-export.json', 'instance-1.json', 'key-SHIPPING_PARTNER.json'], 'no temporary file left');
    const key = JSON.parse((await readFile(vscode.Uri.joinPath(cf, 'key-SHIPPING_PARTNER.json')))!);
    assert.strictEqual(key['key-type'], 'certificate_external');
    assert.strictEqual((key['X.509'].match(/BEGIN CERTIFICATE/g) ?? []).length, 1, 'the leaf only');
    assert.strictEqual(result.blocking.length, 2);
    assert.match(result.blocking.join('\n'), /INITECH_PARTNER.*no certificate yet/);
  });

  it('never overwrites a README.md it did not write: refused (the file named) unless confirmed; typed folders are made', async () => {
    const { prompter } = await api();
    await exportableMapping();
    const neo = workspaceUri('team-exports', 'neo');
    const readme = new TextEncoder().encode('# Our team\u2019s notes\r\nKeep this.\r\n');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(neo, 'README.md'), readme);
    const asked: string[] = [];
    try {
      prompter.answerConfirmation = (shown) => { asked.push(`${shown.title}\n${shown.items[0]}`); return false; };
      // Where to: type a folder (2nd), then the folder name.
      const typed = await runWithAnswers(() => vscode.commands.executeCommand<{ refused?: string }>('iflowAuth.exportNeo'), [1, 0]);
      assert.strictEqual(typed.shown[1].items[0], 'iflow-auth-export/neo', 'the default folder is proposed');
      assert.deepStrictEqual(await listing(workspaceUri('iflow-auth-export', 'neo')), ['README.md', 'SHIPPING_PARTNER.json', 'iflow-auth-export.json', 'index.json'], 'a typed folder that did not exist is made');
      const refused = await vscode.commands.executeCommand<{ refused?: string }>('iflowAuth.exportNeo', neo);
      assert.match(refused.refused!, /did not write .*: README\.md, which the export would overwrite$/);
      assert.strictEqual(asked.length, 1);
      assert.match(asked[0], /^Export Mappings for Neo: team-exports\/neo holds files iflow-auth did not write\.\nThe folder holds a file iflow-auth did not write .*: README\.md, which the export would overwrite\.\n\nOverwrite README\.md\? Every other file stays\./);
      assert.ok(same(await bytesOf(vscode.Uri.joinPath(neo, 'README.md')), readme), 'byte-identical');
      assert.deepStrictEqual(await listing(neo), ['README.md'], 'nothing else written');
      prompter.answerConfirmation = () => true;
      await vscode.commands.executeCommand('iflowAuth.exportNeo', neo);
      assert.match((await readFile(vscode.Uri.joinPath(neo, 'README.md')))!, /^# Certificate-to-user mappings/, 'overwritten once confirmed');
    } finally {
      prompter.answerConfirmation = undefined;
    }
  });
});
