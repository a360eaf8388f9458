import * as vscode from 'vscode';
import type { SenderAuthWorkspace } from './model';
import type { SenderAuthNode, SenderAuthTree } from './tree';

/** What the commands work on; small factories over it keep each command testable. */
export interface CommandContext {
  workspace: SenderAuthWorkspace;
  tree: SenderAuthTree;
  view: vscode.TreeView<SenderAuthNode>;
}

type Factory = (ctx: CommandContext) => (...args: any[]) => unknown;

const refresh: Factory = ({ workspace }) => () =>
  vscode.window.withProgress({ location: { viewId: 'iflowAuth.senderAuthorization' } }, () => workspace.reloadAll());

const reveal: Factory = () => async (uri: vscode.Uri, range: vscode.Range) => {
  const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false, preview: true });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
};

const revealNode: Factory = (ctx) => (node: SenderAuthNode) => {
  const item = ctx.tree.getTreeItem(node);
  const [uri, range] = item.command?.arguments ?? [];
  return reveal(ctx)(uri, range);
};

const copyDN = (which: 'subject' | 'issuer'): Factory => () => async (node: SenderAuthNode) => {
  if (node?.kind !== 'certificate') return;
  const r = node.resolution;
  const dn = which === 'subject' ? r.certificate?.subject ?? r.subjectDN.value : r.certificate?.issuer ?? r.issuerDN.value;
  await vscode.env.clipboard.writeText(dn);
  void vscode.window.setStatusBarMessage(`Copied ${which === 'subject' ? 'Subject' : 'Issuer'} DN: ${dn}`, 3000);
};

const COMMANDS: Record<string, Factory> = {
  'iflowAuth.refresh': refresh,
  'iflowAuth.reveal': reveal,
  'iflowAuth.revealNode': revealNode,
  'iflowAuth.copySubjectDN': copyDN('subject'),
  'iflowAuth.copyIssuerDN': copyDN('issuer'),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}
