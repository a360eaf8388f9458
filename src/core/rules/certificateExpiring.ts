import { describeExpiry, expiresWithin, isoDate } from '../time';
import { certificateRule } from './certificateRule';
import { shortName } from './helpers';

export const certificateExpiring = certificateRule({
  id: 'certificate-expiring',
  defaultSeverity: 'warning',
  description: 'A client certificate expires within the warning window (expiryWarningDays, default 30).',
  verdict(cert, { options }) {
    return expiresWithin(cert.notAfter, options.now, options.expiryWarningDays)
      ? `Certificate "${shortName(cert)}" ${describeExpiry(cert.notAfter, options.now)} (${isoDate(cert.notAfter)}): ask the partner for its renewal now.`
      : undefined;
  },
});
