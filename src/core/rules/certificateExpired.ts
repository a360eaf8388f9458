import { isExpired } from '../certs/usability';
import { describeExpiry, isoDate } from '../time';
import { certificateRule } from './certificateRule';
import { shortName } from './helpers';

export const certificateExpired = certificateRule({
  id: 'certificate-expired',
  defaultSeverity: 'error',
  description: 'A client certificate (iFlow entry or mapping entry) is past its notAfter date.',
  verdict: (cert, { options }) =>
    isExpired(cert, options.now)
      ? `Certificate "${shortName(cert)}" ${describeExpiry(cert.notAfter, options.now)} (${isoDate(cert.notAfter)}): callers presenting it are rejected.`
      : undefined,
});
