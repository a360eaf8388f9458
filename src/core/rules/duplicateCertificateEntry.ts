import { normalizeDN } from '../certs/dn';
import { clientCertificateChannels, entryRange } from './helpers';
import type { Rule } from './types';

export const duplicateCertificateEntry: Rule = {
  id: 'duplicate-certificate-entry',
  defaultSeverity: 'warning',
  description: 'The same Subject DN and Issuer DN appear twice in one channel.',
  checkIFlow(doc, ctx, report) {
    for (const channel of clientCertificateChannels(doc)) {
      const seen = new Map<string, number>();
      for (const r of ctx.resolver.resolve(doc, channel)) {
        const subject = normalizeDN(r.subjectDN.value);
        const issuer = normalizeDN(r.issuerDN.value);
        if (r.embedded || subject === '' || issuer === '' || r.subjectDN.unresolved.length + r.issuerDN.unresolved.length > 0) continue;
        const key = `${subject}\u0000${issuer}`;
        const first = seen.get(key);
        if (first === undefined) {
          seen.set(key, r.entry.index);
          continue;
        }
        report({
          message: `Certificate entry ${r.entry.index + 1} repeats entry ${first + 1} ("${r.subjectDN.value}"): remove the duplicate.`,
          range: entryRange(r),
          channel,
          related: [{ file: doc.file, range: channel.certificates[first].range, message: 'first entry' }],
        });
      }
    }
  },
};
