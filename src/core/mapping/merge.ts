/**
 * Merging certificate entries moved out of an iFlow into `certificate-user-mappings.json`.
 * Minimal edits through jsonc-parser: existing entries and fields are never
 * dropped, duplicated or reordered; the file's indentation and line ends are kept. Pure.
 */
import { parseTree, findNodeAtLocation } from 'jsonc-parser';
import { decodeCertificates } from '../certs/decode';
import { dnEquals } from '../certs/dn';
import type { CertificateInfo } from '../certs/types';
import { minimalEdit, type FileEdit } from '../edits/types';
import type { EntryResolution } from '../resolve';
import type { MappingFile, MappingUsage } from './types';
import { deriveUserName, uniqueUserName } from './userName';
import { ENTRY_FIELD_ORDER, modifyJson, usageMatches } from './write';

export interface MappingDraft {
  user: string;
  roles: string[];
  /** PEM of the one client certificate, or null while only the DNs are known. */
  certificate: string | null;
  subjectDN: string;
  issuerDN: string;
  notAfter?: string;
  usedBy: MappingUsage[];
  /** The user name was chosen explicitly: it is used as is, never suffixed on a collision. */
  keepUser?: boolean;
}

/**
 * A mapping entry for one iFlow certificate entry: the resolved certificate's PEM (only the
 * certificate: private keys never enter the mapping) and its DNs and notAfter, or, when no
 * certificate is known, `certificate: null` with the entry's (parameter-resolved) DNs.
 */
export function draftFromEntry(resolution: EntryResolution, usage: MappingUsage, role: string): MappingDraft {
  const cert = resolution.certificate;
  if (cert) {
    return {
      user: deriveUserName(cert.commonName ?? cert.subject),
      roles: role ? [role] : [],
      certificate: cert.pem,
      subjectDN: cert.subject,
      issuerDN: cert.issuer,
      notAfter: cert.notAfter.toISOString(),
      usedBy: [{ ...usage }],
    };
  }
  return {
    user: deriveUserName(resolution.subjectDN.value),
    roles: role ? [role] : [],
    certificate: null,
    subjectDN: resolution.subjectDN.value.trim(),
    issuerDN: resolution.issuerDN.value.trim(),
    usedBy: [{ ...usage }],
  };
}

/** What the merge knows of an entry, existing or appended during this merge. */
interface Working {
  /** Index in the `mappings` array. */
  index: number;
  user: string;
  roles: string[];
  hasCertificate: boolean;
  md5?: string;
  subjectDN?: string;
  issuerDN?: string;
  notAfter?: string;
  usedBy: MappingUsage[];
  /** Present fields of an existing entry (a missing one is added rather than set). */
  fields: Set<string>;
}

function decodeOne(pem: string): CertificateInfo | undefined {
  const d = decodeCertificates(pem, { file: '', kind: 'mapping' });
  return d.hasPrivateKey ? undefined : d.certificates[0];
}

function sameCertificate(w: Working, draft: MappingDraft, md5: string | undefined): boolean {
  if (w.md5 !== undefined && md5 !== undefined) return w.md5 === md5;
  // Either side has no (decodable) certificate: the same Subject and Issuer DN, semantically.
  if (!w.hasCertificate || !draft.certificate || w.md5 === undefined || md5 === undefined) {
    return w.subjectDN !== undefined && w.issuerDN !== undefined && w.subjectDN.trim() !== ''
      && dnEquals(w.subjectDN, draft.subjectDN) && dnEquals(w.issuerDN, draft.issuerDN);
  }
  return false;
}

function draftJson(d: MappingDraft, user: string): Record<string, unknown> {
  const o: Record<string, unknown> = { user, roles: [...d.roles], certificate: d.certificate, subjectDN: d.subjectDN, issuerDN: d.issuerDN };
  if (d.notAfter !== undefined) o.notAfter = d.notAfter;
  o.usedBy = d.usedBy.map((u) => ({ iflow: u.iflow, channel: u.channel }));
  return o;
}

/** Text of a new mapping file: 2-space JSON and a final newline. */
export function newMappingFileText(entries: Array<Record<string, unknown>>): string {
  return `${JSON.stringify({ mappings: entries }, null, 2)}\n`;
}

export type MergeResult = { ok: true; edit: FileEdit } | { ok: false; reason: string };

/**
 * Merge drafts into the mapping file (undefined: it does not exist yet and is created).
 * A draft matches an entry with the same certificate (MD5 of the DER), or, when either side has
 * no certificate, the same Subject and Issuer DN (semantically). A match gains the draft's
 * missing roles and usedBy items and its certificate when the entry had none; derived fields
 * (subjectDN, issuerDN, notAfter) are refreshed from the certificate where they differ
 * semantically. Other drafts are appended; a user name already taken by another entry gets a
 * `_2`, `_3`, … suffix (unless the draft says keepUser). A file with `error` (not JSON, or not
 * `{"mappings": [...]}`) is never touched: `ok: false` says why.
 */
export function mergeIntoMapping(mapping: MappingFile | undefined, file: string, drafts: MappingDraft[]): MergeResult {
  if (mapping?.error) {
    return { ok: false, reason: `The mapping file ${mapping.file || file} cannot be updated: ${mapping.error.message}. Fix it first; it is never overwritten.` };
  }
  const working: Working[] = (mapping?.entries ?? []).map((e) => {
    const fields = new Set<string>();
    const node = findNodeAtLocation(parseTree(mapping!.text)!, ['mappings', e.index]);
    for (const p of node?.children ?? []) if (p.children?.[0]) fields.add(String(p.children[0].value));
    return {
      index: e.index,
      user: e.user,
      roles: [...e.roles],
      hasCertificate: e.certificate !== null,
      md5: e.decoded?.md5,
      subjectDN: e.decoded?.subject ?? e.subjectDN,
      issuerDN: e.decoded?.issuer ?? e.issuerDN,
      notAfter: e.notAfter,
      usedBy: e.usedBy.map((u) => ({ ...u })),
      fields,
    };
  });
  // Existing fields that differ from the entry's own certificate get refreshed too.
  const refresh = new Map<number, CertificateInfo>();
  for (const e of mapping?.entries ?? []) if (e.decoded) refresh.set(e.index, e.decoded);

  const arrayLength = (() => {
    if (!mapping) return 0;
    const arr = findNodeAtLocation(parseTree(mapping.text)!, ['mappings']);
    return arr?.children?.length ?? 0;
  })();
  const appended: Array<{ json: Record<string, unknown>; w: Working }> = [];
  const changes: Array<(text: string) => string> = [];
  const touched = new Set<number>();

  for (const draft of drafts) {
    const cert = draft.certificate ? decodeOne(draft.certificate) : undefined;
    const md5 = cert?.md5;
    const match = working.find((w) => sameCertificate(w, draft, md5));
    if (!match) {
      const user = draft.keepUser ? draft.user : uniqueUserName(draft.user, (u) => working.some((w) => w.user === u));
      const json = draftJson(draft, user);
      const w: Working = {
        index: arrayLength + appended.length,
        user,
        roles: [...draft.roles],
        hasCertificate: draft.certificate !== null,
        md5,
        subjectDN: draft.subjectDN,
        issuerDN: draft.issuerDN,
        notAfter: draft.notAfter,
        usedBy: draft.usedBy.map((u) => ({ ...u })),
        fields: new Set(Object.keys(json)),
      };
      working.push(w);
      appended.push({ json, w });
      continue;
    }
    const fresh = appended.find((a) => a.w === match);
    for (const role of draft.roles) {
      if (match.roles.includes(role)) continue;
      match.roles.push(role);
      if (fresh) (fresh.json.roles as string[]).push(role);
      else {
        const idx = match.index;
        const r = role;
        changes.push((t) => appendToArray(t, idx, 'roles', r));
      }
    }
    for (const u of draft.usedBy) {
      if (match.usedBy.some((x) => usageMatches(x, u))) continue;
      match.usedBy.push({ ...u });
      if (fresh) (fresh.json.usedBy as MappingUsage[]).push({ ...u });
      else {
        const idx = match.index;
        const item = { iflow: u.iflow, channel: u.channel };
        changes.push((t) => appendToArray(t, idx, 'usedBy', item));
      }
    }
    if (!match.hasCertificate && draft.certificate && cert) {
      match.hasCertificate = true;
      match.md5 = md5;
      if (fresh) {
        fresh.json.certificate = draft.certificate;
        fresh.json.subjectDN = cert.subject;
        fresh.json.issuerDN = cert.issuer;
        fresh.json.notAfter = cert.notAfter.toISOString();
      } else {
        const idx = match.index;
        const pem = draft.certificate;
        changes.push((t) => modifyJson(t, ['mappings', idx, 'certificate'], pem));
        refresh.set(idx, cert);
      }
    }
    if (!fresh) touched.add(match.index);
  }

  let text = mapping?.text ?? '';
  if (!mapping) {
    text = newMappingFileText(appended.map((a) => a.json));
    return { ok: true, edit: { file, baseText: '', create: true, edits: [{ start: 0, end: 0, newText: text }] } };
  }
  for (const change of changes) text = change(text);
  // Derived fields of the entries this merge touched, refreshed from their certificates.
  for (const idx of touched) {
    const cert = refresh.get(idx);
    if (cert) text = refreshDerived(text, idx, cert);
  }
  for (const a of appended) text = modifyJson(text, ['mappings', a.w.index], a.json, { isArrayInsertion: true });
  return { ok: true, edit: { file, baseText: mapping.text, edits: text === mapping.text ? [] : [minimalEdit(mapping.text, text)] } };
}

function appendToArray(text: string, index: number, field: string, value: unknown): string {
  const root = parseTree(text);
  const node = root ? findNodeAtLocation(root, ['mappings', index, field]) : undefined;
  if (!node || node.type !== 'array') return modifyJson(text, ['mappings', index, field], [value]);
  return modifyJson(text, ['mappings', index, field, node.children?.length ?? 0], value, { isArrayInsertion: true });
}

/** The derived fields of entry `index` (subjectDN, issuerDN, notAfter) set from `cert`, each only where it differs. */
export function refreshDerived(text: string, index: number, cert: CertificateInfo): string {
  const root = parseTree(text);
  const entry = root ? findNodeAtLocation(root, ['mappings', index]) : undefined;
  if (!entry) return text;
  const current = (name: string): unknown => findNodeAtLocation(entry, [name])?.value;
  let out = text;
  const subject = current('subjectDN');
  if (typeof subject !== 'string' || !dnEquals(subject, cert.subject)) out = modifyJson(out, ['mappings', index, 'subjectDN'], cert.subject);
  const issuer = current('issuerDN');
  if (typeof issuer !== 'string' || !dnEquals(issuer, cert.issuer)) out = modifyJson(out, ['mappings', index, 'issuerDN'], cert.issuer);
  const notAfter = current('notAfter');
  if (typeof notAfter !== 'string' || new Date(notAfter).getTime() !== cert.notAfter.getTime()) {
    out = modifyJson(out, ['mappings', index, 'notAfter'], cert.notAfter.toISOString());
  }
  return out;
}

export { ENTRY_FIELD_ORDER };
