/**
 * Quick fixes as plain data (FixPlan): the editor turns a plan into one undoable WorkspaceEdit,
 * `iflow-auth fix` applies and writes it. Every edit is computed on the original text of each
 * file and changes only the bytes it must. Pure: no 'vscode', no Node built-ins.
 *
 * A plan whose `files` is empty cannot be applied; its notes say why (e.g. the mapping file is
 * not valid JSON). fixesFor() never returns such plans; migrateChannelPlan() may (its caller
 * asked for that channel explicitly), and whyNoMigration() says the same reason up front.
 */
import { lintIFlow } from './engine';
import {
  insertProperty,
  removeCertificateRows,
  setCertificateRows,
  setChannelValue,
  singlePlaceholder,
  type ParametersFile,
} from './edits/iflowEdits';
import { mergeFileEdits, type FileEdit, type FixPlan } from './edits/types';
import { normalizeDN } from './certs/dn';
import { authTableOf } from './iflow/parse';
import { draftFromEntry, mergeIntoMapping, type MappingDraft } from './mapping/merge';
import type { MappingUsage } from './mapping/types';
import { renameRoleInMapping } from './mapping/write';
import type { IFlowDocument, SenderChannel } from './model';
import type { EntryResolution } from './resolve';
import type { Finding, RuleContext, RuleId } from './rules/types';

export interface FixSettings {
  /** Role a fix sets when a channel has none (iflowAuth.defaultUserRole). */
  defaultUserRole: string;
  /** Path or URI string of the mapping file. */
  mappingFile: string;
  /** Path/URI of the export's parameters.prop (whether or not it exists yet). */
  parametersFileOf(doc: IFlowDocument): string | undefined;
  /** Text of the export's parameters.prop; undefined when it does not exist. */
  parametersText(doc: IFlowDocument): string | undefined;
}

/** Rules fixAllPlan() (and `source.fixAll`) fixes: row removals that need no decision. */
export const SAFE_FIX_RULES: readonly RuleId[] = ['duplicate-certificate-entry', 'empty-certificate-entry'];
/** Rules with a fix that needs no question (what `iflow-auth fix` applies without --rule). */
export const FIXABLE_RULES: readonly RuleId[] = [
  'duplicate-certificate-entry',
  'empty-certificate-entry',
  'client-certificate-authorization',
  'missing-user-role',
  'generic-user-role',
];

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const channelLabel = (c: SenderChannel): string => c.name || c.id;

function parametersFile(doc: IFlowDocument, settings: FixSettings): ParametersFile | undefined {
  const file = settings.parametersFileOf(doc);
  return file === undefined ? undefined : { file, text: settings.parametersText(doc) };
}

/** The mapping file's `usedBy` item for a channel: the iFlow path relative to the mapping file's folder. */
export function usageOf(doc: IFlowDocument, channel: SenderChannel, mappingFile: string): MappingUsage {
  return { iflow: relativeToMapping(mappingFile, doc.file), channel: channelLabel(channel) };
}

function relativeToMapping(mappingFile: string, file: string): string {
  const isUri = (s: string): boolean => /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(s);
  const norm = (s: string): string => {
    let t = s.replace(/\\/g, '/');
    if (isUri(t)) {
      try {
        t = decodeURIComponent(t);
      } catch {
        /* keep */
      }
    }
    return t;
  };
  const m = norm(mappingFile);
  const f = norm(file);
  const dir = m.slice(0, m.lastIndexOf('/') + 1);
  if (dir && f.startsWith(dir)) return f.slice(dir.length);
  if (!dir && !isUri(f) && !f.startsWith('/') && !/^[a-zA-Z]:/.test(f)) return f.replace(/^(\.\/)+/, '');
  return f;
}

function channelAt(doc: IFlowDocument, finding: Finding): SenderChannel | undefined {
  return doc.channels.find((c) => c.elementRange.start <= finding.range.start && finding.range.start <= c.elementRange.end)
    ?? doc.channels.find((c) => finding.channel !== undefined && channelLabel(c) === finding.channel);
}

/** The role a flow-specific fix proposes: `<iFlow name>.send`, characters outside `[A-Za-z0-9_.-]` as `_`. */
export function flowSpecificRole(doc: IFlowDocument): string {
  const base = (doc.iflowName || doc.iflowId || 'Flow').replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${base}.send`;
}

interface Drafts {
  drafts: MappingDraft[];
  notes: string[];
}

function draftsOf(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, usage: MappingUsage, role: string, user?: string): Drafts {
  const drafts: MappingDraft[] = [];
  const notes: string[] = [];
  let byDnOnly = 0;
  const skipped: string[] = [];
  for (const r of ctx.resolver.resolve(doc, channel) as EntryResolution[]) {
    const n = r.entry.index + 1;
    if (r.embedded && !r.certificate) {
      skipped.push(`entry ${n} holds certificate material that does not decode`);
      continue;
    }
    if (!r.certificate) {
      const unresolved = [...r.subjectDN.unresolved, ...r.issuerDN.unresolved];
      if (unresolved.length > 0) {
        skipped.push(`entry ${n} uses {{${unresolved.join('}}, {{')}}} without a value in parameters.prop`);
        continue;
      }
      if (r.subjectDN.value.trim() === '' || r.issuerDN.value.trim() === '') {
        skipped.push(`entry ${n} is empty`);
        continue;
      }
      byDnOnly++;
    }
    const draft = draftFromEntry(r, usage, role);
    if (user !== undefined && user.trim() !== '') {
      draft.user = user.trim();
      draft.keepUser = true;
    }
    drafts.push(draft);
  }
  if (byDnOnly > 0) {
    notes.push(`${plural(byDnOnly, 'entry', 'entries')} had no certificate in the workspace: mapped by Subject and Issuer DN only ("certificate": null). Import the certificate before exporting the mapping.`);
  }
  if (skipped.length > 0) notes.push(`Not moved (dropped with the table): ${skipped.join('; ')}.`);
  return { drafts, notes };
}

interface MigrationParts {
  plan: FixPlan;
  reason?: string;
}

function migration(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings, options: { user?: string; role?: string } = {}): MigrationParts {
  const table = authTableOf(channel.adapter);
  const id = `migrate:${channel.id}`;
  const empty = (reason: string): MigrationParts => ({
    plan: { id, title: 'Switch to User Role', rule: 'client-certificate-authorization', preferred: true, files: [], notes: [reason] },
    reason,
  });
  if (!table) return empty(`The ${channel.adapter || 'unknown'} adapter has no inbound authorization setting.`);
  const params = parametersFile(doc, settings);
  const role = (options.role ?? '').trim() || channel.role?.trim() || settings.defaultUserRole;
  const usage = usageOf(doc, channel, settings.mappingFile);
  const { drafts, notes } = draftsOf(doc, channel, ctx, usage, role, options.user);

  const files: FileEdit[] = [];
  const modeProp = channel.modeProperty;
  const externalized = modeProp !== undefined && singlePlaceholder(modeProp.value) !== undefined && params !== undefined;
  if (modeProp) files.push(...setChannelValue(doc, channel, modeProp, table.userRole, params));
  else files.push({ file: doc.file, baseText: doc.text, edits: [insertProperty(doc, channel, table.modeKey, table.userRole)] });
  if (channel.roleProperty) {
    if (channel.role !== role) files.push(...setChannelValue(doc, channel, channel.roleProperty, role, params));
  } else {
    files.push({ file: doc.file, baseText: doc.text, edits: [insertProperty(doc, channel, 'userRole', role)] });
  }
  if (channel.certificates.length > 0) files.push({ file: doc.file, baseText: doc.text, edits: [setCertificateRows(doc, channel, [])] });

  for (const p of [modeProp, channel.roleProperty]) {
    const name = p && params ? singlePlaceholder(p.value) : undefined;
    if (name === undefined) continue;
    const shared = doc.channels.filter((c) => c !== channel && [...c.properties.values()].some((q) => q.value.includes(`{{${name}}}`)));
    if (shared.length > 0) notes.push(`The parameter "${name}" is also used by ${shared.map((c) => `"${channelLabel(c)}"`).join(', ')}: changing it in parameters.prop changes ${shared.length === 1 ? 'that channel' : 'those channels'} too.`);
  }
  if (modeProp && singlePlaceholder(modeProp.value) !== undefined && !params) {
    notes.push(`The mode was externalized ({{${singlePlaceholder(modeProp.value)}}}) but no parameters.prop is known: the value is now set in the iFlow.`);
  }

  if (drafts.length > 0) {
    const merged = mergeIntoMapping(ctx.mapping, settings.mappingFile, drafts);
    if (!merged.ok) return empty(merged.reason);
    files.push(merged.edit);
    if (merged.edit.create) notes.push(`The mapping file ${settings.mappingFile} is created.`);
  }
  // Rows naming the same certificate twice merge into one mapping: count certificates, not rows.
  const moved = new Set(drafts.map((d) => d.certificate ?? `${normalizeDN(d.subjectDN)}\u0000${normalizeDN(d.issuerDN)}`)).size;
  const where = externalized ? ' (in parameters.prop)' : '';
  const title = moved > 0
    ? `Move ${plural(moved, 'certificate')} to the certificate-user mapping and switch to User Role${where}`
    : `Switch to User Role${where}`;
  notes.unshift(`Channel "${channelLabel(channel)}" switches to User Role with role "${role}"${moved > 0 ? `; ${plural(moved, 'certificate entry', 'certificate entries')} move to ${settings.mappingFile}` : ''}.`);
  return { plan: { id, title, rule: 'client-certificate-authorization', preferred: true, files: mergeFileEdits(files), notes } };
}

/**
 * The preferred fix of `client-certificate-authorization`: the mode becomes User Role
 * (`RoleBased`, or `basic` for the OData sender), the role stays the channel's where set (else
 * `options.role`, else settings.defaultUserRole; `options.role` wins when given), the certificate
 * table is emptied, and each non-empty entry becomes a mapping draft merged into the mapping file
 * (`options.user`: one user chosen for all of them). Externalized mode/role values are set in
 * parameters.prop. When it cannot be applied, `files` is empty and the notes say why.
 */
export function migrateChannelPlan(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings, options?: { user?: string; role?: string }): FixPlan {
  return migration(doc, channel, ctx, settings, options).plan;
}

/** Why the migration of this channel cannot be offered (e.g. an invalid mapping file), or undefined. */
export function whyNoMigration(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings): string | undefined {
  return migration(doc, channel, ctx, settings).reason;
}

function setRolePlan(doc: IFlowDocument, channel: SenderChannel, settings: FixSettings): FixPlan | undefined {
  const role = settings.defaultUserRole.trim();
  if (!role) return undefined;
  const params = parametersFile(doc, settings);
  const files = channel.roleProperty
    ? setChannelValue(doc, channel, channel.roleProperty, role, params)
    : [{ file: doc.file, baseText: doc.text, edits: [insertProperty(doc, channel, 'userRole', role)] }];
  const inParams = channel.roleProperty && singlePlaceholder(channel.roleProperty.value) !== undefined && params ? ' (in parameters.prop)' : '';
  return { id: `set-role:${channel.id}`, title: `Set role "${role}"${inParams}`, rule: 'missing-user-role', preferred: true, files: mergeFileEdits(files), notes: [] };
}

function flowRolePlan(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings): FixPlan | undefined {
  const oldRole = channel.role?.trim();
  const newRole = flowSpecificRole(doc);
  if (!oldRole || !channel.roleProperty || oldRole === newRole) return undefined;
  const params = parametersFile(doc, settings);
  const files = setChannelValue(doc, channel, channel.roleProperty, newRole, params);
  const notes: string[] = [];
  if (ctx.mapping?.error) {
    notes.push(`The mapping file is not valid (${ctx.mapping.error.message}): its roles were not updated; give the users who call this channel the role "${newRole}".`);
  } else {
    const rename = renameRoleInMapping(ctx.mapping, oldRole, newRole, usageOf(doc, channel, settings.mappingFile));
    if (rename) {
      files.push({ ...rename, file: settings.mappingFile });
      notes.push(`Users mapped for this channel get the role "${newRole}" in the mapping file.`);
    } else {
      notes.push(`Create the role "${newRole}" in the tenant and assign it to the users who call this channel.`);
    }
  }
  const inParams = singlePlaceholder(channel.roleProperty.value) !== undefined && params ? ' (in parameters.prop)' : '';
  return { id: `flow-role:${channel.id}`, title: `Use a flow-specific role "${newRole}"${inParams}`, rule: 'generic-user-role', preferred: true, files: mergeFileEdits(files), notes };
}

function removeRowPlan(doc: IFlowDocument, finding: Finding, rule: 'duplicate-certificate-entry' | 'empty-certificate-entry'): FixPlan | undefined {
  const channel = channelAt(doc, finding);
  const entry = channel?.certificates.find((e) => e.range.start <= finding.range.start && finding.range.start < Math.max(e.range.end, e.range.start + 1));
  if (!channel || !entry) return undefined;
  const what = rule === 'duplicate-certificate-entry' ? 'duplicate' : 'empty';
  return {
    id: `remove-row:${channel.id}:${entry.index}`,
    title: `Remove the ${what} certificate entry ${entry.index + 1}`,
    rule,
    preferred: true,
    files: [{ file: doc.file, baseText: doc.text, edits: [removeCertificateRows(doc, channel, [entry.index])] }],
    notes: [],
  };
}

/** The fixes of one finding, the preferred one first (none for rules without a fix). */
export function fixesFor(finding: Finding, doc: IFlowDocument, ctx: RuleContext, settings: FixSettings): FixPlan[] {
  if (finding.file !== doc.file || doc.error) return [];
  const channel = channelAt(doc, finding);
  if (!channel) return [];
  let plan: FixPlan | undefined;
  switch (finding.rule) {
    case 'client-certificate-authorization': {
      const m = migration(doc, channel, ctx, settings);
      plan = m.reason === undefined ? m.plan : undefined;
      break;
    }
    case 'missing-user-role': plan = setRolePlan(doc, channel, settings); break;
    case 'generic-user-role': plan = flowRolePlan(doc, channel, ctx, settings); break;
    case 'duplicate-certificate-entry':
    case 'empty-certificate-entry':
      plan = removeRowPlan(doc, finding, finding.rule);
      break;
    default:
      return [];
  }
  return plan && plan.files.length > 0 ? [plan] : [];
}

/** Every safe fix of the iFlow at once (duplicate and empty certificate rows), or undefined. */
export function fixAllPlan(doc: IFlowDocument, ctx: RuleContext, settings: FixSettings): FixPlan | undefined {
  void settings;
  if (doc.error) return undefined;
  const rows = new Map<SenderChannel, Set<number>>();
  for (const f of lintIFlow(doc, ctx)) {
    if (!SAFE_FIX_RULES.includes(f.rule)) continue;
    const channel = channelAt(doc, f);
    const entry = channel?.certificates.find((e) => e.range.start <= f.range.start && f.range.start < Math.max(e.range.end, e.range.start + 1));
    if (!channel || !entry) continue;
    if (!rows.has(channel)) rows.set(channel, new Set());
    rows.get(channel)!.add(entry.index);
  }
  if (rows.size === 0) return undefined;
  const edits = [...rows].map(([channel, set]) => removeCertificateRows(doc, channel, [...set]));
  const n = [...rows.values()].reduce((a, s) => a + s.size, 0);
  return {
    id: `fix-all:${doc.file}`,
    title: `Remove ${plural(n, 'duplicate or empty certificate entry', 'duplicate or empty certificate entries')}`,
    rule: 'fix-all',
    files: mergeFileEdits([{ file: doc.file, baseText: doc.text, edits }]),
    notes: [],
  };
}
