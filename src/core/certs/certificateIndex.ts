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
  /** Names key + SHA-256 of every distinct certificate. */
  private readonly distinct = new Set<string>();
  /** By subject alone: the candidates for a chain's next issuer. */
  private readonly bySubject = new Map<string, CertificateInfo[]>();
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
      this.distinct.add(`${key}\u0000${certificate.sha256}`);
      const named = this.bySubject.get(subjectKey);
      if (named) named.push(certificate);
      else this.bySubject.set(subjectKey, [certificate]);
      return;
    }
    if (this.distinct.has(`${key}\u0000${certificate.sha256}`)) return; // first seen wins
    this.distinct.add(`${key}\u0000${certificate.sha256}`);
    // Newest notAfter first; ties keep the order added. A binary search, not a sort per add: a
    // bundle of thousands of certificates with the same names stays fast.
    const t = certificate.notAfter.getTime();
    let lo = 0;
    let hi = bucket.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bucket[mid].notAfter.getTime() >= t) lo = mid + 1;
      else hi = mid;
    }
    bucket.splice(lo, 0, certificate);
    this.bySubject.get(subjectKey)!.push(certificate);
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

  /**
   * Distinct certificates whose Subject DN matches (any issuer), in the order added: the
   * candidates for the issuer of a certificate whose Issuer DN this is.
   */
  withSubject(subjectDN: string): readonly CertificateInfo[] {
    return this.bySubject.get(normalizeDN(subjectDN)) ?? [];
  }

  /** Same as withSubject, for an already normalized DN key. */
  withSubjectKey(subjectKey: string): readonly CertificateInfo[] {
    return this.bySubject.get(subjectKey) ?? [];
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
