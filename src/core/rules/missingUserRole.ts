import { roleRange, userRoleChannels } from './helpers';
import type { Rule } from './types';

export const missingUserRole: Rule = {
  id: 'missing-user-role',
  defaultSeverity: 'error',
  description: 'A User Role channel has an empty role.',
  checkIFlow(doc, _ctx, report) {
    for (const channel of userRoleChannels(doc)) {
      if (channel.role === undefined || channel.role.trim() !== '') continue;
      report({
        message: `Sender channel "${channel.name}" authorizes by User Role but names no role: no caller is authorized. Set a role (e.g. a flow-specific "<flow>.send").`,
        range: roleRange(channel),
        channel,
      });
    }
  },
};
