import { clientCertificateChannels } from './helpers';
import type { Rule } from './types';

export const emptyCertificateEntry: Rule = {
  id: 'empty-certificate-entry',
  defaultSeverity: 'warning',
  description: 'A Client Certificate row has an empty Subject DN or Issuer DN.',
  checkIFlow(doc, ctx, report) {
    for (const channel of clientCertificateChannels(doc)) {
      for (const r of ctx.resolver.resolve(doc, channel)) {
        if (r.embedded) continue;
        const empty = [r.subjectDN.value.trim() === '' && 'Subject DN', r.issuerDN.value.trim() === '' && 'Issuer DN'].filter(Boolean);
        if (empty.length === 0) continue;
        report({
          message: `Certificate entry ${r.entry.index + 1} of channel "${channel.name}" has an empty ${empty.join(' and ')}: no caller can match it. Fill it in or remove the row.`,
          range: r.entry.range,
          channel,
        });
      }
    }
  },
};
