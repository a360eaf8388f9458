import { resolveParameters } from '../iflow/parameters';
import { valueRange } from './helpers';
import type { Rule } from './types';

export const csrfProtectionDisabled: Rule = {
  id: 'csrf-protection-disabled',
  defaultSeverity: 'info',
  description: 'An HTTPS sender channel has CSRF protection switched off (xsrfProtection = 0); it matters for callers that send cookies, such as browsers.',
  checkIFlow(doc, _ctx, report) {
    for (const channel of doc.channels) {
      if (channel.adapter !== 'HTTPS') continue;
      const property = channel.properties.get('xsrfProtection');
      if (!property) continue;
      const resolved = resolveParameters(property.value, doc.parameters);
      if (resolved.unresolved.length > 0 || resolved.value.trim() !== '0') continue;
      const via = resolved.resolved.length > 0 ? ` (through the parameter ${resolved.resolved.map((n) => `{{${n}}}`).join(', ')})` : '';
      report({
        message: `Sender channel "${channel.name || channel.id}" does not require a CSRF token${via}: a caller's browser session or cookie can be abused to send requests. Switch on "CSRF Protected" unless only machine clients call it.`,
        range: valueRange(property),
        channel,
      });
    }
  },
};
