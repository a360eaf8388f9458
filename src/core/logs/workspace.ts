/**
 * What the log analysis needs to know of the workspace: which sender channel serves a path, how it
 * authorizes, the mapping file's users and roles, and the certificates the tool can see. Built
 * once per run; every lookup a log line needs is a Map access (paths repeat millions of times).
 */
import type { CertificateIndex } from '../certs/certificateIndex';
import { commonNameOf } from '../certs/dn';
import type { CertificateInfo } from '../certs/types';
import type { TrustStore } from '../certs/trustedRoots';
import { endpointsServing } from '../iflow/endpoint';
import { resolveParameters } from '../iflow/parameters';
import type { MappingEntry, MappingFile } from '../mapping/types';
import type { IFlowDocument } from '../model';
import type { EntryResolver } from '../resolve';
import type { CallerKnowledge } from './caller';
import type { EndpointRef, LogEndpoint } from './types';

export type { LogCertificateEntry, LogEndpoint } from './types';

export interface LogWorkspace {
  /** The channels serving `path` (no query string): exact matches, else wildcard matches, most specific first. */
  endpointsFor(path: string): LogEndpoint[];
  /** Number of channels with an endpoint (0: no iFlows were given, so "no channel serves it" says nothing). */
  readonly endpointCount: number;
  mapping?: MappingFile;
  certificates?: CertificateIndex;
  /** The roots the load balancer trusts, as configured (trustedRoots, --trusted-roots); unset: the default. */
  trust?: TrustStore;
  /** Tells users from certificates in the caller field. */
  callers: CallerKnowledge;
  /** Mapping entries of a user (case-insensitive, as tenants compare user names). */
  mappingEntriesOf(user: string): MappingEntry[];
  /** Mapping entries whose certificate has this subject CN and issuer CN. */
  mappingEntriesWithCNs(subjectCN: string, issuerCN: string): MappingEntry[];
  /** Certificates (files, mapping) with this subject CN and issuer CN. */
  certificatesWithCNs(subjectCN: string, issuerCN: string): CertificateInfo[];
}

/** A channel as the JSON output names it. */
export function endpointRef(e: LogEndpoint): EndpointRef {
  return { file: e.file, iflow: e.iflow, channel: e.channel, adapter: e.adapter, authorization: e.authorization, role: e.role };
}

/** CNs compare case-insensitively: the access log and SAP's traces change their case (`cn=`). */
export const cnKey = (subjectCN: string, issuerCN: string): string => `${subjectCN.trim().toLowerCase()}\u0000${issuerCN.trim().toLowerCase()}`;

const MAX_PATH_CACHE = 10_000;

/** A copy that does not keep the text it was sliced from alive (log lines are slices of megabyte chunks). */
export function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

export interface LogWorkspaceInput {
  endpoints: LogEndpoint[];
  mapping?: MappingFile;
  certificates?: CertificateIndex;
  trust?: TrustStore;
}

export function createLogWorkspace(input: LogWorkspaceInput): LogWorkspace {
  const cache = new Map<string, LogEndpoint[]>();

  const byUser = new Map<string, MappingEntry[]>();
  const mappingByCNs = new Map<string, MappingEntry[]>();
  const certificatesByCNs = new Map<string, CertificateInfo[]>();
  const pairs = new Map<string, { subjectCN: string; issuerCN: string }>();
  const addPair = (subjectCN: string | undefined, issuerCN: string | undefined): string | undefined => {
    if (!subjectCN || !issuerCN) return undefined;
    pairs.set(`${subjectCN}@${issuerCN}`.toLowerCase(), { subjectCN, issuerCN });
    return cnKey(subjectCN, issuerCN);
  };
  const push = <T>(map: Map<string, T[]>, key: string | undefined, value: T): void => {
    if (key === undefined) return;
    const list = map.get(key);
    if (!list) map.set(key, [value]);
    else if (!list.includes(value)) list.push(value);
  };

  for (const entry of input.mapping?.entries ?? []) {
    if (entry.user) push(byUser, entry.user.toLowerCase(), entry);
    const subject = entry.decoded?.subject ?? entry.subjectDN;
    const issuer = entry.decoded?.issuer ?? entry.issuerDN;
    if (subject && issuer) push(mappingByCNs, addPair(commonNameOf(subject), commonNameOf(issuer)), entry);
  }
  for (const certificate of input.certificates?.all() ?? []) {
    push(certificatesByCNs, addPair(certificate.commonName ?? commonNameOf(certificate.subject), commonNameOf(certificate.issuer)), certificate);
  }
  for (const e of input.endpoints) {
    for (const row of e.certificates) if (row.resolved) addPair(commonNameOf(row.subjectDN), commonNameOf(row.issuerDN));
  }

  return {
    endpointCount: input.endpoints.length,
    mapping: input.mapping,
    certificates: input.certificates,
    trust: input.trust,
    endpointsFor(path: string): LogEndpoint[] {
      const hit = cache.get(path);
      if (hit) return hit;
      const found = endpointsServing(path, input.endpoints, (e) => e).items;
      if (cache.size >= MAX_PATH_CACHE) cache.clear();
      cache.set(detached(path), found);
      return found;
    },
    callers: {
      isUser: (name) => byUser.has(name.toLowerCase()),
      certificatePair: (name) => pairs.get(name.toLowerCase()),
    },
    mappingEntriesOf: (user) => byUser.get(user.toLowerCase()) ?? [],
    mappingEntriesWithCNs: (s, i) => mappingByCNs.get(cnKey(s, i)) ?? [],
    certificatesWithCNs: (s, i) => certificatesByCNs.get(cnKey(s, i)) ?? [],
  };
}

/**
 * The channels of the workspace's iFlows that have an endpoint, as the log analysis sees them:
 * with their Client Certificate tables resolved (parameters, certificates) and CSRF protection.
 * A channel whose address is externalized without a value serves no known path and is left out.
 */
export function logEndpointsOf(docs: Iterable<IFlowDocument>, resolver: EntryResolver): LogEndpoint[] {
  const endpoints: LogEndpoint[] = [];
  for (const doc of docs) {
    for (const channel of doc.channels) {
      const endpoint = channel.endpoint;
      if (endpoint?.path === undefined) continue;
      const certificates = channel.authorization !== 'clientCertificate' ? [] : resolver.resolve(doc, channel).map((r) => ({
        index: r.entry.index,
        subjectDN: r.embedded && r.certificate ? r.certificate.subject : r.subjectDN.value,
        issuerDN: r.embedded && r.certificate ? r.certificate.issuer : r.issuerDN.value,
        resolved: r.subjectDN.unresolved.length === 0 && r.issuerDN.unresolved.length === 0,
        certificate: r.certificate,
      }));
      const xsrf = channel.properties.get('xsrfProtection');
      endpoints.push({
        file: doc.file,
        iflow: doc.iflowName,
        channel: channel.name || channel.id,
        adapter: channel.adapter,
        authorization: channel.authorization,
        role: channel.authorization === 'none' ? null : channel.role ?? null,
        path: endpoint.path,
        wildcard: endpoint.wildcard,
        range: endpoint.property.range,
        certificates,
        csrfProtection: xsrf !== undefined && resolveParameters(xsrf.value, doc.parameters).value.trim() === '1',
      });
    }
  }
  return endpoints;
}
