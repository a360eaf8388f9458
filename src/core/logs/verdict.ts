/**
 * The verdict of one request (the first row of the table that applies) and what the tool says
 * about it, using what the workspace knows: the channel the path reaches and how it authorizes,
 * the mapping file's users and roles, the certificates the tool can see, and the trace records of
 * the same node around the request.
 */
import { reviewClientCertificate } from '../certs/review';
import type { CertificateInfo } from '../certs/types';
import { canonicalAttributeType, commonNameOf, dnEquals, MAX_DN_LENGTH, parseDN } from '../certs/dn';
import type { MappingEntry } from '../mapping/types';
import { baseNameOf } from '../paths';
import { isoDate } from '../time';
import { parseRejectedCertificate, type RejectedCertificate } from './traceReader';
import type { AccessRecord, Caller, TraceRecord, Verdict } from './types';
import { cnKey, type LogCertificateEntry, type LogEndpoint, type LogWorkspace } from './workspace';

/** The challenge pairing: a later call with a caller from the same client to the same path. */
export const CHALLENGE_WINDOW_MS = 60_000;

const quote = (s: string): string => `"${s}"`;
const listOf = (items: string[], max = 4): string =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

const MODE: Record<LogEndpoint['authorization'], string> = {
  userRole: 'User Role',
  clientCertificate: 'Client Certificate',
  externalized: 'externalized authorization',
  unknown: 'unknown authorization',
  none: 'no inbound authorization',
};

export function describeChannel(e: LogEndpoint): string {
  const role = e.authorization === 'userRole' ? ` ${e.role ? quote(e.role) : '(empty role)'}` : '';
  return `${e.iflow} / ${e.channel} (${MODE[e.authorization]}${role})`;
}

/** Does the table hold a row whose subject CN and issuer CN are the caller's? */
function rowsWithCNs(e: LogEndpoint, caller: Caller): LogCertificateEntry[] {
  if (!caller.subjectCN || !caller.issuerCN) return [];
  const want = cnKey(caller.subjectCN, caller.issuerCN);
  return e.certificates.filter((row) => {
    const s = commonNameOf(row.subjectDN);
    const i = commonNameOf(row.issuerDN);
    return s !== undefined && i !== undefined && cnKey(s, i) === want;
  });
}

const holdsRole = (entries: MappingEntry[], role: string): boolean => entries.some((m) => m.roles.includes(role));

/** The verdict table, first row that applies. `paired`: a 401 without caller was followed by a success (the challenge pairing). */
export function verdictOf(status: number, caller: Caller, paired: boolean, endpoints: LogEndpoint[], ws: LogWorkspace): Verdict {
  if (status < 400) return 'ok';
  if (status === 401) {
    if (caller.kind === 'none') return paired ? 'challenge' : 'no-credentials';
    return 'authentication-failed';
  }
  if (status === 403) {
    const channel = endpoints[0];
    if (!channel) return 'unknown-endpoint';
    if (caller.kind === 'certificate' && channel.authorization === 'userRole') return 'certificate-not-mapped';
    if (caller.kind === 'certificate' && channel.authorization === 'clientCertificate'
      && rowsWithCNs(channel, caller).length === 0 && channel.certificates.every((r) => r.resolved)) return 'certificate-not-accepted';
    if (caller.kind === 'user' && channel.authorization === 'userRole' && channel.role
      && !holdsRole(ws.mappingEntriesOf(caller.name), channel.role)) return 'missing-role';
    return 'forbidden';
  }
  if (status === 404 || status === 503) return 'unknown-endpoint';
  if (status >= 500) return 'server-error';
  return 'other';
}

/** What a request's explanation may draw on besides the request itself. */
export interface ExplainInput {
  record: AccessRecord;
  caller: Caller;
  path: string;
  verdict: Verdict;
  endpoints: LogEndpoint[];
  ws: LogWorkspace;
  /** Trace records of the same node around the request. */
  traces: TraceRecord[];
  /** For `challenge`: the call that answered it. */
  answeredBy?: { time: number; caller: string };
}

const certificateName = (c: Caller): string => `${quote(c.subjectCN ?? c.name)} issued by ${quote(c.issuerCN ?? '?')}`;

function shortDN(dn: string): string {
  return dn.length > 200 ? `${dn.slice(0, 200)}…` : dn;
}

/** Attributes in which two DNs differ, e.g. `O: "ACME" in the table, "ACME GmbH" in the trace`. */
export function dnDifference(table: string, trace: string): string[] {
  if (table.length > MAX_DN_LENGTH || trace.length > MAX_DN_LENGTH) return [];
  const values = (dn: string): Map<string, string[]> => {
    const map = new Map<string, string[]>();
    for (const rdn of parseDN(dn)) {
      for (const a of rdn) {
        const type = canonicalAttributeType(a.type);
        map.set(type, [...(map.get(type) ?? []), a.value.trim()]);
      }
    }
    return map;
  };
  const a = values(table);
  const b = values(trace);
  const differences: string[] = [];
  for (const type of new Set([...a.keys(), ...b.keys()])) {
    const x = (a.get(type) ?? []).map((v) => v.toLowerCase()).sort().join('\u0000');
    const y = (b.get(type) ?? []).map((v) => v.toLowerCase()).sort().join('\u0000');
    if (x === y) continue;
    const show = (list: string[] | undefined): string => (list && list.length ? list.map(quote).join(' + ') : 'absent');
    differences.push(`${type}: ${show(a.get(type))} in the table, ${show(b.get(type))} in the trace`);
  }
  return differences;
}

/** The rejected certificate's DNs (from SAP's trace message) against the channel's table. */
export function compareWithTable(rejected: RejectedCertificate, e: LogEndpoint): string {
  const head = `The trace names subject ${quote(shortDN(rejected.subjectDN))} and issuer ${quote(shortDN(rejected.issuerDN))}`;
  if (e.certificates.length === 0) return `${head}; ${e.channel}'s table is empty.`;
  for (const row of e.certificates) {
    if (row.resolved && dnEquals(row.subjectDN, rejected.subjectDN) && dnEquals(row.issuerDN, rejected.issuerDN)) {
      return `${head}: entry ${row.index + 1} of ${e.channel} has exactly these DNs, so the iFlow deployed on the tenant is not the workspace's version (redeploy it).`;
    }
  }
  for (const row of e.certificates) {
    if (!row.resolved) continue;
    const sameSubject = dnEquals(row.subjectDN, rejected.subjectDN);
    const sameIssuer = dnEquals(row.issuerDN, rejected.issuerDN);
    if (sameSubject || sameIssuer) {
      const differing = sameSubject ? dnDifference(row.issuerDN, rejected.issuerDN) : dnDifference(row.subjectDN, rejected.subjectDN);
      return `${head}: entry ${row.index + 1} has the same ${sameSubject ? 'subject' : 'issuer'} DN but another ${sameSubject ? 'issuer' : 'subject'} DN (${differing.join('; ') || 'written differently'})${sameSubject ? '. Renewed by another CA?' : '.'}`;
    }
  }
  const subjectCN = commonNameOf(rejected.subjectDN);
  for (const row of e.certificates) {
    if (row.resolved && subjectCN !== undefined && commonNameOf(row.subjectDN)?.toLowerCase() === subjectCN.toLowerCase()) {
      const differing = [...dnDifference(row.subjectDN, rejected.subjectDN), ...dnDifference(row.issuerDN, rejected.issuerDN)];
      return `${head}: entry ${row.index + 1} has the same subject CN but differs in ${differing.join('; ')}.`;
    }
  }
  return `${head}: no entry of ${e.channel} has this subject or issuer DN.`;
}

const MAX_LISTED = 3;
const more = (n: number, word: string): string => (n > MAX_LISTED ? ` (and ${n - MAX_LISTED} more ${word}${n - MAX_LISTED === 1 ? '' : 's'})` : '');

/**
 * What the tool knows of certificates the load balancer should have forwarded, at the time of the
 * call: validity and what would make the load balancer drop them (self-signed, chain, EKU). What
 * all of them share is said once.
 */
function certificateFacts(items: Array<{ name: string; certificate?: CertificateInfo; unknown?: string }>, at: Date, ws: LogWorkspace, andMore = ''): string {
  const reviewed = items.map((item) => ({
    ...item,
    problems: item.certificate ? reviewClientCertificate(item.certificate, [], { now: at, expiryWarningDays: 0, index: ws.certificates, trust: ws.trust }).map((note) => note.text) : [],
  }));
  const withCertificate = reviewed.filter((r) => r.certificate);
  const common = withCertificate.length > 1 ? withCertificate[0].problems.filter((p) => withCertificate.every((r) => r.problems.includes(p))) : [];
  const rows = reviewed.map((r) => {
    if (!r.certificate) return `${r.name}: ${r.unknown}`;
    const own = r.problems.filter((p) => !common.includes(p));
    const validity = `valid ${isoDate(r.certificate.notBefore)} to ${isoDate(r.certificate.notAfter)}`;
    return `${r.name}: ${[validity, ...own].join('; ')}${own.length === 0 && common.length === 0 ? '; not self-signed, chain complete in the workspace' : ''}`;
  });
  return `${rows.join('; ')}${andMore}${common.length ? `. ${withCertificate.length === reviewed.length ? 'All of them' : 'Each of those found'}: ${common.join('; ')}` : ''}`;
}

/** The expected certificates of a channel depend only on the day of the call (expiry): said once per channel and day. */
const expectedByDay = new WeakMap<LogEndpoint, Map<string, string>>();

/** For no-credentials: what the channel expects, so the user can check what the load balancer would drop. */
function expectedCertificates(e: LogEndpoint, at: Date, ws: LogWorkspace): string {
  const day = isoDate(at);
  let cache = expectedByDay.get(e);
  if (!cache) expectedByDay.set(e, (cache = new Map()));
  let text = cache.get(day);
  if (text === undefined) {
    text = describeExpected(e, at, ws);
    if (cache.size > 366) cache.clear();
    cache.set(day, text);
  }
  return text;
}

function describeExpected(e: LogEndpoint, at: Date, ws: LogWorkspace): string {
  if (e.authorization === 'clientCertificate') {
    if (e.certificates.length === 0) return `${describeChannel(e)} has no certificate in its table.`;
    const items = e.certificates.slice(0, MAX_LISTED).map((row) => ({
      name: `${commonNameOf(row.subjectDN) ?? row.subjectDN} (issued by ${commonNameOf(row.issuerDN) ?? row.issuerDN})`,
      certificate: row.resolved ? row.certificate : undefined,
      unknown: row.resolved ? 'no certificate file with these DNs in the workspace, so its chain and expiry are unknown' : 'externalized, no value in parameters.prop',
    }));
    return `${describeChannel(e)} expects a client certificate: ${certificateFacts(items, at, ws, more(e.certificates.length, 'entry'))}.`;
  }
  if (e.authorization === 'userRole') {
    const mapped = (ws.mapping?.entries ?? []).filter((m) => e.role && m.roles.includes(e.role) && m.decoded);
    if (mapped.length === 0) return `${describeChannel(e)} expects a user with Basic authentication or a certificate mapped to a user holding the role${ws.mapping ? '; the mapping file maps no certificate to such a user' : ''}.`;
    const items = mapped.slice(0, MAX_LISTED).map((m) => ({ name: `${m.user} (${m.decoded!.commonName ?? m.decoded!.subject})`, certificate: m.decoded }));
    return `${describeChannel(e)} accepts a user with Basic authentication or a certificate mapped to a user holding the role; mapped: ${certificateFacts(items, at, ws, more(mapped.length, 'mapping'))}.`;
  }
  return `${describeChannel(e)}.`;
}

function userRoles(ws: LogWorkspace, user: string): string {
  const entries = ws.mappingEntriesOf(user);
  if (!ws.mapping) return 'No mapping file was found, so the tool does not know its roles.';
  if (entries.length === 0) return `The mapping file does not know ${quote(user)}.`;
  const roles = [...new Set(entries.flatMap((m) => m.roles))];
  return `The mapping file gives ${quote(user)} ${roles.length ? `the roles ${listOf(roles.map(quote), 6)}` : 'no roles'} (entry ${entries.map((m) => m.index + 1).join(', ')}).`;
}

function whereCertificateIs(c: CertificateInfo): string {
  if (c.source.kind === 'mapping') return 'the mapping file';
  return baseNameOf(c.source.file);
}

function severalChannels(endpoints: LogEndpoint[]): string {
  if (endpoints.length < 2) return '';
  const modes = new Set(endpoints.map((e) => `${e.authorization}\u0000${e.role ?? ''}`));
  return ` ${endpoints.length} channels serve this path (${listOf(endpoints.map(describeChannel), 3)})${modes.size > 1 ? ', and they authorize differently: the tenant deploys only one of them; judged by the first' : ''}.`;
}

function traceText(traces: TraceRecord[], endpoints: LogEndpoint[]): string {
  if (traces.length === 0) return '';
  const parts: string[] = [];
  for (const t of traces.slice(0, 2)) {
    const rejected = parseRejectedCertificate(t.message);
    if (rejected && endpoints[0]?.authorization === 'clientCertificate') {
      parts.push(compareWithTable(rejected, endpoints[0]));
      continue;
    }
    const first = t.message.split('\n')[0].trim();
    parts.push(`Trace ${t.severity}: ${first.length > 240 ? `${first.slice(0, 240)}…` : first}`);
  }
  return ` ${parts.join(' ')}`;
}

/** The explanation of a request's verdict. */
export function explain(input: ExplainInput): string {
  const { record, caller, path, verdict, endpoints, ws, traces } = input;
  const channel = endpoints[0];
  const at = new Date(record.time);
  const several = severalChannels(endpoints);
  const trace = traceText(traces, endpoints);
  switch (verdict) {
    case 'ok':
      return '';
    case 'challenge': {
      const a = input.answeredBy;
      const after = a ? ` (${quote(a.caller)} ${Math.round((a.time - record.time) / 1000)} s later)` : '';
      return `Normal: the client sent credentials only when challenged${after}.`;
    }
    case 'no-credentials': {
      const expected = channel ? ` ${expectedCertificates(channel, at, ws)}` : ws.endpointCount > 0 ? ` No sender channel of the workspace serves ${path}.` : '';
      return `No certificate and no user reached the tenant, and no call from ${record.client} to ${path} with credentials followed within 60 s. `
        + 'Either the client sent none, or the load balancer dropped its certificate: it rejects self-signed certificates, forwards a certificate only when the client sends the whole chain up to a root it trusts, and a custom domain needs the client CA configured.'
        + `${expected}${several}${trace}`;
    }
    case 'authentication-failed': {
      const who = caller.kind === 'oauth' ? `OAuth client ${quote(caller.name)}` : caller.kind === 'certificate' ? `The certificate ${certificateName(caller)}` : `User ${quote(caller.name)}`;
      const why = caller.kind === 'oauth' ? 'the client is unknown or its secret is wrong'
        : caller.kind === 'certificate' ? 'on Cloud Foundry a certificate must be in exactly one service key'
        : 'a wrong password, a locked or unknown user';
      const roles = caller.kind === 'user' && ws.mapping && ws.mappingEntriesOf(caller.name).length ? ` ${userRoles(ws, caller.name)}` : '';
      return `${who} reached the tenant but authentication failed: ${why}.${roles}${channel ? ` The path reaches ${describeChannel(channel)}.` : ''}${trace}`;
    }
    case 'certificate-not-mapped': {
      const name = certificateName(caller);
      const base = `The certificate ${name} reached the tenant but is mapped to no user there (a mapped certificate is logged with its user); ${describeChannel(channel!)} needs a user holding its role.`;
      const entries = ws.mappingEntriesWithCNs(caller.subjectCN ?? '', caller.issuerCN ?? '');
      let advice: string;
      if (entries.length > 0) {
        const m = entries[0];
        const lacks = Boolean(channel!.role) && !m.roles.includes(channel!.role!);
        advice = lacks
          ? ` The mapping file maps it to ${quote(m.user)} (entry ${m.index + 1}), whose roles lack ${quote(channel!.role!)} (it has ${m.roles.length ? m.roles.map(quote).join(', ') : 'none'}): add the role, then deploy that mapping to the tenant.`
          : ` The mapping file maps it to ${quote(m.user)} (entry ${m.index + 1}): deploy that mapping to the tenant.`;
      } else {
        const files = ws.certificatesWithCNs(caller.subjectCN ?? '', caller.issuerCN ?? '');
        advice = files.length > 0
          ? ` ${whereCertificateIs(files[0])} holds it: add it to the mapping file (Import Certificate…) under a user holding ${quote(channel!.role ?? '')}, then deploy the mapping.`
          : ` The workspace has no certificate with these CNs: get it from the partner and map it to a user holding ${quote(channel!.role ?? '')}.`;
      }
      return `${base}${advice}${several}${trace}`;
    }
    case 'certificate-not-accepted': {
      const rows = channel!.certificates.map((r) => `${commonNameOf(r.subjectDN) ?? r.subjectDN} / ${commonNameOf(r.issuerDN) ?? r.issuerDN}`);
      const near = channel!.certificates.filter((r) => {
        const s = commonNameOf(r.subjectDN);
        return s !== undefined && caller.subjectCN !== undefined && s.toLowerCase() === caller.subjectCN.toLowerCase();
      });
      const nearText = near.length > 0
        ? ` Entry ${near[0].index + 1} has subject CN ${quote(caller.subjectCN!)} with issuer CN ${quote(commonNameOf(near[0].issuerDN) ?? near[0].issuerDN)}: renewed by another CA? Add the new certificate's row and redeploy (with User Role and a mapping, renewals need no redeploy).`
        : ' Add a row with its Subject and Issuer DN and redeploy the iFlow.';
      return `The certificate ${certificateName(caller)} reached ${describeChannel(channel!)}, but its table has no entry with that subject CN and issuer CN (${rows.length ? `entries: ${listOf(rows, 4)}` : 'the table is empty'}).${nearText}${several}${trace}`;
    }
    case 'missing-role':
      return `User ${quote(caller.name)} reached ${describeChannel(channel!)} but does not hold its role ${quote(channel!.role!)}. ${userRoles(ws, caller.name)} Assign the role to the user on the tenant (and in the mapping file).${several}${trace}`;
    case 'unknown-endpoint': {
      if (ws.endpointCount === 0) return `HTTP ${record.status}: the tool knows no iFlow with a sender endpoint (none in the workspace, or none named with --iflows), so it cannot tell which iFlow should serve ${path}.${trace}`;
      if (record.status === 403) return `No sender channel of the workspace serves ${path}: the 403 comes from an iFlow that is not in the workspace (another package?), or the address is misspelt.${trace}`;
      if (channel) return `No started iFlow serves ${path} on the tenant (HTTP ${record.status}), but the workspace's ${describeChannel(channel)} does: is it deployed and started?${several}${trace}`;
      return `No iFlow serves ${path} (HTTP ${record.status}): not deployed or not started? In another package? No sender channel of the workspace has this address.${trace}`;
    }
    case 'forbidden':
      return `${forbiddenReason(caller, channel)}${several}${trace}`;
    case 'server-error':
      return `Not an authorization problem: the call reached ${channel ? describeChannel(channel) : 'a deployed iFlow'} and failed there (HTTP ${record.status}); see its message in the message monitor.${trace}`;
    case 'other':
      return `HTTP ${record.status}: not an authorization problem (the method, the request or the client's rate).${channel ? ` The path reaches ${describeChannel(channel)}.` : ''}${trace}`;
  }
}

/** Any other 403: why the tenant may still have refused. */
function forbiddenReason(caller: Caller, channel: LogEndpoint | undefined): string {
  if (!channel) return 'Access denied (HTTP 403).';
  const csrf = channel.csrfProtection ? ` ${channel.channel} has CSRF protection on: a call without a valid X-CSRF-Token header is refused with 403.` : '';
  if (channel.authorization === 'externalized' || channel.authorization === 'unknown') {
    return `Access denied by ${describeChannel(channel)}: its authorization is set at deployment (no value in parameters.prop), so the tool cannot tell why.${csrf}`;
  }
  if (caller.kind === 'none') return `Access denied by ${describeChannel(channel)} to a call without credentials.${csrf}`;
  if (channel.authorization === 'clientCertificate') {
    if (caller.kind !== 'certificate') return `${quote(caller.name)} reached ${describeChannel(channel)}, which accepts only the certificates in its table, not a user or OAuth client.${csrf}`;
    const rows = rowsWithCNs(channel, caller);
    if (rows.length > 0) {
      const row = rows[0];
      return `The certificate ${certificateName(caller)} reached ${describeChannel(channel)}, whose entry ${row.index + 1} has these CNs (${quote(shortDN(row.subjectDN))} issued by ${quote(shortDN(row.issuerDN))}); the tenant compares the whole DNs: another attribute may differ, or the deployed iFlow is older than the workspace's.${csrf}`;
    }
    return `The certificate ${certificateName(caller)} reached ${describeChannel(channel)}; its table has entries set at deployment, so the tool cannot tell whether they include it.${csrf}`;
  }
  if (channel.authorization === 'userRole') {
    if (!channel.role) return `${describeChannel(channel)} has no role set, so nobody may call it.${csrf}`;
    if (caller.kind === 'oauth') return `OAuth client ${quote(caller.name)} reached ${describeChannel(channel)}: grant the client the role ${quote(channel.role)}.${csrf}`;
    return `${quote(caller.name)} reached ${describeChannel(channel)}, and the mapping file gives it the role ${quote(channel.role)}: is the role assigned on the tenant (the mapping deployed)?${csrf}`;
  }
  return `Access denied by ${describeChannel(channel)}.${csrf}`;
}
