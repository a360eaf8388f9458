/**
 * The entry of the actions' chunk (dist/actions.js and dist/web/actions.js, built by
 * scripts/bundle.mjs): what runs only when the user acts — quick fixes and *Fix all*, exemptions,
 * *Import Certificate…*, *Renew Certificate…*, the exports, moving a channel to User Role — with the
 * core's fix planner; and the tree's tooltips, made when the user points at a row. actionsOnDemand.ts
 * loads it on the first such command, code action request or tooltip.
 */
import * as vscode from 'vscode';
import { RUNTIME_DEFAULT_ROLE } from '../core/defaults';
import { migrationRole, roleProblem } from '../core/fixes';
import { deriveUserName } from '../core/mapping/userName';
import type { Finding } from '../core/rules/types';
import type { ActionCommand, Factory } from './commands';
import { exemptFinding } from './exemptions';
import { exportMappings } from './exportMappings';
import { applyPlan, snapshot, type PlanSnapshot } from './fixes';
import { importCertificate } from './importCertificate';
import { renewCertificate } from './renewCertificate';
import type { SenderAuthNode } from './tree';

/** The core's fix planner: src/core/onDemand.ts's loadFixes() answers with it in the extension. */
export * as fixes from '../core/fixes';
export { SenderAuthCodeActions } from './codeActions';
export { CertificateHoverProvider } from './hover';
export { ExemptionCodeActions } from './exemptions';
export { RenewCodeActions } from './renewCertificate';
export { treeTooltip } from './treeTooltip';

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
  const doc = uri ? ctx.workspace.current.document(uri) : undefined;
  const channel = doc?.channels.find((c) => c.id === id);
  if (!doc || !channel) return false;
  const project = ctx.workspace.current;
  const settings = await project.fixSettingsFor(doc.file);
  let choice: { user?: string; role?: string } = {};
  if (options.ask || !(target instanceof vscode.Uri)) {
    const resolved = project.resolvedEntries(doc, channel);
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
      prompt: `The channel’s User Role: a flow-specific role (never a generic one such as ${RUNTIME_DEFAULT_ROLE})`,
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

/** What each of commands.ts's ACTION_COMMANDS does. */
export const ACTIONS: Record<ActionCommand, Factory> = {
  'iflowAuth.applyFix': applyFix,
  'iflowAuth.migrateChannel': migrateChannel,
  'iflowAuth.importCertificate': importFromTree,
  'iflowAuth.renewCertificate': renewCertificate,
  'iflowAuth.exportNeo': exportMappings('neo'),
  'iflowAuth.exportCloudFoundry': exportMappings('cf'),
  'iflowAuth.exemptFinding': (ctx) => (finding: Finding) => exemptFinding(ctx.workspace, ctx.prompter, finding),
};
