/**
 * Exports of the mapping file for the tenant admin: Neo OData payloads, Cloud Foundry
 * service-instance and service-key parameters. Pure: they return files, the CLI
 * (or the editor) writes them. An entry that cannot be exported completely (no certificate yet,
 * a certificate that does not decode, no user, over SAP's limits) is listed in `blocking` and
 * never exported half-filled; the other entries are.
 */
import { base64Encode } from '../certs/encoding';
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
  const used = new Set<string>(['index', 'readme']);
  const ids = new Map<string, string>();
  const warnings: string[] = [];
  for (const e of mapping.entries) {
    const why = blockingReason(e);
    if (why) {
      blocking.push(why);
      continue;
    }
    const cert = e.decoded!;
    const certificate = base64Encode(utf8.encode(cert.pem));
    if (certificate.length > MAX_NEO_CERTIFICATE_LENGTH) {
      blocking.push(`${label(e)}: the base64 certificate has ${certificate.length} characters; SAP allows at most ${MAX_NEO_CERTIFICATE_LENGTH}`);
      continue;
    }
    const previous = ids.get(cert.md5);
    if (previous !== undefined) warnings.push(`"${e.user}" has the same certificate (Id ${cert.md5}) as "${previous}": in SAP the later one overwrites the earlier one.`);
    ids.set(cert.md5, e.user);
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
  if (warnings.length > 0) lines.push('', '## Warnings', '', ...warnings.map((w) => `- ${w}`));
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
  const used = new Set<string>(['readme']);
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
    instance.keys.push({ file, user: e.user });
    files.push({ name: file, content: json({ 'key-type': 'certificate_external', 'X.509': e.decoded!.pem }) });
  }
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
  if (blocking.length > 0) lines.push('## Not exported', '', ...blocking.map((b) => `- ${b}`), '');
  files.push({ name: 'README.md', content: lines.join('\n') });
  return { files, blocking };
}
