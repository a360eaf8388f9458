/**
 * Exports of the mapping file for the tenant admin. Pure: they return files, the CLI (or the
 * editor) writes them — into a folder of their own, never over a file they did not write
 * (planExportWrite). An entry that cannot be exported completely (no certificate yet, a
 * certificate that does not decode, no user, over SAP's limits) is listed in `blocking` and never
 * exported half-filled; the other entries are. An export that would give one certificate to two
 * users (Neo: the second POST silently replaces the first, same MD5 Id) or to two service keys
 * (Cloud Foundry: SAP allows a certificate once across all service instances) is refused.
 */
import { sha256 } from '@noble/hashes/sha2';
import { clientCandidates } from '../certs/review';
import { decodeCertificates } from '../certs/decode';
import { base64Encode, toHex } from '../certs/encoding';
import type { CertificateInfo } from '../certs/types';
import { MAX_USER_LENGTH } from './read';
import type { MappingEntry, MappingFile } from './types';

/** SAP Neo limits the base64 `Certificate` of a mapping to 8192 characters. */
export const MAX_NEO_CERTIFICATE_LENGTH = 8192;

export interface ExportFile {
  /** File name relative to the export folder. */
  name: string;
  content: string;
}

export interface ExportResult {
  files: ExportFile[];
  /** One readable line per entry that was not exported, saying why. */
  blocking: string[];
  /** Set when nothing may be exported (e.g. one certificate under two users): why. `files` is then empty. */
  refused?: string;
}

/**
 * The client certificate of an entry: its certificate value may hold a chain, and the tenant
 * wants only the leaf (SAP: "Don't enter the whole certificate chain").
 */
function leafOf(e: MappingEntry): CertificateInfo {
  const all = decodeCertificates(e.certificate ?? '', { file: '', kind: 'mapping' }).certificates;
  if (all.length <= 1) return e.decoded!;
  const leaves = clientCandidates({ certificates: all, errors: [], hasPrivateKey: false });
  return leaves.find((c) => !all.some((o) => o !== c && o.issuerKey === c.subjectKey)) ?? e.decoded!;
}

/** Why one certificate under several users (or service keys) refuses the export, or undefined. */
function duplicateCertificates(entries: Array<{ user: string; cert: CertificateInfo }>, what: string): string | undefined {
  const byMd5 = new Map<string, string[]>();
  for (const { user, cert } of entries) byMd5.set(cert.md5, [...(byMd5.get(cert.md5) ?? []), user]);
  const dups = [...byMd5].filter(([, users]) => users.length > 1);
  if (dups.length === 0) return undefined;
  const list = dups.map(([md5, users]) => `${users.map((u) => `"${u}"`).join(' and ')} (certificate Id ${md5})`).join('; ');
  return `one certificate would ${what}: ${list}. Keep one entry per certificate in the mapping file (duplicate-mapping), then export again.`;
}

const label = (e: MappingEntry): string => (e.user.trim() ? `"${e.user}"` : `mapping ${e.index + 1}`);

/** Why an entry cannot be exported, or undefined when it can. */
function blockingReason(e: MappingEntry): string | undefined {
  if (!e.user.trim()) return `${label(e)}: no user name`;
  if (e.user.length > MAX_USER_LENGTH) return `${label(e)}: the user name has ${e.user.length} characters; SAP allows at most ${MAX_USER_LENGTH}`;
  if (e.certificate === null) {
    const dns = e.subjectDN ? ` (only its DNs are known: ${e.subjectDN}, issued by ${e.issuerDN ?? '?'})` : '';
    return `${label(e)}: no certificate yet${dns}; import the certificate before exporting`;
  }
  if (!e.decoded) return `${label(e)}: the certificate does not decode (${e.certificateError ?? 'unknown error'})`;
  return undefined;
}

/** A file-system-safe file name stem, unique among `used`. */
function fileStem(name: string, used: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'mapping';
  let stem = base;
  for (let n = 2; used.has(stem.toLowerCase()); n++) stem = `${base}_${n}`;
  used.add(stem.toLowerCase());
  return stem;
}

const utf8 = new TextEncoder();
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Neo: one `POST /api/v1/CertificateUserMappings` payload per entry, `<user>.json` =
 * `{"User", "Certificate": base64(PEM text)}`, plus `index.json` and `README.md` listing each
 * payload with the `Id` SAP will give it (lower-case hex MD5 of the DER) and `ValidUntil`.
 */
export function neoExport(mapping: MappingFile): ExportResult {
  const files: ExportFile[] = [];
  const blocking: string[] = [];
  const index: Array<Record<string, unknown>> = [];
  const used = new Set<string>(['index', 'readme', EXPORT_INDEX.replace(/\.json$/, '')]);
  const exported: Array<{ user: string; cert: CertificateInfo }> = [];
  for (const e of mapping.entries) {
    const why = blockingReason(e);
    if (why) {
      blocking.push(why);
      continue;
    }
    const cert = leafOf(e);
    const certificate = base64Encode(utf8.encode(cert.pem));
    if (certificate.length > MAX_NEO_CERTIFICATE_LENGTH) {
      blocking.push(`${label(e)}: the base64 certificate has ${certificate.length} characters; SAP allows at most ${MAX_NEO_CERTIFICATE_LENGTH}`);
      continue;
    }
    exported.push({ user: e.user, cert });
    const name = `${fileStem(e.user, used)}.json`;
    files.push({ name, content: json({ User: e.user, Certificate: certificate }) });
    index.push({
      file: name,
      User: e.user,
      Id: cert.md5,
      ValidUntil: cert.notAfter.getTime(),
      notAfter: cert.notAfter.toISOString(),
      subjectDN: cert.subject,
      issuerDN: cert.issuer,
      roles: [...e.roles],
      ...(e.previousCertificates?.length ? { replaces: e.previousCertificates.map((p) => p.md5) } : {}),
    });
  }
  const refused = duplicateCertificates(exported, 'be mapped to two users, and the second POST would replace the first mapping (same Id)');
  if (refused) return { files: [], blocking, refused };
  // Renewed entries: the tenant keeps the previous certificate's mapping until it is deleted.
  const toDelete = index.flatMap((i) => ((i.replaces as string[] | undefined) ?? []).map((id) => ({ User: i.User as string, Id: id })));
  files.push({ name: 'index.json', content: json({ mappings: index, blocking, ...(toDelete.length > 0 ? { deleteAfterSwitch: toDelete } : {}) }) });
  const lines = [
    '# Certificate-to-user mappings for SAP Cloud Integration (Neo)',
    '',
    'Each `<user>.json` is the body of one `POST /api/v1/CertificateUserMappings` request',
    '(`Content-Type: application/json`). SAP identifies a mapping by the MD5 of the certificate',
    '(`Id` below): posting the same certificate again overwrites its mapping.',
    'Assign each user its roles in the cockpit (Security > Authorizations).',
    '',
    '| file | User | Id | ValidUntil | roles |',
    '|---|---|---|---|---|',
    ...index.map((i) => `| ${i.file} | ${i.User} | ${i.Id} | ${i.ValidUntil} (${i.notAfter}) | ${(i.roles as string[]).join(', ')} |`),
    '',
    `\`${EXPORT_INDEX}\` lists the files iflow-auth wrote here: it overwrites only those.`,
  ];
  if (toDelete.length > 0) {
    lines.push(
      '', '## After the partner has switched: delete the previous mappings', '',
      'These certificates were renewed. Keep their mappings until the partner sends the new certificate,',
      'then delete each with `DELETE /api/v1/CertificateUserMappings(\'<Id>\')`:', '',
      '| User | Id |', '|---|---|',
      ...toDelete.map((d) => `| ${d.User} | ${d.Id} |`),
    );
  }
  if (blocking.length > 0) lines.push('', '## Not exported', '', ...blocking.map((b) => `- ${b}`));
  files.push({ name: 'README.md', content: `${lines.join('\n')}\n` });
  return { files, blocking };
}

/**
 * Cloud Foundry: one service-instance parameters file per distinct role set
 * (`instance-<n>.json` = `{"roles": [...]}`, plan `integration-flow`) and one service-key
 * parameters file per certificate (`key-<user>.json` =
 * `{"key-type": "certificate_external", "X.509": "<PEM>"}`), with a README.md saying which key
 * goes with which instance and the cf commands.
 */
export function cfExport(mapping: MappingFile): ExportResult {
  const files: ExportFile[] = [];
  const blocking: string[] = [];
  const instances = new Map<string, { name: string; roles: string[]; keys: Array<{ file: string; user: string }> }>();
  const used = new Set<string>(['readme', EXPORT_INDEX.replace(/\.json$/, '')]);
  const keyed: Array<{ user: string; cert: CertificateInfo }> = [];
  for (const e of mapping.entries) {
    let why = blockingReason(e);
    if (!why && e.roles.length === 0) why = `${label(e)}: no roles (a Cloud Foundry service instance needs at least one)`;
    if (why) {
      blocking.push(why);
      continue;
    }
    const roles = [...new Set(e.roles)].sort();
    const key = JSON.stringify(roles);
    let instance = instances.get(key);
    if (!instance) {
      instance = { name: `instance-${instances.size + 1}`, roles, keys: [] };
      instances.set(key, instance);
      used.add(instance.name.toLowerCase());
    }
    const file = `key-${fileStem(e.user, used)}.json`;
    const cert = leafOf(e);
    keyed.push({ user: e.user, cert });
    instance.keys.push({ file, user: e.user });
    files.push({ name: file, content: json({ 'key-type': 'certificate_external', 'X.509': cert.pem }) });
  }
  const refused = duplicateCertificates(keyed, 'go into two service keys, and SAP allows a certificate once across all service instances');
  if (refused) return { files: [], blocking, refused };
  for (const i of instances.values()) files.push({ name: `${i.name}.json`, content: json({ roles: i.roles }) });
  const lines = [
    '# Certificate-based access for SAP Cloud Integration (Cloud Foundry)',
    '',
    'Cloud Foundry has no certificate-to-user mapping: a service instance of `it-rt` with plan',
    '`integration-flow` carries the roles, and a service key of type `certificate_external` binds a',
    "client certificate to it. A channel's `userRole` must be among the instance's roles.",
    '',
  ];
  for (const i of instances.values()) {
    lines.push(`## ${i.name}: roles ${i.roles.join(', ')}`, '', '```sh', `cf create-service it-rt integration-flow ${i.name} -c ${i.name}.json`);
    for (const k of i.keys) lines.push(`cf create-service-key ${i.name} ${k.file.replace(/^key-|\.json$/g, '')} -c ${k.file}   # ${k.user}`);
    lines.push('```', '');
  }
  lines.push(`Each service key holds the client certificate only, not its chain. \`${EXPORT_INDEX}\` lists the files iflow-auth wrote here: it overwrites only those.`, '');
  if (blocking.length > 0) lines.push('## Not exported', '', ...blocking.map((b) => `- ${b}`), '');
  files.push({ name: 'README.md', content: lines.join('\n') });
  return { files, blocking };
}

/** The file in an export folder that records what iflow-auth wrote there. */
export const EXPORT_INDEX = 'iflow-auth-export.json';

/**
 * What an export folder holds under one name: a file's bytes, a sub-folder (`folder`) or a
 * symbolic link (`link`, never followed: it is never iflow-auth's own).
 */
export interface FolderEntry {
  name: string;
  bytes?: Uint8Array;
  folder?: boolean;
  link?: boolean;
}

export interface ExportWrite {
  /** Files to write (the index last), each atomically. */
  write: ExportFile[];
  /** Files of an earlier export that this one no longer produces (unchanged since): deleted. */
  remove: string[];
  /** Set when the folder holds files iflow-auth did not write (or changed since it wrote them): why, naming them. Nothing is written then. */
  refused?: string;
  /** Every entry iflow-auth did not write, as shown to a user ("notes/" for a folder). */
  foreign: string[];
  /** The foreign files the export writes over: only with `force` (the others stay). */
  overwrite: string[];
  /** The index written before every other file (see planExportWrite). */
  indexFirst: ExportFile;
}

const encoder = new TextEncoder();
const hashOf = (bytes: Uint8Array): string => toHex(sha256(bytes));

/** Hashes iflow-auth recorded per file name in an export folder's index; undefined when the index is not one iflow-auth wrote. */
function recorded(index: Uint8Array): Map<string, string[]> | undefined {
  const out = new Map<string, string[]>();
  try {
    const parsed = JSON.parse(new TextDecoder().decode(index)) as { writtenBy?: unknown; files?: Array<{ name?: unknown; sha256?: unknown } | null> } | null;
    if (parsed?.writtenBy !== 'iflow-auth' || !Array.isArray(parsed.files)) return undefined;
    for (const f of parsed.files) {
      if (typeof f?.name !== 'string') continue;
      const hashes = Array.isArray(f.sha256) ? f.sha256.filter((h): h is string => typeof h === 'string') : typeof f.sha256 === 'string' ? [f.sha256] : [];
      out.set(f.name, hashes);
    }
  } catch {
    return undefined;
  }
  return out;
}

const indexFile = (kind: 'neo' | 'cf', files: Array<{ name: string; sha256: string[] }>): ExportFile => ({
  name: EXPORT_INDEX,
  content: json({ writtenBy: 'iflow-auth', export: kind, note: 'iflow-auth overwrites or deletes only the files listed here, and only while they are as it wrote them.', files }),
});

const shown = (f: FolderEntry): string => (f.folder ? `${f.name}/` : f.link ? `${f.name} (a symbolic link)` : f.name);

/** "a, b, c and 4 more". */
function someOf(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * How to write an export into a folder that may hold files already: only files iflow-auth wrote
 * there (listed in its index with the content it wrote) are overwritten, or deleted when the new
 * export no longer has them. Any other entry (a file, a folder, a symbolic link) refuses the
 * export, naming them, unless `force` (then the files the export writes replace whatever has
 * their names; every other entry stays). The index is written twice — first listing old and new
 * content, last only the new — so a run cut off half-way leaves a folder the next run still
 * recognizes as its own.
 */
export function planExportWrite(kind: 'neo' | 'cf', result: ExportResult, folder: readonly FolderEntry[], options: { force?: boolean } = {}): ExportWrite {
  const index = folder.find((f) => f.name === EXPORT_INDEX);
  const ours = index?.bytes ? recorded(index.bytes) : undefined;
  const isOurs = (f: FolderEntry): boolean => !f.folder && !f.link && f.bytes !== undefined && (ours?.get(f.name) ?? []).includes(hashOf(f.bytes));
  // An index iflow-auth did not write is a file like any other.
  const present = folder.filter((f) => f.name !== EXPORT_INDEX || !ours);
  const foreignEntries = present.filter((f) => !isOurs(f)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const produced = new Set([...result.files.map((f) => f.name), EXPORT_INDEX]);
  const foreign = foreignEntries.map(shown);
  const overwrite = foreignEntries.filter((f) => produced.has(f.name)).map(shown);
  const remove = present.filter((f) => isOurs(f) && !produced.has(f.name)).map((f) => f.name).sort();
  const newHashes = result.files.map((f) => ({ name: f.name, sha256: hashOf(encoder.encode(f.content)) }));
  const indexLast = indexFile(kind, newHashes.map((h) => ({ name: h.name, sha256: [h.sha256] })));
  const indexFirst = indexFile(kind, newHashes.map((h) => {
    const old = present.find((f) => f.name === h.name && isOurs(f));
    return { name: h.name, sha256: old ? [...new Set([hashOf(old.bytes!), h.sha256])] : [h.sha256] };
  }));
  const plan: ExportWrite = { write: [...result.files, indexLast], remove, foreign, overwrite, indexFirst };
  if (foreign.length > 0 && !options.force) {
    const one = foreign.length === 1;
    const over = overwrite.length === 0 ? '' : overwrite.length === foreign.length ? ', which the export would overwrite' : `; the export would overwrite ${someOf(overwrite)}`;
    return { ...plan, write: [], remove: [], refused: `the folder holds ${one ? 'a file' : 'files'} iflow-auth did not write (or that changed since it wrote ${one ? 'it' : 'them'}): ${someOf(foreign)}${over}` };
  }
  return plan;
}
