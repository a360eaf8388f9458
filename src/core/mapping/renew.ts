/**
 * Renewing a mapping entry's certificate in place: the new certificate and its derived fields
 * replace the old ones; user, roles and usedBy stay as they are; the previous certificate's MD5
 * (the id SAP Neo gave its mapping) is recorded so the export can say which tenant mapping to
 * delete once the partner has switched. A minimal jsonc-parser edit: every other byte is kept. Pure.
 */
import type { CertificateInfo } from '../certs/types';
import { minimalEdit, type FileEdit } from '../edits/types';
import type { MappingEntry, MappingFile, PreviousCertificate } from './types';
import { refreshDerived } from './merge';
import { modifyJson } from './write';

export type RenewResult = { ok: true; edit: FileEdit } | { ok: false; reason: string };

/** Puts `renewal` into `entry` of `mapping`, recording `previous` (the certificate it replaces). */
export function renewMappingEntry(mapping: MappingFile, entry: MappingEntry, renewal: CertificateInfo, previous: CertificateInfo | undefined): RenewResult {
  if (mapping.error) return { ok: false, reason: `${mapping.file} is not valid (${mapping.error.message}): nothing is written to it until it is fixed` };
  if (mapping.entries[entry.index] === undefined || mapping.entries[entry.index].range.start !== entry.range.start) {
    return { ok: false, reason: `${mapping.file} changed: the entry of "${entry.user}" is not where it was` };
  }
  if (entry.decoded?.sha256 === renewal.sha256) return { ok: false, reason: `"${entry.user}" already holds this certificate` };
  const at = ['mappings', entry.index];
  let text = mapping.text;
  text = modifyJson(text, [...at, 'certificate'], renewal.pem);
  text = refreshDerived(text, entry.index, renewal);
  if (previous && previous.md5 !== renewal.md5) {
    const kept = (entry.previousCertificates ?? []).filter((p) => p.md5 !== previous.md5 && p.md5 !== renewal.md5);
    const recorded: PreviousCertificate[] = [...kept, { md5: previous.md5, notAfter: previous.notAfter.toISOString() }];
    text = modifyJson(text, [...at, 'previousCertificates'], recorded);
  }
  return { ok: true, edit: { file: mapping.file, baseText: mapping.text, edits: [minimalEdit(mapping.text, text)] } };
}
