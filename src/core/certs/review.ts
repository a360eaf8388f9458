import { describeExpiry, describeStart, expiresWithin } from '../time';
import type { CertificateIndex } from './certificateIndex';
import { dnEquals } from './dn';
import type { CertificateInfo, DecodedCertificates } from './types';

export interface ReviewOptions {
  now: Date;
  expiryWarningDays: number;
  /** Certificates the workspace already has (to complete the chain). */
  index?: CertificateIndex;
}

/**
 * What to tell a user before a certificate is imported as a client certificate (that it is
 * self-signed, say, before anything is written rather than after a failed handshake). One readable line per problem; empty when fine.
 */
export function reviewClientCertificate(cert: CertificateInfo, fileCertificates: CertificateInfo[], options: ReviewOptions): string[] {
  const warnings: string[] = [];
  if (cert.selfSigned) warnings.push('self-signed: the SAP load balancer rejects it; ask the partner for a CA-signed certificate');
  if (cert.isCA) warnings.push('a CA certificate, not a client certificate: pick the caller’s own (leaf) certificate');
  const eku = cert.extendedKeyUsage;
  if (eku.length > 0 && !eku.includes('clientAuth') && !eku.includes('anyExtendedKeyUsage')) {
    warnings.push(`not valid for client authentication (extended key usage: ${eku.join(', ')})`);
  }
  const now = options.now.getTime();
  if (cert.notAfter.getTime() <= now || expiresWithin(cert.notAfter, options.now, options.expiryWarningDays)) warnings.push(describeExpiry(cert.notAfter, options.now));
  if (cert.notBefore.getTime() > now) warnings.push(`not valid yet: ${describeStart(cert.notBefore, options.now)}`);
  if (!cert.selfSigned) {
    const missing = missingIssuer(cert, fileCertificates, options.index);
    if (missing) warnings.push(`incomplete chain: the issuer "${missing}" is neither in the file nor in the workspace; the sender must send the full chain`);
  }
  return warnings;
}

/** The first issuer DN on the way to a self-signed root that no known certificate provides. */
function missingIssuer(cert: CertificateInfo, fileCertificates: CertificateInfo[], index?: CertificateIndex): string | undefined {
  let current = cert;
  for (let depth = 0; depth < 10 && !current.selfSigned; depth++) {
    const issuer = fileCertificates.find((c) => c !== current && dnEquals(c.subject, current.issuer))
      ?? index?.all().find((c) => dnEquals(c.subject, current.issuer));
    if (!issuer) return current.issuer;
    current = issuer;
  }
  return undefined;
}

/** The certificates of a file a user most likely means to import: the leaves (non-CA), else all. */
export function clientCandidates(decoded: DecodedCertificates): CertificateInfo[] {
  const leaves = decoded.certificates.filter((c) => !c.isCA);
  return leaves.length > 0 ? leaves : decoded.certificates;
}
