import { clientCertificateChannels } from './helpers';
import type { Rule } from './types';

export const invalidCertificate: Rule = {
  id: 'invalid-certificate',
  defaultSeverity: 'error',
  description: 'Certificate material (mapping file, embedded iFlow cell) does not decode.',
  checkIFlow(doc, ctx, report) {
    for (const channel of clientCertificateChannels(doc)) {
      for (const r of ctx.resolver.resolve(doc, channel)) {
        if (!r.embedded) continue;
        const { decoded, cell } = r.embedded;
        const problem = decoded.hasPrivateKey ? 'it holds a private key, which must never be in an iFlow' : decoded.certificates.length === 0 ? decoded.errors[0] ?? 'no certificate found' : undefined;
        if (problem) report({ message: `The certificate embedded in entry ${r.entry.index + 1} does not decode: ${problem}.`, range: cell.range, channel });
      }
    }
  },
  checkMapping(mapping, _ctx, report) {
    for (const entry of mapping.entries) {
      if (entry.certificateError) {
        report({ message: `The certificate of user "${entry.user}" does not decode: ${entry.certificateError}.`, range: entry.certificateRange });
      }
    }
  },
};
