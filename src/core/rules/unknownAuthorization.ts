import { valueRange } from './helpers';
import type { Rule } from './types';

export const unknownAuthorization: Rule = {
  id: 'unknown-authorization',
  defaultSeverity: 'warning',
  description: 'A sender authorization value (after parameters are resolved) is none of the known ones.',
  checkIFlow(doc, _ctx, report) {
    for (const channel of doc.channels) {
      if (channel.authorization !== 'unknown') continue;
      const key = channel.modeProperty?.key ?? (channel.adapter === 'ODataSender' ? 'authentication' : 'senderAuthType');
      const known = key === 'authentication' ? '"basic" (User Role) or "certificate" (Client Certificate)' : '"RoleBased" (User Role) or "ClientCertificate" (Client Certificate)';
      report({
        message: channel.modeValue !== undefined
          ? `Sender channel "${channel.name}" has ${key} "${channel.modeValue}", which is not a known authorization: expected ${known}.`
          : `Sender channel "${channel.name}" has no ${key}: expected ${known}.`,
        range: channel.modeProperty ? valueRange(channel.modeProperty) : channel.range,
        channel,
      });
    }
  },
};
