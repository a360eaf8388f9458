import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SenderAuthNode } from '../../src/vscode/tree';
import { api, resolvedItem, iflowUri, until, workspaceUri } from './helpers';

const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

describe('Sender Authorization tree in a real VS Code', () => {
  it('lists iFlows → channels → role / certificate entries, with descriptions by mode', async () => {
    const { tree } = await api();
    const roots = await until('iFlows in the tree', () => tree.getChildren().length >= 6 && tree.getChildren().filter((n) => n.kind === 'iflow'));
    const names = roots.map((n) => label(tree.getTreeItem(n)));
    assert.deepStrictEqual(names, ['Customer Replication', 'Half_Saved', 'Invoices SOAP', 'Legacy Gateway', 'Material Sync', 'Orders Inbound', 'Partner Onboarding', 'Payments Inbound', 'Shipment Notification']);

    const orders = roots.find((n) => label(tree.getTreeItem(n)) === 'Orders Inbound')!;
    const [channel] = tree.getChildren(orders);
    assert.strictEqual(tree.getTreeItem(channel).tooltip, undefined, 'a tooltip is made when the row is pointed at (resolveTreeItem), not for every row');
    const channelItem = await resolvedItem(tree, channel);
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
  it('a role lists its callers; the mapping file has a node of its own, with its problems', async () => {
    const { tree } = await api();
    const roots = await until('the tree', () => tree.getChildren().some((n) => n.kind === 'mappings') && tree.getChildren());
    const shipments = roots.find((n) => n.kind === 'iflow' && n.doc.iflowName === 'Shipment Notification')!;
    const role = tree.getChildren(tree.getChildren(shipments)[0])[0];
    assert.strictEqual(role.kind, 'role');
    const callers = tree.getChildren(role).map((n) => tree.getTreeItem(n));
    assert.deepStrictEqual(callers.map(label), ['SHIPPING_PARTNER', 'SHIPPING_PARTNER_BACKUP']);
    assert.match(String(callers[0].description), /^acme-ec-client · (expires in \d+ days?|expired .*)$/, 'the caller’s certificate and its expiry');

    const mappings = roots[roots.length - 1];
    assert.strictEqual(mappings.kind, 'mappings', 'the last top-level node');
    const mappingsItem = tree.getTreeItem(mappings);
    assert.strictEqual(label(mappingsItem), 'Certificate-User Mappings');
    assert.strictEqual(mappingsItem.description, '4 mappings');
    const entries = tree.getChildren(mappings);
    assert.deepStrictEqual(entries.map((n) => label(tree.getTreeItem(n))), ['SHIPPING_PARTNER', 'SHIPPING_PARTNER_BACKUP', 'INITECH_PARTNER', 'LEGACY_SENDER']);
    const initech = tree.getTreeItem(entries[2]);
    assert.match(String(initech.description), /^PartnerOnboarding\.send · .*certificate not imported$/, 'the mapping whose certificate is only named');
    const duplicate = await resolvedItem(tree, entries[1]);
    assert.ok(duplicate.iconPath instanceof vscode.ThemeIcon && duplicate.iconPath.color, 'a mapping with a problem (duplicate-mapping) is coloured');
    assert.match((duplicate.tooltip as vscode.MarkdownString).value, /already mapped to user/, 'its problem in the tooltip');
    assert.deepStrictEqual(duplicate.command?.arguments?.[0].toString(), workspaceUri('certificate-user-mappings.json').toString(), 'a click reveals the entry in the mapping file');
  });

  it('copies of an export form packages; equal names show their path', async () => {
    const { tree } = await api();
    await vscode.workspace.fs.copy(workspaceUri('Orders_Inbound'), workspaceUri('copies', 'Orders_Inbound'));
    const roots = await until('a package node per folder', () => tree.getChildren().filter((n) => n.kind === 'package').length === 2 && tree.getChildren());
    const copies = roots.find((n) => n.kind === 'package' && n.label === 'copies');
    assert.ok(copies, roots.map((n) => label(tree.getTreeItem(n))).join(' | '));
    const copy = tree.getTreeItem(tree.getChildren(copies)[0]);
    assert.strictEqual(label(copy), 'Orders Inbound');
    assert.match(String(copy.description), /copies\/Orders_Inbound/, 'two iFlows named alike: the path tells them apart');
    assert.strictEqual(tree.getTreeItem(copies).collapsibleState, vscode.TreeItemCollapsibleState.Expanded, 'a few packages open expanded');
  });

  it('a repository of more than ten packages opens as its list of packages, collapsed', async () => {
    const { tree } = await api();
    for (let i = 0; i < 11; i++) await vscode.workspace.fs.copy(workspaceUri('Orders_Inbound'), workspaceUri(`package${String(i).padStart(2, '0')}`, 'Orders_Inbound'));
    const packages = await until('12 package nodes', () => {
      const found = tree.getChildren().filter((n) => n.kind === 'package');
      return found.length === 12 && found;
    });
    assert.deepStrictEqual(new Set(packages.map((n) => tree.getTreeItem(n).collapsibleState)), new Set([vscode.TreeItemCollapsibleState.Collapsed]));
    const [iflow] = tree.getChildren(packages[1]);
    assert.strictEqual(tree.getTreeItem(iflow).collapsibleState, vscode.TreeItemCollapsibleState.Expanded, '20 iFlows: each opens with its channels');
  });

  it('more than 50 iFlows open collapsed, each listing its channels when opened', async () => {
    const { tree, workspace } = await api();
    for (let i = 0; i < 45; i++) await vscode.workspace.fs.copy(workspaceUri('Orders_Inbound'), workspaceUri('many', `copy${String(i).padStart(2, '0')}`, 'Orders_Inbound'));
    await until('54 iFlows', async () => {
      await workspace.catchUp();
      return workspace.current.documents().length >= 54;
    });
    const packages = tree.getChildren().filter((n) => n.kind === 'package');
    assert.deepStrictEqual(new Set(packages.map((n) => tree.getTreeItem(n).collapsibleState)), new Set([vscode.TreeItemCollapsibleState.Collapsed]), 'the packages too');
    const iflows = packages.flatMap((n) => tree.getChildren(n)).filter((n) => n.kind === 'iflow');
    assert.ok(iflows.length >= 54, `${iflows.length} iFlow rows`);
    assert.deepStrictEqual(new Set(iflows.map((n) => tree.getTreeItem(n).collapsibleState)), new Set([vscode.TreeItemCollapsibleState.Collapsed]));
    const orders = iflows.find((n) => n.kind === 'iflow' && n.doc.iflowName === 'Orders Inbound')!;
    assert.strictEqual(label(tree.getTreeItem(tree.getChildren(orders)[0])), 'HTTPS_Orders');
  });

  it('a malformed iFlow keeps its last good channels, marked stale, with the error on top', async () => {
    const { tree, workspace } = await api();
    const orders = iflowUri('Orders_Inbound');
    const editor = await vscode.window.showTextDocument(orders);
    const at = editor.document.getText().indexOf('<bpmn2:collaboration');
    await editor.edit((b) => b.insert(editor.document.positionAt(at), '<'));
    await until('the model to see the broken file', () => workspace.current.document(orders.toString())?.error);
    const node = await until('the stale view', () => tree.getChildren().find((n): n is SenderAuthNode & { kind: 'iflow' } => n.kind === 'iflow' && n.doc.file === orders.toString() && n.lastGood !== undefined));
    assert.match(String(tree.getTreeItem(node).description), /not well-formed · showing the last good version/);
    const [error, channel] = tree.getChildren(node);
    assert.strictEqual(error.kind, 'error');
    assert.strictEqual(label(tree.getTreeItem(channel)), 'HTTPS_Orders');
    assert.match(String(tree.getTreeItem(channel).description), /^stale · HTTPS · Client Certificate/);
    await vscode.commands.executeCommand('undo');
    await until('the channels back', () => tree.getChildren().some((n) => n.kind === 'iflow' && n.doc.file === orders.toString() && !n.doc.error && !n.lastGood));
  });

  it('tooltips escape what comes from files: a role like <flow>.send stays text', async () => {
    const { tree, workspace } = await api();
    const orders = iflowUri('Orders_Inbound');
    const editor = await vscode.window.showTextDocument(orders);
    const text = editor.document.getText();
    const name = text.indexOf('name="HTTPS_Orders"');
    assert.ok(name > 0);
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(name), editor.document.positionAt(name + 'name="HTTPS_Orders"'.length)), 'name="&lt;flow&gt;.send [x](https://example.com)"'));
    await until('the renamed channel', () => workspace.current.document(orders.toString())?.channels.some((c) => c.name.startsWith('<flow>')));
    const iflow = tree.getChildren().find((n) => n.kind === 'iflow' && n.doc.file === orders.toString())!;
    const channel = tree.getChildren(iflow).find((n) => label(tree.getTreeItem(n)).startsWith('<flow>'))!;
    const tooltip = (await resolvedItem(tree, channel)).tooltip as vscode.MarkdownString;
    assert.ok(!tooltip.isTrusted);
    assert.ok(tooltip.value.includes('\\<flow\\>.send \\[x\\](https://example.com)'), tooltip.value);
    await vscode.commands.executeCommand('undo');
    await until('the name back', () => workspace.current.document(orders.toString())?.channels.some((c) => c.name === 'HTTPS_Orders'));
  });
});
