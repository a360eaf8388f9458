import { describeStart, isoDate } from '../time';
import { certificateRule } from './certificateRule';
import { shortName } from './helpers';

export const certificateNotYetValid = certificateRule({
  id: 'certificate-not-yet-valid',
  defaultSeverity: 'warning',
  description: "A client certificate's notBefore date is in the future.",
  verdict: (cert, { options }) =>
    cert.notBefore.getTime() > options.now.getTime()
      ? `Certificate "${shortName(cert)}" ${describeStart(cert.notBefore, options.now)} (${isoDate(cert.notBefore)}): until then callers presenting it are rejected.`
      : undefined,
});
