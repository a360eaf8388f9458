import * as vscode from 'vscode';
import { dnEquals } from '../core/certs/dn';
import { clientCandidates, reviewClientCertificate } from '../core/certs/review';
import type { CertificateInfo } from '../core/certs/types';
import { appendCertificateEntries } from '../core/edits/iflowEdits';
import { DEFAULT_MAPPING_FILE } from '../core/defaults';
import type { FileEdit, FixPlan } from '../core/edits/types';
import { mergeIntoMapping, type MappingDraft } from '../core/mapping/merge';
import { deriveUserName } from '../core/mapping/userName';
import { MAX_USER_LENGTH } from '../core/mapping/read';
import { baseNameOf } from '../core/paths';
import type { IFlowDocument, SenderChannel } from '../core/model';
import { isoDate } from '../core/time';
import type { CommandContext } from './commands';
import { byIFlowName } from './model';
import { readSettings } from './config';
import { applyPlan, snapshot } from './fixes';

/** How the command was started: palette (nothing), an entry's quick fix, the tree, or a test. */
export interface ImportArgs {
  /** Files to read (otherwise an open dialog asks). */
  files?: vscode.Uri[];
  /** The iFlow and channel of a `certificate-not-found` entry. */
  iflow?: vscode.Uri;
  channelId?: string;
  entryIndex?: number;
}

type Item<T> = vscode.QuickPickItem & { value: T; info?: boolean };

const TITLE = 'Import Certificate';

export const CERTIFICATE_FILE_FILTERS: Record<string, string[]> = {
  'Certificates (PEM, DER, CER, CRT, P7B)': ['pem', 'cer', 'crt', 'der', 'p7b', 'p7c'],
  'All files': ['*'],
};

/**
 * Import Certificate…: read PEM/DER/CER/CRT/P7B files, show what was read — problems first — before
 * anything is written (a certificate that cannot log in needs an explicit "Import anyway"), then
 * add the certificate to the mapping file under a user and at least one role (recommended) or to
 * a channel's Client Certificate table — and keep the certificate file in the workspace so its
 * expiry stays tracked. One WorkspaceEdit through the Refactor Preview: one undo. Private keys are
 * never copied anywhere.
 */
export const importCertificate = (ctx: CommandContext) => async (args: ImportArgs = {}): Promise<boolean> => {
  const { workspace, prompter } = ctx;
  await workspace.catchUp();
  const entry = entryOf(ctx, args);
  const files = args.files ?? (await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Import',
    title: entry ? `Import the certificate of ${entry.subjectDN}` : TITLE,
    filters: CERTIFICATE_FILE_FILTERS,
  }));
  if (!files || files.length === 0) return false;

  // 1. Read everything first: nothing is written until the user has seen what was read.
  const read: Array<{ uri: vscode.Uri; certificates: CertificateInfo[] }> = [];
  let hasPrivateKey = false;
  const errors: string[] = [];
  for (const uri of files) {
    const { decoded, error } = await ctx.workspace.current.readCertificatesOf(uri.toString());
    if (!decoded) {
      errors.push(`${baseNameOf(uri.path)}: cannot be read (${error})`);
      continue;
    }
    hasPrivateKey ||= decoded.hasPrivateKey;
    if (decoded.certificates.length === 0) errors.push(`${baseNameOf(uri.path)}: ${decoded.errors[0] ?? 'no certificate found'}`);
    read.push({ uri, certificates: decoded.certificates });
  }
  const all = read.flatMap((r) => r.certificates);
  if (all.length === 0) {
    void vscode.window.showErrorMessage(`${TITLE}: no certificate could be read. ${errors.join('; ')}`);
    return false;
  }

  // 2. Show what was read, problems first, and let the user pick the client certificate.
  // The same chains as the rules and the tree, their signatures checked before the review shows.
  const forIFlow = args.iflow?.toString();
  const chains = workspace.current.ruleContextFor(forIFlow).chains;
  const options = { now: new Date(), expiryWarningDays: workspace.current.settingsFor(forIFlow).expiryWarningDays, chains };
  const candidates = clientCandidates({ certificates: all, errors: [], hasPrivateKey });
  for (const c of candidates) await chains.verifiedChainOf(c, all.filter((x) => x !== c));
  const matching = entry ? candidates.filter((c) => dnEquals(c.subject, entry.subjectDN) && dnEquals(c.issuer, entry.issuerDN)) : [];
  const ordered = [...matching, ...candidates.filter((c) => !matching.includes(c))];
  const reviews = new Map(ordered.map((cert) => [cert, reviewClientCertificate(cert, all, options)]));
  const items: Array<Item<CertificateInfo | undefined>> = ordered.map((cert) => {
    const notes = reviews.get(cert)!;
    const icon = notes.some((n) => n.level === 'problem') ? '$(error)' : notes.some((n) => n.level === 'warning') ? '$(warning)' : notes.length > 0 ? '$(info)' : '$(verified)';
    const problemsAndWarnings = notes.filter((n) => n.level !== 'info').map((n) => n.text);
    const infoNotes = notes.filter((n) => n.level === 'info').map((n) => n.text);
    return {
      label: `${icon} ${cert.commonName ?? cert.subject}`,
      description: `issued by ${cert.issuer}`,
      // Problems first: a long line is cut at its end, where the fingerprint is.
      detail: [...problemsAndWarnings, `valid ${isoDate(cert.notBefore)} to ${isoDate(cert.notAfter)}`, ...infoNotes, `SHA-256 ${cert.sha256}`].join(' · '),
      value: cert,
    };
  });
  const notes: Array<Item<undefined>> = [];
  if (hasPrivateKey) notes.push({ label: '$(key) The file also holds a private key', detail: 'It is not copied anywhere: only the certificate is imported.', value: undefined, info: true });
  for (const e of errors) notes.push({ label: '$(warning) Not read', detail: e, value: undefined, info: true });
  if (entry && matching.length === 0) notes.push({ label: '$(warning) No certificate in the file has the entry’s DNs', detail: `${entry.subjectDN}, issued by ${entry.issuerDN}`, value: undefined, info: true });
  const separator = { label: 'Notes', kind: vscode.QuickPickItemKind.Separator, value: undefined } as Item<undefined>;
  const picked = await prompter.pick<Item<CertificateInfo | undefined>>([...items, ...(notes.length > 0 ? [separator, ...notes] : [])], { title: `${TITLE}: what was read`, placeholder: 'Pick the client certificate to import (Esc cancels; nothing is written yet)' });
  const cert = picked?.[0]?.value;
  if (!cert) return false;
  const problems = reviews.get(cert)!.filter((n) => n.level === 'problem').map((n) => n.text);
  if (problems.length > 0) {
    const name = cert.commonName ?? cert.subject;
    const anyway = await prompter.pick<Item<boolean>>([
      { label: '$(circle-slash) Cancel', detail: 'Ask the partner for a certificate that can log in.', value: false },
      { label: '$(warning) Import anyway', detail: `${problems.join(' · ')}.`, value: true },
    ], { title: `${TITLE}: "${name}" cannot log in`, placeholder: `${problems.join('; ')}. Import it anyway?` });
    if (!anyway?.[0]?.value) return false;
  }

  // 3. Where to: the entry that asked (just keep the file), the mapping file, or a channel's table.
  const fileEdits: FileEdit[] = [];
  const planNotes: string[] = [];
  let target: 'file' | 'mapping' | 'table' = 'file';
  if (!entry) {
    const mappingName = workspace.current.lintRoots().length > 0 ? vscode.workspace.asRelativePath(vscode.Uri.parse(workspace.current.mappingPathFor()), false) : DEFAULT_MAPPING_FILE;
    const choice = await prompter.pick<Item<'mapping' | 'table'>>([
      { label: '$(person) Certificate-user mapping', description: 'recommended by SAP', detail: `Map the certificate to a user with roles in ${mappingName}; renewals need no redeploy.`, value: 'mapping' },
      { label: '$(key) Client Certificate table of a channel', detail: 'Add the Subject and Issuer DN to a sender channel, as SAP’s designer does (only the DNs are checked; every renewal needs a redeploy).', value: 'table' },
    ], { title: `${TITLE}: where to`, placeholder: `Import ${cert.commonName ?? cert.subject} into…` });
    if (!choice) return false;
    target = choice[0].value;
  }
  if (target === 'mapping') {
    const draft = await mappingDraft(ctx, cert, forIFlow);
    if (!draft) return false;
    const mapping = workspace.current.mappingFor(forIFlow);
    const merged = mergeIntoMapping(mapping, workspace.current.mappingPathFor(forIFlow), [draft]);
    if (!merged.ok) {
      void vscode.window.showErrorMessage(`${TITLE}: ${merged.reason}`);
      return false;
    }
    fileEdits.push(merged.edit);
    planNotes.push(`${cert.commonName ?? cert.subject} is mapped to user "${draft.user}".`);
  } else if (target === 'table') {
    const channel = await pickChannel(ctx);
    if (!channel) return false;
    fileEdits.push({ file: channel.doc.file, baseText: channel.doc.text, edits: appendCertificateEntries(channel.doc, channel.channel, [{ subjectDN: cert.subject, issuerDN: cert.issuer }]) });
    planNotes.push(`The DNs of ${cert.commonName ?? cert.subject} were added to channel "${channel.channel.name}".`);
    if (channel.channel.authorization !== 'clientCertificate') planNotes.push(`Channel "${channel.channel.name}" does not authorize by Client Certificate, so the table has no effect until it does.`);
  }

  // 4. Keep the certificate file in the workspace so its expiry stays tracked.
  const kept = await certificateFileEdit(ctx, cert, read.find((r) => r.certificates.includes(cert))!.uri);
  if (kept) {
    fileEdits.push(kept.edit);
    planNotes.push(`The certificate was saved as ${kept.name}${hasPrivateKey ? ' (without the private key)' : ''}.`);
  }
  if (fileEdits.length === 0) {
    void vscode.window.showInformationMessage(`${TITLE}: ${cert.commonName ?? cert.subject} is already in the workspace; nothing to do.`);
    return false;
  }
  const plan: FixPlan = { id: 'import', title: `Import certificate ${cert.commonName ?? cert.subject}`, rule: 'certificate-not-found', files: fileEdits, notes: planNotes };
  return applyPlan(snapshot(plan), prompter);
};

function entryOf(ctx: CommandContext, args: ImportArgs): { subjectDN: string; issuerDN: string } | undefined {
  if (!args.iflow || args.channelId === undefined || args.entryIndex === undefined) return undefined;
  const doc = ctx.workspace.current.document(args.iflow.toString());
  const channel = doc?.channels.find((c) => c.id === args.channelId);
  const r = doc && channel ? ctx.workspace.current.resolvedEntries(doc, channel)[args.entryIndex] : undefined;
  return r ? { subjectDN: r.subjectDN.value, issuerDN: r.issuerDN.value } : undefined;
}

/** The user and roles for a certificate in the mapping file that governs `forIFlow` (the first folder's without one). */
async function mappingDraft(ctx: CommandContext, cert: CertificateInfo, forIFlow: string | undefined): Promise<MappingDraft | undefined> {
  const { workspace, prompter } = ctx;
  const mapping = workspace.current.mappingFor(forIFlow);
  const derived = deriveUserName(cert.commonName ?? cert.subject);
  const users = await prompter.pick<Item<string | undefined>>([
    { label: `$(add) New user ${derived}`, description: 'name derived from the certificate’s CN', value: undefined },
    ...(mapping?.entries ?? []).filter((e) => e.user).map((e) => ({ label: e.user, description: e.roles.join(', '), value: e.user })),
  ], { title: `${TITLE}: user`, placeholder: 'Map the certificate to which user?' });
  if (!users) return undefined;
  let user = users[0].value;
  if (user === undefined) {
    user = await prompter.input({
      title: `${TITLE}: new user`,
      prompt: 'Technical user the certificate is mapped to',
      value: derived,
      validate: (v) => (!v.trim() ? 'A user name is required' : v.length > MAX_USER_LENGTH ? `At most ${MAX_USER_LENGTH} characters (SAP's limit)` : undefined),
    });
    if (user === undefined) return undefined;
  }
  const known = new Map<string, string[]>();
  const note = (role: string, what: string): void => { known.set(role, [...(known.get(role) ?? []), what]); };
  for (const doc of workspace.current.documents()) for (const c of doc.channels) if (c.role?.trim()) note(c.role.trim(), `${doc.iflowName} · ${c.name || c.id}`);
  for (const e of mapping?.entries ?? []) for (const r of e.roles) if (!known.has(r)) note(r, 'in the mapping file');
  const generic = workspace.current.ruleContextFor(forIFlow).options.genericRoles;
  const roleItems: Array<Item<string>> = [...known].sort(([a], [b]) => a.localeCompare(b)).map(([role, uses]) => ({
    label: role,
    description: generic.includes(role) ? 'generic: every flow with this role' : uses.slice(0, 2).join(', ') + (uses.length > 2 ? ` and ${uses.length - 2} more` : ''),
    value: role,
  }));
  const roles = await prompter.pick(roleItems, {
    title: `${TITLE}: roles of ${user}`,
    placeholder: 'Tick the roles the user holds, or type a new role and press Enter',
    canPickMany: true,
    create: (typed) => (/[\s,]/.test(typed) ? undefined : { label: typed, description: 'new role', value: typed }),
    atLeastOne: 'At least one role: tick one, or type a new role and press Enter',
  });
  if (roles === undefined) return undefined;
  return {
    user: user.trim(),
    keepUser: true,
    roles: roles.map((r) => r.value),
    certificate: cert.pem,
    subjectDN: cert.subject,
    issuerDN: cert.issuer,
    notAfter: cert.notAfter.toISOString(),
    usedBy: [],
  };
}

async function pickChannel(ctx: CommandContext): Promise<{ doc: IFlowDocument; channel: SenderChannel } | undefined> {
  const items = ctx.workspace.current.documents().sort(byIFlowName).flatMap((doc) => doc.channels
    .filter((channel) => channel.authorizationKeys !== undefined)
    .map((channel) => ({ label: channel.name || channel.id, description: doc.iflowName, detail: `${channel.adapter} · ${channel.authorization === 'clientCertificate' ? `Client Certificate · ${channel.certificates.length} certificates` : channel.authorization}`, value: { doc, channel } })));
  if (items.length === 0) {
    void vscode.window.showWarningMessage(`${TITLE}: no sender channel with inbound authorization in the workspace.`);
    return undefined;
  }
  const picked = await ctx.prompter.pick(items, { title: `${TITLE}: channel`, placeholder: 'Add the certificate’s DNs to which channel?' });
  return picked?.[0]?.value;
}

/**
 * Creates `<certificatesFolder>/<name>.pem` unless the file already lives in the workspace: in the
 * workspace folder of `forFile` (the mapping file or iFlow it is for), else the first folder.
 */
export async function certificateFileEdit(ctx: CommandContext, cert: CertificateInfo, source: vscode.Uri, forFile?: string): Promise<{ edit: FileEdit; name: string } | undefined> {
  const folder = (forFile === undefined ? undefined : vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(forFile))) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  if (vscode.workspace.getWorkspaceFolder(source)) return undefined;
  const known = ctx.workspace.current.ruleContextFor(forFile).certificates.all().some((c) => c.sha256 === cert.sha256 && c.source.kind === 'file');
  if (known) return undefined;
  const stem = (cert.commonName ?? 'certificate').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'certificate';
  const dir = vscode.Uri.joinPath(folder.uri, readSettings(folder.uri).certificatesFolder);
  for (let n = 1; n < 100; n++) {
    const name = `${stem}${n === 1 ? '' : `-${n}`}.pem`;
    const uri = vscode.Uri.joinPath(dir, name);
    const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
    if (!exists) return { edit: { file: uri.toString(), create: true, baseText: '', edits: [{ start: 0, end: 0, newText: cert.pem }] }, name: vscode.workspace.asRelativePath(uri, false) };
  }
  return undefined;
}
