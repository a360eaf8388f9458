import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SenderAuthNode } from '../../src/vscode/tree';
import { api, iflowUri, textUnder, until, withCode } from './helpers';

const hoverText = (hovers: vscode.Hover[]): string =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

describe('sender endpoints in a real VS Code', () => {
  before(api);

  it('duplicate-endpoint on both channels, each pointing at the other; an edit in one file clears both, undo brings them back', async () => {
    const invoices = iflowUri('Invoices_SOAP');
    const partner = iflowUri('Partner_Onboarding');
    const [inInvoices] = await until('duplicate-endpoint on Invoices_SOAP', () => withCode(invoices, 'duplicate-endpoint').length === 1 && withCode(invoices, 'duplicate-endpoint'));
    const [inPartner] = await until('duplicate-endpoint on Partner_Onboarding', () => withCode(partner, 'duplicate-endpoint').length === 1 && withCode(partner, 'duplicate-endpoint'));
    assert.strictEqual(inInvoices.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(await textUnder(invoices, inInvoices), '/soap_invoices');
    assert.strictEqual(await textUnder(partner, inPartner), '/soap_invoices');
    assert.match(inInvoices.message, /"SOAP_Invoices" has the endpoint \/cxf\/soap_invoices, like "SOAP_Legacy" in iFlow "Partner Onboarding"/);
    assert.strictEqual(inInvoices.relatedInformation?.[0].location.uri.toString(), partner.toString());
    assert.ok(typeof inInvoices.code === 'object' && inInvoices.code.target.toString().endsWith('/docs/rules/duplicate-endpoint.md'));

    // Typing a new address into Partner_Onboarding (never saved) clears the finding in Invoices_SOAP too.
    const doc = await vscode.workspace.openTextDocument(partner);
    const editor = await vscode.window.showTextDocument(doc);
    const related = inPartner.range;
    await editor.edit((b) => b.replace(related, '/partner_invoices'));
    await until('duplicate-endpoint to go from both files', () => withCode(invoices, 'duplicate-endpoint').length === 0 && withCode(partner, 'duplicate-endpoint').length === 0);
    await vscode.commands.executeCommand('undo');
    await until('duplicate-endpoint back on both after undo', () => withCode(invoices, 'duplicate-endpoint').length === 1 && withCode(partner, 'duplicate-endpoint').length === 1);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the tree shows each channel’s endpoint; a hover on the address names the other channel', async () => {
    const { tree } = await api();
    const label = (i: vscode.TreeItem): string => (typeof i.label === 'string' ? i.label : i.label?.label ?? '');
    const invoices = tree.getChildren().find((n) => label(tree.getTreeItem(n)) === 'Invoices SOAP')!;
    const [channel] = tree.getChildren(invoices) as SenderAuthNode[];
    assert.match(String(tree.getTreeItem(channel).description), /^SOAP · Client Certificate · 6 certificates · \/cxf\/soap_invoices$/);

    const uri = iflowUri('Invoices_SOAP');
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = doc.positionAt(doc.getText().indexOf('/soap_invoices') + 2);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at));
    assert.match(text, /Endpoint of SOAP\\_Invoices\*\*: \/cxf\/soap\\_invoices/);
    assert.match(text, /From address = \/soap\\_invoices/);
    assert.match(text, /Also claimed by: SOAP\\_Legacy in Partner Onboarding/);
  });
});
