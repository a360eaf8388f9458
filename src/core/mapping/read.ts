import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { decodeCertificates } from '../certs/decode';
import { tooDeeplyNested } from '../jsonNesting';
import type { SourceError, TextRange } from '../model';
import type { MappingEntry, MappingFile, MappingUsage, PreviousCertificate } from './types';

/** The file nests 4 levels (mappings → entry → usedBy → usage); far deeper is not a mapping file. */
const MAX_MAPPING_DEPTH = 32;

/** SAP Neo limits a mapping's user name to 150 characters. */
export const MAX_USER_LENGTH = 150;

/** The fields of a mapping entry (schemas/certificate-user-mappings.schema.json allows no others). */
const ENTRY_FIELDS = new Set(['user', 'roles', 'certificate', 'subjectDN', 'issuerDN', 'notAfter', 'previousCertificates', 'usedBy']);

const rangeOf = (node: Node): TextRange => ({ start: node.offset, end: node.offset + node.length });

function property(obj: Node, name: string): Node | undefined {
  for (const p of obj.children ?? []) {
    if (p.type === 'property' && p.children?.[0]?.value === name) return p.children[1];
  }
  return undefined;
}

/**
 * Reads `certificate-user-mappings.json`. Never throws: invalid JSON becomes `error`
 * (and no entries, so nothing is ever written back over it); a wrong shape becomes `problems`
 * while every entry that can be read is still returned, so its certificate gets checked.
 */
export function readMappingFile(text: string, file: string): MappingFile {
  const problems: SourceError[] = [];
  const deep = tooDeeplyNested(text, MAX_MAPPING_DEPTH);
  if (deep) return { file, text, entries: [], error: { message: `not a mapping file: ${deep.message}`, range: deep.range }, problems };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    // Clamped: jsonc-parser reports an empty file's error at offset 0 with length 0, and a
    // one-character range there would lie outside the text.
    const start = first ? Math.min(first.offset, text.length) : 0;
    const at = { start, end: first ? Math.min(text.length, first.offset + Math.max(first.length, 1)) : 0 };
    const message = first ? `not valid JSON: ${describeParseError(printParseErrorCode(first.error))}` : 'not valid JSON: the file is empty';
    return { file, text, entries: [], error: { message, range: at }, problems };
  }
  if (root.type !== 'object') {
    return { file, text, entries: [], error: { message: 'expected an object with a "mappings" array', range: rangeOf(root) }, problems };
  }
  for (const p of root.children ?? []) {
    const name = p.children?.[0]?.value;
    if (name !== 'mappings' && name !== '$schema') problems.push({ message: `unknown field "${name}" (expected "mappings")`, range: rangeOf(p.children![0]) });
  }
  const mappings = property(root, 'mappings');
  if (!mappings || mappings.type !== 'array') {
    const at = mappings ? rangeOf(mappings) : { start: root.offset, end: root.offset + 1 };
    return { file, text, entries: [], error: { message: 'expected a "mappings" array', range: at }, problems };
  }
  const entries: MappingEntry[] = [];
  (mappings.children ?? []).forEach((node, index) => {
    if (node.type !== 'object') {
      problems.push({ message: `mapping ${index + 1} is not an object`, range: rangeOf(node) });
      return;
    }
    entries.push(readEntry(node, index, file, problems));
  });
  return { file, text, entries, problems };
}

function describeParseError(code: string): string {
  // printParseErrorCode says e.g. 'CommaExpected'; make it a sentence.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function readEntry(node: Node, index: number, file: string, problems: SourceError[]): MappingEntry {
  const range = rangeOf(node);
  const str = (name: string): { value?: string; node?: Node } => {
    const v = property(node, name);
    if (!v) return {};
    if (v.type === 'string') return { value: v.value as string, node: v };
    if (!(name === 'certificate' && v.type === 'null')) {
      problems.push({ message: `"${name}" must be a string${name === 'certificate' ? ' or null' : ''}`, range: rangeOf(v) });
    }
    return { node: v };
  };

  const user = str('user');
  if (user.value === undefined) {
    if (!user.node) problems.push({ message: `mapping ${index + 1} has no "user"`, range });
  } else if (user.value.trim() === '') {
    problems.push({ message: 'the user name is empty', range: rangeOf(user.node!) });
  } else if (user.value.length > MAX_USER_LENGTH) {
    problems.push({ message: `the user name has ${user.value.length} characters; SAP allows at most ${MAX_USER_LENGTH}`, range: rangeOf(user.node!) });
  }

  for (const p of node.children ?? []) {
    const name = String(p.children?.[0]?.value);
    if (!ENTRY_FIELDS.has(name)) problems.push({ message: `unknown field "${name}" in mapping ${index + 1} (expected ${[...ENTRY_FIELDS].join(', ')})`, range: rangeOf(p.children![0]) });
  }
  const rolesNode = property(node, 'roles');
  if (!rolesNode) problems.push({ message: `mapping ${index + 1} has no "roles" (use [] for none)`, range });
  if (!property(node, 'certificate')) problems.push({ message: `mapping ${index + 1} has no "certificate" (use null while only the DNs are known)`, range });
  const roles: string[] = [];
  if (rolesNode?.type === 'array') {
    for (const r of rolesNode.children ?? []) {
      if (r.type === 'string') roles.push(r.value as string);
      else problems.push({ message: 'a role must be a string', range: rangeOf(r) });
    }
  } else if (rolesNode) {
    problems.push({ message: '"roles" must be an array of strings', range: rangeOf(rolesNode) });
  }

  const certificate = str('certificate');
  const certNode = property(node, 'certificate');
  const usedBy = readUsedBy(property(node, 'usedBy'), problems);
  const previousCertificates = readPreviousCertificates(property(node, 'previousCertificates'), problems);
  const entry: MappingEntry = {
    index,
    user: user.value ?? '',
    roles,
    certificate: certificate.value ?? null,
    subjectDN: str('subjectDN').value,
    issuerDN: str('issuerDN').value,
    notAfter: str('notAfter').value,
    ...(previousCertificates.length > 0 ? { previousCertificates } : {}),
    usedBy,
    range,
    certificateRange: certNode ? rangeOf(certNode) : range,
    userRange: user.node ? rangeOf(user.node) : range,
  };
  if (entry.certificate !== null) {
    const decoded = decodeCertificates(entry.certificate, { file, kind: 'mapping', range: entry.certificateRange });
    if (decoded.hasPrivateKey) {
      entry.certificateError = 'the value holds a private key (only the certificate belongs in the mapping file)';
    } else if (decoded.certificates.length === 0) {
      entry.certificateError = decoded.errors[0] ?? 'no certificate found in the value';
    } else {
      entry.decoded = { ...decoded.certificates[0], source: { file, index, range: entry.certificateRange, kind: 'mapping' } };
      if (decoded.certificates.length > 1) {
        problems.push({ message: `the certificate value holds ${decoded.certificates.length} certificates; only the first (the client certificate) is mapped`, range: entry.certificateRange });
      }
    }
  }
  return entry;
}

function readUsedBy(node: Node | undefined, problems: SourceError[]): MappingUsage[] {
  if (!node) return [];
  if (node.type !== 'array') {
    problems.push({ message: '"usedBy" must be an array of {"iflow", "channel"}', range: rangeOf(node) });
    return [];
  }
  const usages: MappingUsage[] = [];
  for (const u of node.children ?? []) {
    const iflow = u.type === 'object' ? property(u, 'iflow') : undefined;
    const channel = u.type === 'object' ? property(u, 'channel') : undefined;
    if (iflow?.type === 'string' && channel?.type === 'string') {
      usages.push({ iflow: iflow.value as string, channel: channel.value as string });
    } else {
      problems.push({ message: 'a "usedBy" item must be {"iflow": string, "channel": string}', range: rangeOf(u) });
    }
  }
  return usages;
}

/** An RFC 3339 date-time, as JSON Schema's "date-time" format means it (the schema checks the same). */
const RFC3339 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

function readPreviousCertificates(node: Node | undefined, problems: SourceError[]): PreviousCertificate[] {
  if (!node) return [];
  const shape = '"previousCertificates" items must be {"md5": 32 lower-case hex digits, "notAfter"?: an RFC 3339 date-time}';
  if (node.type !== 'array') {
    problems.push({ message: shape, range: rangeOf(node) });
    return [];
  }
  const previous: PreviousCertificate[] = [];
  for (const p of node.children ?? []) {
    const md5 = p.type === 'object' ? property(p, 'md5') : undefined;
    const notAfter = p.type === 'object' ? property(p, 'notAfter') : undefined;
    const extra = p.type === 'object' && (p.children ?? []).some((c) => !['md5', 'notAfter'].includes(String(c.children?.[0]?.value)));
    if (md5?.type === 'string' && /^[0-9a-f]{32}$/.test(md5.value as string) && (!notAfter || (notAfter.type === 'string' && RFC3339.test(notAfter.value as string))) && !extra) {
      previous.push({ md5: md5.value as string, ...(notAfter ? { notAfter: notAfter.value as string } : {}) });
    } else {
      problems.push({ message: shape, range: rangeOf(p) });
    }
  }
  return previous;
}
