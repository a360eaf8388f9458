import * as assert from 'assert';
import * as vscode from 'vscode';
import { issueClientCertificate } from './certificates';
import { api, codeOf, iflowUri, ours, textUnder, until, withCode, workspaceUri } from './helpers';

describe('diagnostics in a real VS Code', () => {
  before(api);

  it('lints iFlows that were never opened, with code, link, severity and exact range', async () => {
    // An iFlow that appears on disk and is never opened in an editor is linted too.
    const fresh = workspaceUri('Never_Opened/src/main/resources/scenarioflows/integrationflow/Never_Opened.iflw');
    await vscode.workspace.fs.writeFile(fresh, await vscode.workspace.fs.readFile(iflowUri('Orders_Inbound')));
    await until('client-certificate-authorization on an iFlow never opened', () => withCode(fresh, 'client-certificate-authorization').length === 1);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === fresh.toString()), 'linted without a document');

    const orders = iflowUri('Orders_Inbound');
    const [mode] = await until('client-certificate-authorization on Orders_Inbound', () => withCode(orders, 'client-certificate-authorization').length === 1 && withCode(orders, 'client-certificate-authorization'));
    assert.strictEqual(mode.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(await textUnder(orders, mode), 'ClientCertificate');
    assert.match(mode.message, /HTTPS_Orders.*Client Certificate \(4 certificate entries\)/);
    assert.ok(typeof mode.code === 'object' && mode.code.target.toString().endsWith('/docs/rules/client-certificate-authorization.md'));

    const [notFound] = withCode(orders, 'certificate-not-found');
    assert.ok(notFound, 'certificate-not-found missing');
    assert.strictEqual(notFound.severity, vscode.DiagnosticSeverity.Information);
    assert.strictEqual(await textUnder(orders, notFound), 'CN=globex-orders, O=Globex Corporation, C=US');

    const [duplicate] = withCode(orders, 'duplicate-certificate-entry');
    assert.ok(duplicate, 'duplicate-certificate-entry missing');
    assert.strictEqual(await textUnder(orders, duplicate), 'C=DE, O=ACME, CN=acme-client');
    assert.ok(duplicate.relatedInformation?.[0]?.location.uri.toString() === orders.toString(), 'the duplicate points at the first entry');
  });

  it('judges certificates resolved from workspace files and names the file', async () => {
    const invoices = iflowUri('Invoices_SOAP');
    const [expired] = await until('certificate-expired on Invoices_SOAP', () => withCode(invoices, 'certificate-expired').length > 0 && withCode(invoices, 'certificate-expired'));
    assert.strictEqual(expired.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(await textUnder(invoices, expired), 'CN=acme-expired, O=ACME, C=DE');
    // The hover on the entry names the certificate file; a related-information row per finding would
    // only double the Problems panel.
    assert.ok(!expired.relatedInformation?.some((r) => r.location.uri.path.endsWith('/certificates/acme-expired.pem')));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', invoices, expired.range.start.translate(0, 3));
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(hover, /Found in\W+certificates\/acme-expired\.pem/, 'the hover names the certificate file');
    const codes = ours(invoices).map(codeOf);
    for (const code of ['self-signed-certificate', 'certificate-not-for-client-auth', 'empty-certificate-entry']) {
      assert.ok(codes.includes(code), `${code} expected on Invoices_SOAP, got ${codes.join(', ')}`);
    }
  });

  it('reports User Role problems, externalized parameters and the mapping file', async () => {
    const material = iflowUri('Material_Sync');
    const [missing] = await until('missing-user-role', () => withCode(material, 'missing-user-role').length > 0 && withCode(material, 'missing-user-role'));
    assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.match(await textUnder(material, missing), /<key>userRole<\/key>\s*<value\/>/, 'an empty role underlines the whole property');
    const [generic] = withCode(material, 'generic-user-role');
    assert.strictEqual(await textUnder(material, generic), 'ESBMessaging.send');

    const partner = iflowUri('Partner_Onboarding');
    const [unresolved] = withCode(partner, 'unresolved-parameter');
    assert.strictEqual(await textUnder(partner, unresolved), '{{PartnerAuthorization}}');
    assert.strictEqual(withCode(partner, 'unknown-authorization').length, 1);
    // {{Sender Role}} and {{SenderAuthorization}} resolve from parameters.prop: no unresolved-parameter there.
    assert.deepStrictEqual(withCode(iflowUri('Customer_Replication'), 'unresolved-parameter'), []);

    const mapping = workspaceUri('certificate-user-mappings.json');
    const mappingCodes = ours(mapping).map(codeOf).sort();
    // The two ACME entries' chains stop at the issuing CA: the examples hold no ACME root.
    assert.deepStrictEqual(mappingCodes, ['certificate-not-found', 'duplicate-mapping', 'incomplete-certificate-chain', 'incomplete-certificate-chain', 'invalid-certificate']);
    assert.deepStrictEqual(ours(iflowUri('Shipment_Notification')), [], 'a healthy flow has no findings');
  });

  it('reports a half-saved file as invalid-iflow', async () => {
    const broken = workspaceUri('Half_Saved/src/main/resources/scenarioflows/integrationflow/Half_Saved.iflw');
    const [d] = await until('invalid-iflow', () => withCode(broken, 'invalid-iflow').length === 1 && withCode(broken, 'invalid-iflow'));
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(ours(broken).length, 1, 'nothing else is reported on a file that cannot be read');
  });

  it('re-lints as the user types, and undo restores the findings', async () => {
    const material = iflowUri('Material_Sync');
    const doc = await vscode.workspace.openTextDocument(material);
    const editor = await vscode.window.showTextDocument(doc);
    const offset = doc.getText().indexOf('ESBMessaging.send');
    const range = new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + 'ESBMessaging.send'.length));
    await editor.edit((b) => b.replace(range, 'MaterialSync.send'));
    await until('generic-user-role to go away after the edit', () => withCode(material, 'generic-user-role').length === 0);
    await vscode.commands.executeCommand('undo');
    await until('generic-user-role to come back after undo', () => withCode(material, 'generic-user-role').length === 1);
    assert.strictEqual(doc.getText().includes('MaterialSync.send'), false);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('follows settings at once: rule severity and the expiry window', async () => {
    const config = vscode.workspace.getConfiguration('iflowAuth');
    const material = iflowUri('Material_Sync');
    try {
      await config.update('rules', { 'generic-user-role': 'off', 'missing-user-role': 'warning' }, vscode.ConfigurationTarget.Workspace);
      await until('generic-user-role off', () => withCode(material, 'generic-user-role').length === 0);
      const [missing] = withCode(material, 'missing-user-role');
      assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Warning);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('generic-user-role back', () => withCode(material, 'generic-user-role').length === 1);
    assert.strictEqual(withCode(material, 'missing-user-role')[0].severity, vscode.DiagnosticSeverity.Error);
  });

  it('resolves an entry when its certificate file appears on disk, and the window setting moves it', async () => {
    const orders = iflowUri('Orders_Inbound');
    const pem = await issueClientCertificate('CN=globex-orders, O=Globex Corporation, C=US', 'CN=Globex Issuing CA, O=Globex Corporation, C=US', -300, 45);
    const file = workspaceUri('certificates', 'globex-orders.pem');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(pem));
    const config = vscode.workspace.getConfiguration('iflowAuth');
    try {
      await until('certificate-not-found to go away', () => withCode(orders, 'certificate-not-found').length === 0);
      // Expires in 45 days: outside the default 30-day window ...
      assert.ok(!withCode(orders, 'certificate-expiring').some((d) => d.message.includes('globex-orders')));
      // ... inside a 60-day one.
      await config.update('expiryWarningDays', 60, vscode.ConfigurationTarget.Workspace);
      const [expiring] = await until('certificate-expiring for globex-orders', () => {
        const found = withCode(orders, 'certificate-expiring').filter((d) => d.message.includes('globex-orders'));
        return found.length > 0 && found;
      });
      assert.match(expiring.message, /expires in 4[45] days/);
    } finally {
      await config.update('expiryWarningDays', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(file);
    }
    await until('certificate-not-found back after the file was deleted', () => withCode(orders, 'certificate-not-found').length === 1);
  });
});
