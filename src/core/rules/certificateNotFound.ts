import { commonNameOf } from '../certs/dn';
import { clientCertificateChannels, entryRange } from './helpers';
import type { Rule } from './types';

export const certificateNotFound: Rule = {
  id: 'certificate-not-found',
  defaultSeverity: 'info',
  description: 'An iFlow certificate entry matches no certificate the tool can see, so its expiry is unknown.',
  checkIFlow(doc, ctx, report) {
    for (const channel of clientCertificateChannels(doc)) {
      for (const r of ctx.resolver.resolve(doc, channel)) {
        const named = r.subjectDN.value.trim() !== '' && r.issuerDN.value.trim() !== '';
        const resolved = r.subjectDN.unresolved.length === 0 && r.issuerDN.unresolved.length === 0;
        if (r.embedded || !named || !resolved || r.matches.length > 0) continue;
        report({
          message: `No certificate found for "${commonNameOf(r.subjectDN.value) ?? r.subjectDN.value}" issued by "${commonNameOf(r.issuerDN.value) ?? r.issuerDN.value}": its expiry is unknown. Add the certificate file to the workspace or the mapping file.`,
          range: entryRange(r),
          channel,
        });
      }
    }
  },
  checkMapping(mapping, ctx, report) {
    for (const entry of mapping.entries) {
      if (entry.certificate !== null) continue;
      const found = entry.subjectDN && entry.issuerDN
        && ctx.certificates.find(entry.subjectDN, entry.issuerDN).some((c) => c.source.kind !== 'mapping');
      if (found) continue;
      report({
        message: `Mapping for user "${entry.user}" has no certificate yet${entry.subjectDN ? ` (only the DN "${entry.subjectDN}")` : ''}: it cannot be exported, and its expiry is unknown. Import the certificate.`,
        range: entry.certificateRange,
      });
    }
  },
};
