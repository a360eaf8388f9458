import { userRoleChannels, valueRange } from './helpers';
import type { Rule } from './types';

export const genericUserRole: Rule = {
  id: 'generic-user-role',
  defaultSeverity: 'info',
  description: "A User Role channel uses the generic role ESBMessaging.send (or one in the configured deny list).",
  checkIFlow(doc, ctx, report) {
    for (const channel of userRoleChannels(doc)) {
      const role = channel.role?.trim();
      if (!role || !channel.roleProperty || !ctx.options.genericRoles.includes(role)) continue;
      report({
        message: `Sender channel "${channel.name}" uses the generic role "${role}": every user who may call any flow may call this one. SAP's guidelines recommend a flow-specific role.`,
        range: valueRange(channel.roleProperty),
        channel,
      });
    }
  },
};
