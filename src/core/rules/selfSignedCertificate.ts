import { certificateRule } from './certificateRule';
import { shortName } from './helpers';

export const selfSignedCertificate = certificateRule({
  id: 'self-signed-certificate',
  defaultSeverity: 'warning',
  description: 'A client certificate is self-signed; the SAP load balancer rejects it.',
  verdict: (cert) =>
    cert.selfSigned
      ? `Certificate "${shortName(cert)}" is self-signed: the SAP load balancer only forwards client certificates that chain to a root CA it trusts. Ask the partner for a CA-signed certificate.`
      : undefined,
});
