/**
 * Whether a client certificate can log in at all. The certificate rules report these verdicts
 * and the fixes act on the same ones, so a fix never maps a certificate the tool calls unusable.
 * A certificate that is not valid yet is usable: it is a staged renewal.
 */
import type { RuleId } from '../rules/types';
import { describeExpiry } from '../time';
import type { CertificateInfo } from './types';

export const isExpired = (cert: CertificateInfo, now: Date): boolean => cert.notAfter.getTime() <= now.getTime();

/**
 * Why a certificate cannot authenticate a TLS client: a CA certificate, an extended key usage
 * without clientAuth, or (`no-eku`) a leaf without the extension at all — SAP rejects that too,
 * but it is reported at a lower severity and is not among the unusable reasons below.
 */
export function clientAuthProblem(cert: CertificateInfo): 'ca' | 'eku' | 'no-eku' | undefined {
  if (cert.isCA) return 'ca';
  const eku = cert.extendedKeyUsage;
  if (eku.length === 0) return 'no-eku';
  if (!eku.includes('clientAuth') && !eku.includes('anyExtendedKeyUsage')) return 'eku';
  return undefined;
}

export interface UnusableReason {
  /** The rule that reports it. */
  rule: RuleId;
  /** A few words for a title: "expired", "self-signed", "CA certificate", "not for client authentication". */
  label: string;
  /** The reason in a sentence fragment, e.g. "expired 3 days ago". */
  detail: string;
}

/** Every reason the certificate cannot log in, in a fixed order; empty when it can. */
export function unusableReasons(cert: CertificateInfo, now: Date): UnusableReason[] {
  const reasons: UnusableReason[] = [];
  if (isExpired(cert, now)) reasons.push({ rule: 'certificate-expired', label: 'expired', detail: describeExpiry(cert.notAfter, now) });
  if (cert.selfSigned) reasons.push({ rule: 'self-signed-certificate', label: 'self-signed', detail: 'self-signed: the SAP load balancer rejects it' });
  const problem = clientAuthProblem(cert);
  if (problem === 'ca') reasons.push({ rule: 'certificate-not-for-client-auth', label: 'CA certificate', detail: 'a CA certificate, not a client certificate' });
  if (problem === 'eku') {
    reasons.push({ rule: 'certificate-not-for-client-auth', label: 'not for client authentication', detail: `not valid for client authentication: its extended key usage is ${cert.extendedKeyUsage.join(', ')}` });
  }
  return reasons;
}
