import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, until, workspaceUri } from '../helpers';

const REPO = path.join(__dirname, '../../../..');
const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

describe('package exports (.zip) in the tree', () => {
  it('appear read-only, as a package of their own', async () => {
    const { tree, workspace } = await api();
    await vscode.workspace.fs.copy(vscode.Uri.file(path.join(REPO, 'test/fixtures/zips/single-export.zip')), workspaceUri('exports', 'single-export.zip'));
    const roots = await until('a package node for the zip', () => tree.getChildren().some((n) => n.kind === 'package' && n.archive) && tree.getChildren());
    const zip = roots.find((n) => n.kind === 'package' && n.archive)!;
    assert.strictEqual(label(tree.getTreeItem(zip)), 'single-export.zip');
    assert.match(String(tree.getTreeItem(zip).description), /read-only export/);
    const inZip = tree.getChildren(zip)[0];
    assert.strictEqual(tree.getTreeItem(inZip).contextValue, 'iflow.readonly', 'no fix is offered into a zip');
    assert.ok(inZip.kind === 'iflow' && workspace.current.archiveOf(inZip.doc.file));
    const channels = tree.getChildren(inZip);
    assert.ok(channels.length > 0 && channels.every((c) => String(tree.getTreeItem(c).contextValue).endsWith('.readonly')));
  });
});
