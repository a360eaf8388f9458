/**
 * Quick fixes as plain data (FixPlan): the editor turns a plan into one undoable WorkspaceEdit,
 * `iflow-auth fix` applies and writes it. Every edit is computed on the original text of each
 * file and changes only the bytes it must. Pure: no 'vscode', no Node built-ins.
 *
 * A plan whose `files` is empty cannot be applied; its notes say why (e.g. the mapping file is
 * not valid JSON). fixesFor() never returns such plans; migrateChannelPlan() may (its caller
 * asked for that channel explicitly), and whyNoMigration() says the same reason up front.
 *
 * Fixes never widen access: no fix gives a channel a generic role, none maps a certificate the
 * rules call unusable, and every plan carries its access change (who gains or loses the ability
 * to call a channel). Only a plan that changes no one's access is applied without a question.
 */
import { accessChange, changesNoOne } from './access';
import { unusableReasons, type UnusableReason } from './certs/usability';
import { DEFAULT_FLOW_ROLE } from './defaults';
import { lintIFlow } from './engine';
import {
  clearCertificateEntries,
  removeCertificateEntries,
  setAuthorizationValue,
  singlePlaceholder,
  type ParametersFile,
} from './edits/iflowEdits';
import { applyFileEdit, mergeFileEdits, type FileEdit, type FixPlan } from './edits/types';
import { normalizeDN } from './certs/dn';
import { parseParameters } from './iflow/parameters';
import { parseIFlow } from './iflow/parse';
import { draftFromEntry, mergeIntoMapping, type MappingDraft } from './mapping/merge';
import { readMappingFile } from './mapping/read';
import type { MappingUsage } from './mapping/types';
import { renameRoleInMapping } from './mapping/write';
import { baseNameOf } from './paths';
import { plural } from './plural';
import type { IFlowDocument, SenderChannel } from './model';
import type { EntryResolution } from './resolve';
import type { Finding, RuleContext, RuleId } from './rules/types';

export interface FixSettings {
  /**
   * The role pattern fixes give a flow (`flowRole`: the editor's iflowAuth.flowRole, the CLI's
   * --flow-role, the configuration file's flowRole; default DEFAULT_FLOW_ROLE); `{iflow}` stands
   * for the iFlow id.
   */
  flowRole: string;
  /** Path or URI string of the mapping file. */
  mappingFile: string;
  /** Roles the workspace's other iFlows use (tenant users may hold them already). */
  rolesInUse?: ReadonlySet<string>;
  /** Path/URI of the export's parameters.prop (whether or not it exists yet). */
  parametersFileOf(doc: IFlowDocument): string | undefined;
  /** Text of the export's parameters.prop; undefined when it does not exist. */
  parametersText(doc: IFlowDocument): string | undefined;
}

/**
 * Rules with a fix, in the order `iflow-auth fix` applies them. Without --rule it applies only the
 * plans that change no one's access (isNoQuestion); `source.fixAll` only those that edit the
 * iFlow alone.
 */
export const FIXABLE_RULES: readonly RuleId[] = [
  'duplicate-certificate-entry',
  'empty-certificate-entry',
  'client-certificate-authorization',
  'missing-user-role',
  'generic-user-role',
];

const channelLabel = (c: SenderChannel): string => c.name || c.id;

/** True when the role is a generic one (`genericRoles`): shared by every flow that does not name its own. */
export const isGenericRole = (role: string, ctx: RuleContext): boolean => ctx.options.genericRoles.includes(role.trim());

/** Why a role must not be given to a channel by a fix (a generic one), or undefined. */
export function roleProblem(role: string, ctx: RuleContext): string | undefined {
  const r = role.trim();
  if (!r) return 'A role is required';
  if (isGenericRole(r, ctx)) return `"${r}" is a generic role: every partner of every flow with that role could call this flow, and this flow's partners every such flow. Name a flow-specific role.`;
  return undefined;
}

/**
 * The role fixes give this flow: the `flowRole` pattern with `{iflow}` replaced by the iFlow id
 * (the manifest's Bundle-SymbolicName, else the file name), characters outside `[A-Za-z0-9_.-]`
 * as `_`.
 */
export function flowRoleOf(doc: IFlowDocument, pattern: string): string {
  const id = (doc.iflowId || doc.iflowName || 'Flow').replace(/[^A-Za-z0-9_.-]/g, '_');
  return (pattern.trim() || DEFAULT_FLOW_ROLE).split('{iflow}').join(id);
}

/** A plan with the access change it makes (who gains or loses the ability to call a channel). */
function withAccess(plan: FixPlan, doc: IFlowDocument, ctx: RuleContext, settings: FixSettings): FixPlan {
  if (plan.files.length === 0) return plan;
  const texts = new Map(plan.files.map((f) => [f.file, applyFileEdit(f)]));
  const parametersFile = settings.parametersFileOf(doc);
  const parametersText = parametersFile === undefined ? undefined : texts.get(parametersFile);
  const parameters = parametersText === undefined ? doc.parameters : parseParameters(parametersText, parametersFile);
  const after = texts.has(doc.file) || parametersText !== undefined ? parseIFlow(texts.get(doc.file) ?? doc.text, doc.file, { parameters }) : doc;
  const mappingText = texts.get(settings.mappingFile);
  const mapping = mappingText === undefined ? ctx.mapping : readMappingFile(mappingText, settings.mappingFile);
  const access = accessChange({ doc, mapping: ctx.mapping }, { doc: after, mapping }, {
    now: ctx.options.now,
    genericRoles: ctx.options.genericRoles,
    certificates: ctx.certificates,
    rolesInUse: settings.rolesInUse,
  });
  return { ...plan, access };
}

/** True when the plan changes no one's access: it may be applied without a question. */
export const isNoQuestion = (plan: FixPlan): boolean => changesNoOne(plan.access);

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

/** A certificate entry that is not mapped because its certificate cannot log in. */
interface Unusable {
  name: string;
  reasons: UnusableReason[];
}

interface Drafts {
  drafts: MappingDraft[];
  unusable: Unusable[];
  notes: string[];
}

function draftsOf(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, usage: MappingUsage, role: string, user?: string): Drafts {
  const drafts: MappingDraft[] = [];
  const unusable: Unusable[] = [];
  const notes: string[] = [];
  let byDnOnly = 0;
  const skipped: string[] = [];
  for (const r of ctx.resolver.resolve(doc, channel) as EntryResolution[]) {
    const n = r.entry.index + 1;
    if (r.embedded && !r.certificate) {
      skipped.push(`entry ${n} holds certificate material that does not decode`);
      continue;
    }
    if (r.certificate) {
      const reasons = unusableReasons(r.certificate, ctx.options.now);
      if (reasons.length > 0) {
        const name = r.certificate.commonName ?? r.certificate.subject;
        // Rows naming one certificate twice are one certificate.
        if (!unusable.some((u) => u.name === name && u.reasons[0].detail === reasons[0].detail)) unusable.push({ name, reasons });
        continue;
      }
    } else {
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
  if (unusable.length > 0) {
    notes.push(`Not mapped, removed from the channel (they cannot log in): ${unusable.map((u) => `"${u.name}": ${u.reasons.map((x) => x.detail).join(', ')}`).join('; ')}.`);
  }
  if (byDnOnly > 0) {
    notes.push(`${plural(byDnOnly, 'entry', 'entries')} had no certificate in the workspace: mapped by Subject and Issuer DN only ("certificate": null). Import the certificate before exporting the mapping.`);
  }
  if (skipped.length > 0) notes.push(`Not moved (dropped with the table): ${skipped.join('; ')}.`);
  return { drafts, unusable, notes };
}

/** "drop "acme-expired" (expired)", or "drop 4 unusable (expired, self-signed, …)". */
function dropTitle(unusable: Unusable[]): string {
  if (unusable.length === 0) return '';
  if (unusable.length <= 2) return `; drop ${unusable.map((u) => `"${u.name}" (${u.reasons.map((r) => r.label).join(', ')})`).join(' and ')}`;
  const labels = [...new Set(unusable.flatMap((u) => u.reasons.map((r) => r.label)))];
  return `; drop ${unusable.length} unusable (${labels.join(', ')})`;
}

/**
 * The role a migration gives the channel: the one asked for, else the channel's own when it is
 * already flow-specific (non-empty and not generic), else the flow role. Never a generic one.
 */
export function migrationRole(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings, asked?: string): string {
  const own = channel.role?.trim();
  return asked?.trim() || (own && !isGenericRole(own, ctx) ? own : flowRoleOf(doc, settings.flowRole));
}

interface MigrationParts {
  plan: FixPlan;
  reason?: string;
}

function migration(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings, options: { user?: string; role?: string } = {}): MigrationParts {
  const keys = channel.authorizationKeys;
  const id = `migrate:${channel.id}`;
  const empty = (reason: string): MigrationParts => ({
    plan: { id, title: 'Switch to User Role', rule: 'client-certificate-authorization', preferred: true, files: [], notes: [reason] },
    reason,
  });
  if (!keys) return empty(`The ${channel.adapter || 'unknown'} adapter has no inbound authorization setting.`);
  const role = migrationRole(doc, channel, ctx, settings, options.role);
  const refused = roleProblem(role, ctx);
  if (refused) return empty(refused);
  const params = parametersFile(doc, settings);
  const usage = usageOf(doc, channel, settings.mappingFile);
  const { drafts, unusable, notes } = draftsOf(doc, channel, ctx, usage, role, options.user);

  const files: FileEdit[] = [];
  const modeProp = channel.modeProperty;
  const externalized = modeProp !== undefined && singlePlaceholder(modeProp.value) !== undefined && params !== undefined;
  // Mode, role and entries are edited where they are written: on the channel, or on its sender participant.
  files.push(...setAuthorizationValue(doc, channel, 'mode', keys.userRole, params));
  if (!channel.roleProperty || channel.roleImplicit || channel.role !== role) files.push(...setAuthorizationValue(doc, channel, 'role', role, params));
  if (channel.certificates.length > 0) files.push({ file: doc.file, baseText: doc.text, edits: clearCertificateEntries(doc, channel) });

  for (const p of [modeProp, channel.roleProperty]) {
    const name = p && params ? singlePlaceholder(p.value) : undefined;
    if (name === undefined) continue;
    const shared = doc.channels.filter((c) => c !== channel && [...c.properties.values()].some((q) => q.value.includes(`{{${name}}}`)));
    if (shared.length > 0) notes.push(`The parameter "${name}" is also used by ${shared.map((c) => `"${channelLabel(c)}"`).join(', ')}: changing it in parameters.prop changes ${shared.length === 1 ? 'that channel' : 'those channels'} too.`);
  }
  if (modeProp && singlePlaceholder(modeProp.value) !== undefined && !params) {
    notes.push(`The mode was externalized ({{${singlePlaceholder(modeProp.value)}}}) but no parameters.prop is known: the value is now set in the iFlow.`);
  }

  const mappingName = baseNameOf(settings.mappingFile); // the full path is in the edit
  if (drafts.length > 0) {
    const merged = mergeIntoMapping(ctx.mapping, settings.mappingFile, drafts);
    if (!merged.ok) return empty(merged.reason);
    files.push(merged.edit);
    if (merged.edit.create) notes.push(`The mapping file ${mappingName} is created.`);
  }
  // Rows naming the same certificate twice merge into one mapping: count certificates, not rows.
  const moved = new Set(drafts.map((d) => d.certificate ?? `${normalizeDN(d.subjectDN)}\u0000${normalizeDN(d.issuerDN)}`)).size;
  const where = externalized ? ' (in parameters.prop)' : '';
  const switchTo = `switch to User Role "${role}"${where}`;
  const title = moved > 0
    ? `Move ${plural(moved, 'certificate')} to the certificate-user mapping and ${switchTo}${dropTitle(unusable)}`
    : `${switchTo[0].toUpperCase()}${switchTo.slice(1)}${dropTitle(unusable)}`;
  const kept = channel.role?.trim() === role;
  notes.unshift(`Channel "${channelLabel(channel)}" switches to User Role with ${kept ? 'its' : 'the'} flow-specific role "${role}"${moved > 0 ? `; ${plural(moved, 'certificate')} ${moved === 1 ? 'moves' : 'move'} to ${mappingName} with that role` : ''}.`);
  notes.push(`Before deploying: create the role "${role}" on the tenant and deploy the mapping (Export Mappings for Neo / Cloud Foundry); until then no one can call the channel.`);
  return { plan: withAccess({ id, title, rule: 'client-certificate-authorization', preferred: true, files: mergeFileEdits(files), notes }, doc, ctx, settings) };
}

/**
 * The preferred fix of `client-certificate-authorization`: the mode becomes User Role
 * (`RoleBased`, or `basic` for the OData sender) with a flow-specific role (migrationRole: never
 * a generic one), the certificate table is emptied, and each entry whose certificate can log in
 * (or is not known yet) becomes a mapping draft with that role, merged into the mapping file
 * (`options.user`: one user chosen for all of them). Entries whose certificate cannot log in
 * (expired, self-signed, a CA certificate, not for client authentication) are dropped, and the
 * title and notes say which and why. Externalized mode/role values are set in parameters.prop.
 * When it cannot be applied, `files` is empty and the notes say why.
 */
export function migrateChannelPlan(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings, options?: { user?: string; role?: string }): FixPlan {
  return migration(doc, channel, ctx, settings, options).plan;
}

/** Why the migration of this channel cannot be offered (e.g. an invalid mapping file), or undefined. */
export function whyNoMigration(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings): string | undefined {
  return migration(doc, channel, ctx, settings).reason;
}

/** missing-user-role: the flow role where the channel names none. */
function setRolePlan(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings): FixPlan | undefined {
  const role = flowRoleOf(doc, settings.flowRole);
  if (roleProblem(role, ctx)) return undefined;
  const params = parametersFile(doc, settings);
  const files = setAuthorizationValue(doc, channel, 'role', role, params);
  const inParams = channel.roleProperty && singlePlaceholder(channel.roleProperty.value) !== undefined && params ? ' (in parameters.prop)' : '';
  const notes = [`Create the role "${role}" on the tenant and assign it to the users who call this channel.`];
  return withAccess({ id: `set-role:${channel.id}`, title: `Set the flow-specific role "${role}"${inParams}`, rule: 'missing-user-role', preferred: true, files: mergeFileEdits(files), notes }, doc, ctx, settings);
}

/** generic-user-role: the flow role instead of the generic one, and the mapping's roles for that channel. */
function flowRolePlan(doc: IFlowDocument, channel: SenderChannel, ctx: RuleContext, settings: FixSettings): FixPlan | undefined {
  const oldRole = channel.role?.trim();
  const newRole = flowRoleOf(doc, settings.flowRole);
  if (!oldRole || oldRole === newRole || roleProblem(newRole, ctx)) return undefined;
  // With neither a mode nor a role key, the adapter version's own keys are unknown: nothing to edit.
  if (!channel.roleProperty && !channel.modeProperty) return undefined;
  const params = parametersFile(doc, settings);
  const files = setAuthorizationValue(doc, channel, 'role', newRole, params);
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
  const inParams = channel.roleProperty && singlePlaceholder(channel.roleProperty.value) !== undefined && params ? ' (in parameters.prop)' : '';
  return withAccess({ id: `flow-role:${channel.id}`, title: `Use a flow-specific role "${newRole}"${inParams}`, rule: 'generic-user-role', preferred: true, files: mergeFileEdits(files), notes }, doc, ctx, settings);
}

function removeRowPlan(doc: IFlowDocument, finding: Finding, ctx: RuleContext, settings: FixSettings, rule: 'duplicate-certificate-entry' | 'empty-certificate-entry'): FixPlan | undefined {
  const channel = channelAt(doc, finding);
  const entry = channel?.certificates.find((e) => e.range.start <= finding.range.start && finding.range.start < Math.max(e.range.end, e.range.start + 1));
  if (!channel || !entry) return undefined;
  const what = rule === 'duplicate-certificate-entry' ? 'duplicate' : 'empty';
  return withAccess({
    id: `remove-row:${channel.id}:${entry.index}`,
    title: `Remove the ${what} certificate entry ${entry.index + 1}`,
    rule,
    preferred: true,
    files: [{ file: doc.file, baseText: doc.text, edits: removeCertificateEntries(doc, channel, [entry.index]) }],
    notes: [],
  }, doc, ctx, settings);
}

/** The fixes of one finding, the preferred one first (none for rules without a fix), each with its access change. */
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
    case 'missing-user-role': plan = setRolePlan(doc, channel, ctx, settings); break;
    case 'generic-user-role': plan = flowRolePlan(doc, channel, ctx, settings); break;
    case 'duplicate-certificate-entry':
    case 'empty-certificate-entry':
      plan = removeRowPlan(doc, finding, ctx, settings, finding.rule);
      break;
    default:
      return [];
  }
  return plan && plan.files.length > 0 ? [plan] : [];
}

/**
 * `source.fixAll`: every fix of the iFlow that changes no one's access and edits the iFlow alone
 * (fixes spanning files go through the editor's preview instead), merged into one plan; undefined
 * when there is none. Plans whose edits would overlap an earlier one are left for another run.
 */
export function fixAllPlan(doc: IFlowDocument, ctx: RuleContext, settings: FixSettings): FixPlan | undefined {
  if (doc.error) return undefined;
  const order = (f: Finding): number => FIXABLE_RULES.indexOf(f.rule);
  const findings = lintIFlow(doc, ctx).filter((f) => order(f) >= 0).sort((a, b) => order(a) - order(b) || a.range.start - b.range.start);
  const chosen: FixPlan[] = [];
  let merged: FileEdit[] = [];
  for (const f of findings) {
    const plan = fixesFor(f, doc, ctx, settings)[0];
    if (!plan || !isNoQuestion(plan) || plan.files.some((fe) => fe.file !== doc.file)) continue;
    try {
      merged = mergeFileEdits([...merged, ...plan.files]);
      chosen.push(plan);
    } catch {
      // Overlaps an earlier fix (e.g. two fixes of one row): left for the next run.
    }
  }
  if (chosen.length === 0) return undefined;
  const rows = chosen.filter((p) => p.rule === 'duplicate-certificate-entry' || p.rule === 'empty-certificate-entry').length;
  const parts = [
    ...(rows > 0 ? [`remove ${plural(rows, 'duplicate or empty certificate entry', 'duplicate or empty certificate entries')}`] : []),
    ...chosen.filter((p) => p.rule !== 'duplicate-certificate-entry' && p.rule !== 'empty-certificate-entry').map((p) => p.title[0].toLowerCase() + p.title.slice(1)),
  ];
  const title = parts.join('; ');
  return {
    id: `fix-all:${doc.file}`,
    title: title[0].toUpperCase() + title.slice(1),
    rule: 'fix-all',
    files: merged,
    notes: chosen.flatMap((p) => p.notes),
    access: { channels: [], roles: [] },
  };
}
