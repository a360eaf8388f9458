import { CLIENT_AUTH_EKU_OID } from '../certs/clientAuth';
import { clientAuthProblem } from '../certs/usability';
import { certificateRule } from './certificateRule';
import { shortName } from './helpers';

export const certificateNotForClientAuth = certificateRule({
  id: 'certificate-not-for-client-auth',
  defaultSeverity: 'warning',
  description: 'A client certificate is a CA certificate, or its extended key usage excludes clientAuth (a leaf without the extension at all: info).',
  verdict(cert) {
    const problem = clientAuthProblem(cert);
    if (problem === 'ca') {
      return `Certificate "${shortName(cert)}" is a CA certificate, not a client certificate: the caller's own (leaf) certificate belongs here.`;
    }
    if (problem === 'eku') {
      return `Certificate "${shortName(cert)}" is not valid for client authentication (extended key usage: ${cert.extendedKeyUsage.join(', ')}): the TLS handshake fails.`;
    }
    if (problem === 'no-eku') {
      return {
        severity: 'info',
        message: `Certificate "${shortName(cert)}" has no extended key usage, so not Client Authentication (${CLIENT_AUTH_EKU_OID}), which SAP requires in the TLS handshake. Ask the partner for a certificate with clientAuth.`,
      };
    }
    return undefined;
  },
});
