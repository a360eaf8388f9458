import * as vscode from 'vscode';
import { clientCandidates, type ReviewCheck } from '../core/certs/review';
import type { CertificateInfo } from '../core/certs/types';
import type { FixPlan } from '../core/edits/types';
import { looksLikeRenewalOf, nameOf, planRenewal, describeRenewalTarget, type RenewalTarget, type RowChange } from '../core/renewal';
import { baseNameOf } from '../core/paths';
import { describeExpiry, isoDate } from '../core/time';
import { codeOf } from './codeActions';
import type { CommandContext } from './commands';
import { applyPlan, snapshot } from './fixes';
import { CERTIFICATE_FILE_FILTERS, certificateFileEdit } from './importCertificate';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { byIFlowName } from './model';
import type { SenderAuthNode } from './tree';

/** How the command was started: an entry's quick fix, the tree, the palette (nothing), or a test. */
export interface RenewArgs {
  /** The new certificate's file (otherwise an open dialog asks). */
  files?: vscode.Uri[];
  /** A mapping entry (its index in the mapping file). */
  mappingEntry?: number;
  /** The mapping file of `mappingEntry` (default: the first workspace folder's). */
  mappingFile?: vscode.Uri;
  /** An iFlow certificate entry. */
  iflow?: vscode.Uri;
  channelId?: string;
  entryIndex?: number;
}

type Item<T> = vscode.QuickPickItem & { value: T };

const TITLE = 'Renew Certificate';
const ICON: Record<ReviewCheck['level'], string> = { ok: '$(check)', info: '$(info)', warning: '$(warning)', problem: '$(error)' };

/**
 * Renew Certificate…: take the partner's new certificate file, review it against the certificate
 * it replaces (same DNs? issued later? a new key? clientAuth? trusted chain?) before anything is
 * written, then put it into the mapping entry (user, roles and usedBy kept; the previous
 * certificate's MD5 recorded for the Neo export), or, on a Client Certificate channel, change the
 * row only when the DNs differ. The new file is kept with the workspace's certificates. One
 * WorkspaceEdit: one undo.
 */
export const renewCertificate = (ctx: CommandContext) => async (arg?: RenewArgs | SenderAuthNode): Promise<boolean> => {
  const args: RenewArgs = arg && 'kind' in arg
    ? (arg.kind === 'certificate' ? { iflow: vscode.Uri.parse(arg.doc.file), channelId: arg.channel.id, entryIndex: arg.resolution.entry.index }
      : arg.kind === 'mapping' ? { mappingFile: vscode.Uri.parse(arg.mapping.file), mappingEntry: arg.entry.index } : {})
    : arg ?? {};
  const target = (await targetOf(ctx, args)) ?? (args.mappingEntry === undefined && args.iflow === undefined ? await pickTarget(ctx) : undefined);
  if (!target) return false;

  const files = args.files ?? (await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Renew',
    title: `${TITLE}: the new certificate of ${nameOf(target.current)} (${describeRenewalTarget(target)})`,
    filters: CERTIFICATE_FILE_FILTERS,
  }));
  const file = files?.[0];
  if (!file) return false;

  // 1. Read the file; nothing is written before the review.
  const { decoded, error } = await ctx.workspace.current.readCertificatesOf(file.toString());
  if (!decoded) {
    void vscode.window.showErrorMessage(`${TITLE}: ${baseNameOf(file.path)} cannot be read (${error}).`);
    return false;
  }
  const candidates = clientCandidates(decoded);
  if (candidates.length === 0) {
    void vscode.window.showErrorMessage(`${TITLE}: no certificate could be read from ${baseNameOf(file.path)}: ${decoded.errors[0] ?? 'no certificate found'}.`);
    return false;
  }
  const renewal = await pickRenewal(ctx, candidates, target.current);
  if (!renewal) return false;
  const companions = decoded.certificates.filter((c) => c !== renewal);

  // 2. Review against the certificate in use, the chain's signatures checked first, with what the
  // target's own workspace folder sees and trusts (multi-root: each folder has its own).
  const targetFile = target.kind === 'mapping' ? target.mapping.file : target.doc.file;
  const chains = ctx.workspace.current.ruleContextFor(targetFile).chains;
  await chains.verifiedChainOf(renewal, companions);
  const options = { now: new Date(), expiryWarningDays: ctx.workspace.current.settingsFor(targetFile).expiryWarningDays, chains };
  const first = planRenewal(target, renewal, companions, options);
  const { review } = first;
  const kept = await certificateFileEdit(ctx, renewal, file, targetFile);
  // The file's other certificates (a new issuing CA, say) are kept with it: the chain rules need them.
  if (kept && companions.length > 0) kept.edit.edits = [{ start: 0, end: 0, newText: [renewal, ...companions].map((c) => c.pem).join('') }];
  const plans = first.rowChanges.length > 0 ? first.rowChanges.map((change) => planRenewal(target, renewal, companions, options, change)) : [first];
  const writes = (plan: FixPlan): string => {
    const names = [...plan.files.map((f) => vscode.workspace.asRelativePath(vscode.Uri.parse(f.file), false)), ...(kept ? [kept.name] : [])];
    return names.length > 0 ? `Writes ${names.join(', ')} (one undo reverts it).` : 'Nothing to write: the entry already has these DNs and the certificate file is in the workspace.';
  };
  const verb = review.needsConfirmation ? '$(warning) Renew anyway' : '$(check) Renew';
  const actions: Array<Item<FixPlan | undefined>> = review.blocked
    ? [{ label: '$(circle-slash) Not renewed: the new certificate cannot log in', detail: 'Nothing is written. Ask the partner for a certificate without the problems below.', value: undefined }]
    : plans.map(({ plan }, i) => ({
      label: `${verb}: ${nameOf(renewal)} for ${describeRenewalTarget(target)}${first.rowChanges.length > 0 ? ROW_CHANGE_LABEL[first.rowChanges[i]] : ''}`,
      detail: `${first.rowChanges.length > 0 ? `${ROW_CHANGE_DETAIL[first.rowChanges[i]]} ` : ''}${writes(plan)}`,
      value: plan,
    }));
  const items: Array<Item<FixPlan | undefined>> = [
    ...actions,
    { label: 'Review', kind: vscode.QuickPickItemKind.Separator, value: undefined },
    ...review.checks.map((c) => ({ label: `${ICON[c.level]} ${c.text}`, value: undefined })),
  ];
  const picked = await ctx.prompter.pick(items, {
    title: `${TITLE}: ${nameOf(renewal)} (valid until ${isoDate(renewal.notAfter)}) for ${nameOf(target.current)}, which ${describeExpiry(target.current.notAfter, new Date())}`,
    placeholder: review.blocked ? 'Esc or Enter closes; nothing is written' : 'Enter on a first line renews; Esc cancels (nothing is written yet)',
  });
  const plan = picked?.[0]?.value;
  if (!plan || review.blocked) return false;

  // 3. One edit: the target and the kept certificate file.
  const renewed: FixPlan = { ...plan, files: [...plan.files, ...(kept ? [kept.edit] : [])] };
  if (kept) renewed.notes = [...plan.notes, `The new certificate was saved as ${kept.name}.`];
  if (renewed.files.length === 0) {
    void vscode.window.showInformationMessage(`${TITLE}: ${plan.notes.join(' ')}`);
    return true;
  }
  return applyPlan(snapshot(renewed), ctx.prompter);
};

/** The choice on a Client Certificate channel whose DNs change: who may call after the redeploy. */
const ROW_CHANGE_LABEL: Record<RowChange, string> = {
  replace: ' — replace the row',
  add: ' — add a row, keep the previous',
};
const ROW_CHANGE_DETAIL: Record<RowChange, string> = {
  replace: 'After the redeploy only the new certificate is accepted (the previous one loses access).',
  add: 'After the redeploy both are accepted; remove the previous row once the partner has switched.',
};

/** The target named by the arguments (an entry of the mapping file or of an iFlow) with its current certificate. */
async function targetOf(ctx: CommandContext, args: RenewArgs): Promise<RenewalTarget | undefined> {
  const { workspace } = ctx;
  if (args.mappingEntry !== undefined) {
    const mapping = workspace.current.mappingFor(args.mappingFile?.toString());
    const entry = mapping?.entries[args.mappingEntry];
    const current = entry && (entry.decoded ?? (entry.subjectDN && entry.issuerDN ? workspace.current.ruleContextFor(mapping.file).certificates.find(entry.subjectDN, entry.issuerDN)[0] : undefined));
    if (!mapping || !entry || !current) {
      void vscode.window.showWarningMessage(`${TITLE}: the mapping entry has no certificate to renew; use Import Certificate… instead.`);
      return undefined;
    }
    return { kind: 'mapping', mapping, entry, current };
  }
  if (!args.iflow || args.channelId === undefined || args.entryIndex === undefined) return undefined;
  const doc = workspace.current.document(args.iflow.toString());
  const channel = doc?.channels.find((c) => c.id === args.channelId);
  const resolution = doc && channel ? workspace.current.resolvedEntries(doc, channel)[args.entryIndex] : undefined;
  if (!doc || !channel || !resolution?.certificate) {
    void vscode.window.showWarningMessage(`${TITLE}: no certificate is known for this entry; use Import Certificate… instead.`);
    return undefined;
  }
  const settings = await workspace.current.fixSettingsFor(doc.file);
  const parametersFile = settings.parametersFileOf(doc);
  return {
    kind: 'channel', doc, channel, entry: resolution.entry, current: resolution.certificate,
    parametersFile: parametersFile === undefined ? undefined : { file: parametersFile, text: settings.parametersText(doc) },
  };
}

/** From the palette: every entry with a certificate (of every workspace folder), the soonest to expire first. */
async function pickTarget(ctx: CommandContext): Promise<RenewalTarget | undefined> {
  const { workspace } = ctx;
  const now = new Date();
  const items: Array<Item<RenewArgs> & { notAfter: number }> = [];
  const mappings = workspace.current.mappingFiles();
  for (const mapping of mappings) {
    const where = mappings.length > 1 ? `certificate-user mapping · ${vscode.workspace.asRelativePath(vscode.Uri.parse(mapping.file), true)}` : 'certificate-user mapping';
    for (const e of mapping.entries) {
      if (!e.decoded) continue;
      items.push({ label: `$(person) ${e.user}`, description: `${nameOf(e.decoded)} · ${describeExpiry(e.decoded.notAfter, now)}`, detail: where, value: { mappingFile: vscode.Uri.parse(mapping.file), mappingEntry: e.index }, notAfter: e.decoded.notAfter.getTime() });
    }
  }
  for (const doc of workspace.current.documents().sort(byIFlowName)) {
    for (const channel of doc.channels.filter((c) => c.authorization === 'clientCertificate')) {
      for (const r of workspace.current.resolvedEntries(doc, channel)) {
        if (!r.certificate || r.embedded) continue;
        items.push({
          label: `$(key) ${nameOf(r.certificate)}`,
          description: `${describeExpiry(r.certificate.notAfter, now)}`,
          detail: `${doc.iflowName} · ${channel.name || channel.id} · entry ${r.entry.index + 1}`,
          value: { iflow: vscode.Uri.parse(doc.file), channelId: channel.id, entryIndex: r.entry.index },
          notAfter: r.certificate.notAfter.getTime(),
        });
      }
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`${TITLE}: no certificate in the mapping file or in a Client Certificate channel is known yet.`);
    return undefined;
  }
  items.sort((a, b) => a.notAfter - b.notAfter);
  const picked = await ctx.prompter.pick(items, { title: `${TITLE}: which certificate`, placeholder: 'The certificate to replace (the soonest to expire first)' });
  return picked?.[0] ? targetOf(ctx, picked[0].value) : undefined;
}

/** The renewal among the file's certificates: the one with the current subject, else the user picks. */
async function pickRenewal(ctx: CommandContext, candidates: CertificateInfo[], current: CertificateInfo): Promise<CertificateInfo | undefined> {
  const likely = candidates.filter((c) => looksLikeRenewalOf(c, current));
  if (likely.length === 1) return likely[0];
  if (candidates.length === 1) return candidates[0];
  const ordered = [...likely, ...candidates.filter((c) => !likely.includes(c))];
  const picked = await ctx.prompter.pick(ordered.map((c) => ({
    label: nameOf(c),
    description: `issued by ${c.issuer}`,
    detail: `valid ${isoDate(c.notBefore)} to ${isoDate(c.notAfter)} · SHA-256 ${c.sha256}`,
    value: c,
  })), { title: `${TITLE}: the new certificate`, placeholder: `The certificate that replaces ${nameOf(current)}` });
  return picked?.[0]?.value;
}

const RENEWABLE = new Set(['certificate-expiring', 'certificate-expired']);

/**
 * *Renew certificate…* on `certificate-expiring` and `certificate-expired`, in iFlows (on the
 * entry) and in the mapping file (on the entry's certificate).
 */
export class RenewCodeActions implements vscode.CodeActionProvider {
  constructor(private readonly ctx: Pick<CommandContext, 'workspace'>) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const { workspace } = this.ctx;
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || !RENEWABLE.has(codeOf(diagnostic) ?? '')) continue;
      const at = document.offsetAt(diagnostic.range.start);
      let args: RenewArgs | undefined;
      const mapping = workspace.current.mappingFor(document.uri.toString());
      if (mapping && mapping.file === document.uri.toString()) {
        const entry = mapping.entries.find((e) => e.range.start <= at && at <= e.range.end);
        if (entry) args = { mappingFile: document.uri, mappingEntry: entry.index };
      } else {
        // By the entry's own range: older adapter versions keep entries on the sender participant, outside the channel's element.
        for (const channel of workspace.current.document(document.uri.toString())?.channels ?? []) {
          const entry = channel.certificates.find((e) => e.range.start <= at && at <= e.range.end);
          if (entry) args = { iflow: document.uri, channelId: channel.id, entryIndex: entry.index };
        }
      }
      if (!args) continue;
      const action = new vscode.CodeAction('Renew certificate…', vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = { command: 'iflowAuth.renewCertificate', title: action.title, arguments: [args] };
      actions.push(action);
    }
    return actions;
  }
}
