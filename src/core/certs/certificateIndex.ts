import { normalizeDN } from './dn';
import type { CertificateInfo, DecodedCertificates } from './types';

/**
 * Certificates by (Subject DN, Issuer DN), matched semantically (see normalizeDN): lookups are
 * one Map access. Every added certificate is kept (the same certificate may come from several
 * sources); find() returns each distinct certificate (by SHA-256) once, the first one added
 * winning, newest notAfter first.
 */
export class CertificateIndex {
  private readonly byNames = new Map<string, CertificateInfo[]>();
  private readonly list: CertificateInfo[] = [];

  constructor(certificates?: Iterable<CertificateInfo>) {
    if (certificates) for (const c of certificates) this.add(c);
  }

  private static key(subjectKey: string, issuerKey: string): string {
    return `${subjectKey}\u0000${issuerKey}`;
  }

  add(certificate: CertificateInfo): void {
    this.list.push(certificate);
    // Keys are recomputed if absent (e.g. a CertificateInfo built by hand or deserialized).
    const subjectKey = certificate.subjectKey || normalizeDN(certificate.subject);
    const issuerKey = certificate.issuerKey || normalizeDN(certificate.issuer);
    const key = CertificateIndex.key(subjectKey, issuerKey);
    const bucket = this.byNames.get(key);
    if (!bucket) {
      this.byNames.set(key, [certificate]);
      return;
    }
    if (bucket.some((c) => c.sha256 === certificate.sha256)) return; // first seen wins
    bucket.push(certificate);
    bucket.sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime()); // stable: ties keep order
  }

  /** Adds every certificate of a decode result. */
  addDecoded(decoded: DecodedCertificates): void {
    for (const c of decoded.certificates) this.add(c);
  }

  /** Distinct certificates whose Subject and Issuer DNs both match, newest notAfter first. */
  find(subjectDN: string, issuerDN: string): CertificateInfo[] {
    const bucket = this.byNames.get(CertificateIndex.key(normalizeDN(subjectDN), normalizeDN(issuerDN)));
    return bucket ? bucket.slice() : [];
  }

  /** Every certificate added, in order (duplicates included). */
  all(): CertificateInfo[] {
    return this.list.slice();
  }

  /** Number of certificates added (duplicates included). */
  get size(): number {
    return this.list.length;
  }
}
