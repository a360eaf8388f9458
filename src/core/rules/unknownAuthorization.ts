import { modeRange, whereSet } from './helpers';
import type { Rule } from './types';

export const unknownAuthorization: Rule = {
  id: 'unknown-authorization',
  defaultSeverity: 'warning',
  description: 'A sender authorization value (after parameters are resolved) is none of the known ones.',
  checkIFlow(doc, _ctx, report) {
    for (const channel of doc.channels) {
      const keys = channel.authorizationKeys;
      if (channel.authorization !== 'unknown' || !keys || !channel.modeProperty) continue;
      const known = keys.on === 'participant'
        ? '"true" or "1" (User Role) or "false" or "0" (Client Certificate)'
        : `"${keys.userRole}" (User Role) or "${keys.clientCertificate}" (Client Certificate)`;
      report({
        message: `Sender channel "${channel.name}" has ${keys.modeKey} "${channel.modeValue}", which is not a known authorization: expected ${known}.${whereSet(channel)}`,
        range: modeRange(channel),
        channel,
      });
    }
  },
};
