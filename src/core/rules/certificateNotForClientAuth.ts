import { certificateRule } from './certificateRule';
import { shortName } from './helpers';

export const certificateNotForClientAuth = certificateRule({
  id: 'certificate-not-for-client-auth',
  defaultSeverity: 'warning',
  description: 'A client certificate is a CA certificate, or its extended key usage excludes clientAuth.',
  verdict(cert) {
    if (cert.isCA) {
      return `Certificate "${shortName(cert)}" is a CA certificate, not a client certificate: the caller's own (leaf) certificate belongs here.`;
    }
    const eku = cert.extendedKeyUsage;
    if (eku.length > 0 && !eku.includes('clientAuth') && !eku.includes('anyExtendedKeyUsage')) {
      return `Certificate "${shortName(cert)}" is not valid for client authentication (extended key usage: ${eku.join(', ')}): the TLS handshake fails.`;
    }
    return undefined;
  },
});
