/**
 * What SAP requires of a client certificate's extended key usage, and its dates, in one place
 * for the rules and the reviews (import, renewal). Pure.
 */
import type { CertificateInfo } from './types';

export const CLIENT_AUTH_EKU_OID = '1.3.6.1.5.5.7.3.2';

/** SAP's documentation, quoted in reviews (the rule pages quote it whole). */
export const SAP_CLIENT_AUTH_EKU_REJECTED = 'Certificates without this EKU are rejected during the TLS handshake';

/** From here on, SAP warns, public CAs may no longer include the clientAuth EKU by default. */
export const CLIENT_AUTH_EKU_PHASEOUT = new Date('2026-05-01T00:00:00Z');

/** SAP's dates of the phase-out, for messages. */
export const CLIENT_AUTH_EKU_PHASEOUT_TEXT = 'public CAs started excluding the Client Authentication EKU in September 2025 and by May 2026 may no longer include it by default';

/**
 * Whether a certificate's chain is worth judging: not a self-signed or CA certificate (which
 * self-signed-certificate and certificate-not-for-client-auth report; the fix is another
 * certificate, not its chain).
 */
export const hasChainToJudge = (cert: CertificateInfo): boolean => !cert.selfSigned && !cert.isCA;
