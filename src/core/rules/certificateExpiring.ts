import { describeExpiry, isoDate } from '../time';
import { certificateRule } from './certificateRule';
import { shortName } from './helpers';

const DAY_MS = 24 * 60 * 60 * 1000;

export const certificateExpiring = certificateRule({
  id: 'certificate-expiring',
  defaultSeverity: 'warning',
  description: 'A client certificate expires within the warning window (expiryWarningDays, default 30).',
  verdict(cert, { options }) {
    const left = cert.notAfter.getTime() - options.now.getTime();
    return left > 0 && left <= options.expiryWarningDays * DAY_MS
      ? `Certificate "${shortName(cert)}" ${describeExpiry(cert.notAfter, options.now)} (${isoDate(cert.notAfter)}): ask the partner for its renewal now.`
      : undefined;
  },
});
