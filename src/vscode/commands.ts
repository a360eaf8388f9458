import * as vscode from 'vscode';
import { migrationRole, roleProblem } from '../core/fixes';
import { deriveUserName } from '../core/mapping/userName';
import type { Finding } from '../core/rules/types';
import { EXEMPT_COMMAND, exemptFinding } from './exemptions';
import { exportMappings } from './exportMappings';
import { applyPlan, snapshot, type PlanSnapshot } from './fixes';
import { importCertificate } from './importCertificate';
import type { ExtensionLog } from './log';
import type { SenderAuthWorkspace } from './model';
import { renewCertificate } from './renewCertificate';
import type { Prompter } from './prompts';
import type { SenderAuthNode, SenderAuthTree } from './tree';

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

/** Applies a quick fix computed by the code action provider, unless a file changed meanwhile. */
const applyFix: Factory = ({ prompter }) => (snap: PlanSnapshot) => applyPlan(snap, prompter);

/**
 * Moves a Client Certificate channel to User Role with its certificates in the mapping file.
 * From the tree (a channel node) or the quick fix variant that asks for the user and role first.
 */
const migrateChannel: Factory = (ctx) => async (target: vscode.Uri | SenderAuthNode, channelId?: string, options: { ask?: boolean } = {}) => {
  await ctx.workspace.catchUp();
  const uri = target instanceof vscode.Uri ? target.toString() : target?.kind === 'channel' ? target.doc.file : undefined;
  const id = target instanceof vscode.Uri ? channelId : target?.kind === 'channel' ? target.channel.id : undefined;
  const doc = uri ? ctx.workspace.document(uri) : undefined;
  const channel = doc?.channels.find((c) => c.id === id);
  if (!doc || !channel) return false;
  const project = ctx.workspace.current;
  const settings = await project.fixSettingsFor(doc.file);
  let choice: { user?: string; role?: string } = {};
  if (options.ask || !(target instanceof vscode.Uri)) {
    const resolved = project.ruleContextFor(doc.file).resolver.resolve(doc, channel);
    const first = resolved.find((r) => r.certificate || r.subjectDN.value);
    const user = await ctx.prompter.input({
      title: `Move "${channel.name}" to the certificate-user mapping: user`,
      prompt: `User the ${channel.certificates.length} certificate(s) are mapped to (empty: one user per certificate, named after its CN)`,
      value: resolved.length === 1 && first ? deriveUserName(first.certificate?.commonName ?? first.subjectDN.value) : '',
      validate: (v) => (v.length > 150 ? 'At most 150 characters (SAP’s limit)' : undefined),
    });
    if (user === undefined) return false;
    const role = await ctx.prompter.input({
      title: `Move "${channel.name}" to the certificate-user mapping: role`,
      prompt: 'The channel’s User Role: a flow-specific role (never a generic one such as ESBMessaging.send)',
      value: migrationRole(doc, channel, project.ruleContextFor(doc.file), settings),
      validate: (v) => roleProblem(v, project.ruleContextFor(doc.file)),
    });
    if (role === undefined) return false;
    choice = { user: user.trim() || undefined, role: role.trim() };
  }
  const plan = await project.migrateChannelPlan(doc.file, channel.id, choice);
  if (!plan) return false;
  if (plan.files.length === 0) {
    void vscode.window.showErrorMessage(`iFlow Sender Auth: ${plan.notes.join(' ')}`);
    return false;
  }
  return applyPlan(snapshot(plan), ctx.prompter);
};

const importFromTree: Factory = (ctx) => (arg?: SenderAuthNode | vscode.Uri, uris?: vscode.Uri[]) => {
  if (arg instanceof vscode.Uri) return importCertificate(ctx)({ files: uris && uris.length > 0 ? uris : [arg] });
  if (arg?.kind === 'certificate') return importCertificate(ctx)({ iflow: vscode.Uri.parse(arg.doc.file), channelId: arg.channel.id, entryIndex: arg.resolution.entry.index });
  return importCertificate(ctx)(arg as never);
};

const showLog: Factory = ({ log }) => () => log.show();

const COMMANDS: Record<string, Factory> = {
  'iflowAuth.refresh': refresh,
  'iflowAuth.showLog': showLog,
  'iflowAuth.reveal': reveal,
  'iflowAuth.revealNode': revealNode,
  'iflowAuth.copySubjectDN': copyDN('subject'),
  'iflowAuth.copyIssuerDN': copyDN('issuer'),
  'iflowAuth.applyFix': applyFix,
  'iflowAuth.migrateChannel': migrateChannel,
  'iflowAuth.importCertificate': importFromTree,
  'iflowAuth.renewCertificate': renewCertificate,
  'iflowAuth.exportNeo': exportMappings('neo'),
  'iflowAuth.exportCloudFoundry': exportMappings('cf'),
  [EXEMPT_COMMAND]: (ctx) => (finding: Finding) => exemptFinding(ctx.workspace, ctx.prompter, finding),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}
