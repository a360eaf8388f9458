import * as vscode from 'vscode';
import { loadActions } from './actionsOnDemand';
import type { ExtensionLog } from './log';
import type { SenderAuthWorkspace } from './model';
import type { Prompter } from './prompts';
import { VIEW_ID, type SenderAuthNode, type SenderAuthTree } from './tree';

/** What the commands work on; small factories over it keep each command testable. */
export interface CommandContext {
  workspace: SenderAuthWorkspace;
  tree: SenderAuthTree;
  view: vscode.TreeView<SenderAuthNode>;
  prompter: Prompter;
  log: ExtensionLog;
}

// Commands receive whatever VS Code passes (tree nodes, URIs, argument objects): each declares its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Factory = (ctx: CommandContext) => (...args: any[]) => unknown;

/** The command of the *Exempt … from <rule>…* quick fix. */
export const EXEMPT_COMMAND = 'iflowAuth.exemptFinding';

/**
 * Commands whose work is in the actions chunk (actionsChunk.ts, loaded on first use): registered
 * here, at activation, so that VS Code finds them.
 */
export const ACTION_COMMANDS = [
  'iflowAuth.applyFix',
  'iflowAuth.migrateChannel',
  'iflowAuth.importCertificate',
  'iflowAuth.renewCertificate',
  'iflowAuth.exportNeo',
  'iflowAuth.exportCloudFoundry',
  EXEMPT_COMMAND,
] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

const refresh: Factory = ({ workspace }) => () =>
  vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => workspace.reloadAll());

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

const showLog: Factory = ({ log }) => () => log.show();

const COMMANDS: Record<string, Factory> = {
  'iflowAuth.refresh': refresh,
  'iflowAuth.showLog': showLog,
  'iflowAuth.reveal': reveal,
  'iflowAuth.revealNode': revealNode,
  'iflowAuth.copySubjectDN': copyDN('subject'),
  'iflowAuth.copyIssuerDN': copyDN('issuer'),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  let actions: Promise<Record<ActionCommand, (...args: unknown[]) => unknown>> | undefined;
  const action = (id: ActionCommand) => async (...args: unknown[]) => {
    actions ??= loadActions().then(
      (chunk) => Object.fromEntries(ACTION_COMMANDS.map((a) => [a, chunk.ACTIONS[a](ctx)])) as Record<ActionCommand, (...args: unknown[]) => unknown>,
      (e: unknown) => {
        actions = undefined;
        throw e;
      },
    );
    return (await actions)[id](...args);
  };
  return [
    ...Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx))),
    ...ACTION_COMMANDS.map((id) => vscode.commands.registerCommand(id, action(id))),
  ];
}
