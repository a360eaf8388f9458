import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, iflowUri, workspaceUri } from './helpers';

const hoverText = (hovers: vscode.Hover[]): string =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

describe('certificate hover in a real VS Code', () => {
  before(api);

  it('shows subject, issuer, serial, validity, fingerprint, key and where it was found on an iFlow entry', async () => {
    const doc = await vscode.workspace.openTextDocument(iflowUri('Orders_Inbound'));
    const at = doc.positionAt(doc.getText().indexOf('CN=acme-client, O=ACME, C=DE') + 4);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
    assert.match(text, /Certificate acme-client/);
    assert.match(text, /Issuer: CN=ACME Issuing CA, O=ACME, C=DE/);
    assert.match(text, /Serial: 3001/, 'the serial, in hex as the fixture README lists it');
    assert.match(text, /2026-01-01 to 2027-03-01/);
    assert.match(text, /SHA-256: ([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    assert.match(text, /Key: RSA 2048 bits/);
    assert.match(text, /Extended key usage: clientAuth/);
    assert.match(text, /Found in: certificates\/acme-client\.cer/);
    assert.match(text, /^\*\*Certificate acme-client\*\* · (expires in \d+ days?|expired)/, 'its state first');
    assert.ok(text.split('\n').length <= 9, 'a few lines, no table');
  });

  it('says why an entry has no certificate', async () => {
    const doc = await vscode.workspace.openTextDocument(iflowUri('Orders_Inbound'));
    const at = doc.positionAt(doc.getText().indexOf('CN=globex-orders') + 4);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
    assert.match(text, /No certificate with this Subject and Issuer DN was found/);
  });

  it('describes a certificate in the mapping file', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('certificate-user-mappings.json'));
    const at = doc.positionAt(doc.getText().indexOf('-----BEGIN CERTIFICATE-----') + 12);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
    assert.match(text, /Certificate acme-ec-client/);
    assert.match(text, /Key: EC 256 bits/);
    assert.match(text, /user SHIPPING\\_PARTNER/);
  });

  it('leaves other JSON files alone', async () => {
    const other = workspaceUri('other.json');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode('{ "mappings": [] }\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(other);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 4));
      assert.ok(!/Certificate/.test(hoverText(hovers)));
      assert.strictEqual((await api()).workspace.current.document(other.toString()), undefined, 'not taken for an iFlow');
    } finally {
      await vscode.workspace.fs.delete(other);
    }
  });
});
