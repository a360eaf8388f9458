import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SenderAuthNode } from '../../src/vscode/tree';
import { api, iflowUri, until } from './helpers';

const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

describe('Sender Authorization tree in a real VS Code', () => {
  it('lists iFlows → channels → role / certificate entries, with descriptions by mode', async () => {
    const { tree } = await api();
    const roots = await until('iFlows in the tree', () => tree.getChildren().length >= 6 && tree.getChildren());
    const names = roots.map((n) => label(tree.getTreeItem(n)));
    assert.deepStrictEqual(names, ['Customer Replication', 'Half_Saved', 'Invoices SOAP', 'Legacy Gateway', 'Material Sync', 'Orders Inbound', 'Partner Onboarding', 'Payments Inbound', 'Shipment Notification']);

    const orders = roots.find((n) => label(tree.getTreeItem(n)) === 'Orders Inbound')!;
    const [channel] = tree.getChildren(orders);
    const channelItem = tree.getTreeItem(channel);
    assert.strictEqual(label(channelItem), 'HTTPS_Orders');
    assert.strictEqual(channelItem.description, 'HTTPS · Client Certificate · 4 certificates · /http/https_orders', 'mode, detail and endpoint');
    assert.match((channelItem.tooltip as vscode.MarkdownString).value, /Endpoint: \/http\/https\\_orders/, 'the endpoint, escaped as markdown');
    assert.strictEqual(channelItem.contextValue, 'channel.clientCertificate');
    assert.ok(channelItem.iconPath instanceof vscode.ThemeIcon && channelItem.iconPath.color, 'a channel with warnings is coloured');

    const entries = tree.getChildren(channel).map((n) => tree.getTreeItem(n));
    assert.deepStrictEqual(entries.map(label), ['acme-client', 'acme-expiring', 'globex-orders', 'acme-client']);
    assert.match(String(entries[1].description), /^ACME Issuing CA · (expires in \d+ days?|expires today|expired (today|\d+ days? ago)) · chain incomplete$/);
    assert.strictEqual(entries[2].description, 'Globex Issuing CA · certificate not found');

    const shipments = roots.find((n) => label(tree.getTreeItem(n)) === 'Shipment Notification')!;
    const channels = tree.getChildren(shipments).map((n) => tree.getTreeItem(n));
    assert.deepStrictEqual(channels.map((i) => i.description), ['HTTPS · User Role · ShipmentNotification.send · /http/https_shipments', 'ProcessDirect · no inbound authorization']);
    const role = tree.getChildren(tree.getChildren(shipments)[0] as SenderAuthNode).map((n) => tree.getTreeItem(n));
    assert.deepStrictEqual(role.map(label), ['ShipmentNotification.send']);

    const customer = roots.find((n) => label(tree.getTreeItem(n)) === 'Customer Replication')!;
    const customerRole = tree.getTreeItem(tree.getChildren(tree.getChildren(customer)[0])[0]);
    assert.strictEqual(label(customerRole), 'CustomerReplication.send', 'an externalized role shows its resolved value');
    assert.strictEqual(customerRole.description, 'role · {{Sender Role}}');
  });

  it('reveals the value in the editor when a node is selected', async () => {
    const { tree } = await api();
    const orders = tree.getChildren().find((n) => label(tree.getTreeItem(n)) === 'Orders Inbound')!;
    const entry = tree.getChildren(tree.getChildren(orders)[0])[2];
    const item = tree.getTreeItem(entry);
    assert.strictEqual(item.command?.command, 'iflowAuth.reveal');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await until('an editor on Orders_Inbound', () => vscode.window.activeTextEditor?.document.uri.toString() === iflowUri('Orders_Inbound').toString() && vscode.window.activeTextEditor);
    assert.strictEqual(editor.document.getText(editor.selection), 'CN=globex-orders, O=Globex Corporation, C=US');
    assert.strictEqual(editor.document.languageId, 'iflow');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('copies a DN from the context menu command', async () => {
    const { tree } = await api();
    const orders = tree.getChildren().find((n) => label(tree.getTreeItem(n)) === 'Orders Inbound')!;
    const entry = tree.getChildren(tree.getChildren(orders)[0])[0];
    await vscode.commands.executeCommand('iflowAuth.copyIssuerDN', entry);
    assert.strictEqual(await vscode.env.clipboard.readText(), 'CN=ACME Issuing CA, O=ACME, C=DE');
  });
});
