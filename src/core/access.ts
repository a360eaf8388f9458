/**
 * Who may call a sender channel, and how a change of the files changes that. A fix that changes
 * no one's access may be applied without a question (`source.fixAll`, `iflow-auth fix` without
 * --rule); any other fix lists who gains or loses access and is applied only when asked for.
 * Pure: no 'vscode', no Node built-ins.
 *
 * The callers the workspace knows are certificates: the rows of a Client Certificate channel, or
 * the mapping file's users holding a User Role channel's role. A certificate that cannot log in
 * (expired, self-signed, a CA certificate, not for client authentication) calls nothing. Tenant
 * users the mapping file does not list may hold any role that already exists; a role that appears
 * nowhere yet (not generic, not used by a channel, held by no mapped user) is held by no one.
 */
import type { CertificateIndex } from './certs/certificateIndex';
import { commonNameOf, normalizeDN } from './certs/dn';
import { unusableReasons } from './certs/usability';
import type { MappingEntry, MappingFile } from './mapping/types';
import type { IFlowDocument, SenderChannel } from './model';
import { EntryResolver } from './resolve';

/** The files a channel's callers are read from, before or after a change. */
export interface AccessState {
  doc: IFlowDocument;
  mapping?: MappingFile;
}

export interface AccessOptions {
  /** The instant certificates are judged at. */
  now: Date;
  /** Roles every flow may share (`genericRoles`): tenant users surely hold them. */
  genericRoles: readonly string[];
  /** Certificates the workspace sees (to resolve a Client Certificate channel's rows). */
  certificates: CertificateIndex;
  /** Roles the workspace's other iFlows use: tenant users may hold them. */
  rolesInUse?: ReadonlySet<string>;
}

/** How one channel's callers change. */
export interface ChannelAccessChange {
  channel: string;
  /** Mapped users (or certificates, by CN) who can call the channel after the change and could not before. */
  gain: string[];
  lose: string[];
  /** Set when tenant users the mapping file does not list may gain or lose access: says who and why. */
  unknownUsers?: string;
}

/** A role a mapped user gains or loses that other flows may use. */
export interface RoleChange {
  user: string;
  role: string;
  change: 'gain' | 'lose';
}

export interface AccessChange {
  channels: ChannelAccessChange[];
  roles: RoleChange[];
}

/** True when the change gives and takes no one access: the fix needs no question. */
export function changesNoOne(change: AccessChange | undefined): boolean {
  return change === undefined || (change.channels.length === 0 && change.roles.length === 0);
}

interface Callers {
  /** Known callers: a key per certificate (its DN pair) or user, with a name to show. */
  known: Map<string, string>;
  /** The role through which tenant users the mapping file does not list may call, if any. */
  role?: string;
  /** Set when who may call cannot be told (an externalized or unknown mode, an unresolved role). */
  undetermined?: string;
}

const dnPairKey = (subject: string, issuer: string): string => `dn:${normalizeDN(subject)}\u0000${normalizeDN(issuer)}`;

const entryKey = (e: MappingEntry): string => {
  const subject = e.decoded?.subject ?? e.subjectDN;
  const issuer = e.decoded?.issuer ?? e.issuerDN;
  return subject && issuer ? dnPairKey(subject, issuer) : `user:${e.user}`;
};

const channelLabel = (c: SenderChannel): string => c.name || c.id;

function callersOf(state: AccessState, channel: SenderChannel, resolver: EntryResolver, options: AccessOptions): Callers {
  const known = new Map<string, string>();
  const nameOf = (key: string, fallback: string): string =>
    state.mapping?.entries.find((e) => e.user && entryKey(e) === key)?.user ?? fallback;
  if (channel.authorization === 'clientCertificate') {
    for (const r of resolver.resolve(state.doc, channel)) {
      if (r.embedded && !r.certificate) continue; // does not decode: cannot log in
      if (r.certificate) {
        if (unusableReasons(r.certificate, options.now).length > 0) continue;
        const key = dnPairKey(r.certificate.subject, r.certificate.issuer);
        known.set(key, nameOf(key, r.certificate.commonName ?? r.certificate.subject));
        continue;
      }
      const unresolved = [...r.subjectDN.unresolved, ...r.issuerDN.unresolved];
      if (unresolved.length > 0) {
        // Whatever the parameter holds at deploy time may call: keep the row as it is written.
        known.set(`row:${r.entry.subjectDN.value}\u0000${r.entry.issuerDN.value}`, `entry ${r.entry.index + 1} ({{${unresolved.join('}}, {{')}}})`);
        continue;
      }
      if (r.subjectDN.value.trim() === '' || r.issuerDN.value.trim() === '') continue; // matches no certificate
      const key = dnPairKey(r.subjectDN.value, r.issuerDN.value);
      known.set(key, nameOf(key, commonNameOf(r.subjectDN.value) ?? r.subjectDN.value));
    }
    return { known };
  }
  if (channel.authorization === 'userRole') {
    if (channel.role === undefined) return { known, undetermined: `its role is an externalized parameter without a value` };
    const role = channel.role.trim();
    if (!role) return { known };
    for (const e of state.mapping?.entries ?? []) {
      if (!e.roles.includes(role)) continue;
      if (e.decoded && unusableReasons(e.decoded, options.now).length > 0) continue;
      if (e.certificate !== null && !e.decoded) continue; // does not decode: cannot log in
      known.set(entryKey(e), e.user || `mapping ${e.index + 1}`);
    }
    return { known, role };
  }
  if (channel.authorization === 'none') return { known };
  return { known, undetermined: channel.authorization === 'externalized' ? 'its authorization is an externalized parameter without a value' : 'its authorization mode is unknown' };
}

/** Roles that may already be held by tenant users: generic ones, ones any channel or mapped user names. */
function rolesInUse(before: AccessState, options: AccessOptions): Set<string> {
  const roles = new Set<string>([...options.genericRoles, ...(options.rolesInUse ?? [])]);
  for (const c of before.doc.channels) if (c.role?.trim()) roles.add(c.role.trim());
  for (const e of before.mapping?.entries ?? []) for (const r of e.roles) roles.add(r);
  return roles;
}

function channelChange(label: string, before: Callers, after: Callers, inUse: Set<string>): ChannelAccessChange | undefined {
  const gain = [...after.known].filter(([k]) => !before.known.has(k)).map(([, name]) => name);
  const lose = [...before.known].filter(([k]) => !after.known.has(k)).map(([, name]) => name);
  const unknown: string[] = [];
  if ((before.undetermined || after.undetermined) && before.undetermined !== after.undetermined) {
    unknown.push(`who may call it cannot be told (${after.undetermined ?? before.undetermined})`);
  } else if (before.role !== after.role) {
    if (before.role !== undefined) unknown.push(`tenant users holding "${before.role}" who are not in the mapping file lose access`);
    if (after.role !== undefined && inUse.has(after.role)) unknown.push(`tenant users holding "${after.role}" who are not in the mapping file gain access`);
  }
  if (gain.length === 0 && lose.length === 0 && unknown.length === 0) return undefined;
  const change: ChannelAccessChange = { channel: label, gain: [...new Set(gain)].sort(), lose: [...new Set(lose)].sort() };
  if (unknown.length > 0) change.unknownUsers = unknown.join('; ');
  return change;
}

/**
 * How a change of the files (an iFlow, its parameters.prop, the mapping file) changes who may
 * call the iFlow's channels, and which mapped users gain or lose roles other flows may use.
 * `before` and `after` are the same iFlow (channels matched by id) before and after the change.
 */
export function accessChange(before: AccessState, after: AccessState, options: AccessOptions): AccessChange {
  const resolver = new EntryResolver(options.certificates);
  const afterResolver = new EntryResolver(options.certificates);
  const inUse = rolesInUse(before, options);
  const channels: ChannelAccessChange[] = [];
  for (const b of before.doc.channels) {
    const a = after.doc.channels.find((c) => c.id === b.id);
    const was = callersOf(before, b, resolver, options);
    const now: Callers = a ? callersOf(after, a, afterResolver, options) : { known: new Map() };
    const change = channelChange(channelLabel(b), was, now, inUse);
    if (change) channels.push(change);
  }
  const roles: RoleChange[] = [];
  const otherRoles = (role: string): boolean => inUse.has(role);
  const beforeEntries = before.mapping?.entries ?? [];
  const afterEntries = after.mapping?.entries ?? [];
  for (const e of afterEntries) {
    const was = beforeEntries.find((x) => x.user === e.user && entryKey(x) === entryKey(e));
    for (const role of e.roles) if (!was?.roles.includes(role) && otherRoles(role)) roles.push({ user: e.user, role, change: 'gain' });
  }
  for (const e of beforeEntries) {
    const now = afterEntries.find((x) => x.user === e.user && entryKey(x) === entryKey(e));
    for (const role of e.roles) if (!now?.roles.includes(role) && otherRoles(role)) roles.push({ user: e.user, role, change: 'lose' });
  }
  return { channels, roles };
}

/** The change in readable lines (for the CLI and the editor's question); empty when it changes no one's access. */
export function describeAccessChange(change: AccessChange | undefined): string[] {
  if (!change) return [];
  const lines: string[] = [];
  const names = (list: string[]): string => list.join(', ');
  for (const c of change.channels) {
    const parts: string[] = [];
    if (c.gain.length > 0) parts.push(`gain access: ${names(c.gain)}`);
    if (c.lose.length > 0) parts.push(`lose access: ${names(c.lose)}`);
    if (c.unknownUsers) parts.push(c.unknownUsers);
    lines.push(`Channel "${c.channel}": ${parts.join('; ')}.`);
  }
  const gains = change.roles.filter((r) => r.change === 'gain');
  const losses = change.roles.filter((r) => r.change === 'lose');
  const byRole = (list: RoleChange[]): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const r of list) m.set(r.role, [...(m.get(r.role) ?? []), r.user]);
    return m;
  };
  for (const [role, users] of byRole(gains)) lines.push(`${names(users)} get${users.length === 1 ? 's' : ''} the role "${role}", which other flows may use.`);
  for (const [role, users] of byRole(losses)) lines.push(`${names(users)} lose${users.length === 1 ? 's' : ''} the role "${role}", which other flows may use.`);
  return lines;
}
