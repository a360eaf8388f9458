import { clientCertificateChannels, modeRange, whereSet } from './helpers';
import type { Rule } from './types';

export const clientCertificateAuthorization: Rule = {
  id: 'client-certificate-authorization',
  defaultSeverity: 'warning',
  description: 'A sender channel authorizes by Client Certificate; SAP recommends User Role with a certificate-to-user mapping.',
  checkIFlow(doc, _ctx, report) {
    for (const channel of clientCertificateChannels(doc)) {
      const n = channel.certificates.length;
      const entries = n === 0 ? 'no certificate entries' : n === 1 ? '1 certificate entry' : `${n} certificate entries`;
      report({
        message: `Sender channel "${channel.name}" authorizes by Client Certificate (${entries}): only the DNs are checked, and each renewal needs a redeploy. Prefer User Role with a certificate-user mapping.${whereSet(channel)}`,
        range: modeRange(channel),
        channel,
      });
    }
  },
};
