import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, until } from './helpers';

const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

describe('Renew Certificate… from the view', () => {
  it('mapping entries that hold a certificate offer it in their context menu; an entry without one does not', async () => {
    const { tree } = await api();
    const mappings = await until('the mappings node', () => tree.getChildren().find((n) => n.kind === 'mappings'));
    const items = new Map(tree.getChildren(mappings).map((n) => { const item = tree.getTreeItem(n); return [label(item), item.contextValue]; }));
    assert.strictEqual(items.get('SHIPPING_PARTNER'), 'mapping.certificate');
    assert.strictEqual(items.get('INITECH_PARTNER'), 'mapping', 'only DNs known: nothing to renew (Import Certificate… is what it needs)');
    const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as Array<{ command: string; when: string }>;
    const renew = menus.filter((m) => m.command === 'iflowAuth.renewCertificate').map((m) => m.when);
    assert.ok(renew.some((w) => /viewItem == mapping\.certificate\b/.test(w)), renew.join(' | '));
    assert.ok(renew.some((w) => /viewItem == certificateEntry\.resolved\b/.test(w)), renew.join(' | '));
  });
});
