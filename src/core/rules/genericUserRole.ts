import { RUNTIME_DEFAULT_ROLE } from '../defaults';
import { roleRange, userRoleChannels, whereSet } from './helpers';
import type { Rule } from './types';

export const genericUserRole: Rule = {
  id: 'generic-user-role',
  defaultSeverity: 'info',
  description: `A User Role channel uses the generic role ${RUNTIME_DEFAULT_ROLE} (or one in the configured deny list), named or implicit.`,
  checkIFlow(doc, ctx, report) {
    for (const channel of userRoleChannels(doc)) {
      const role = channel.role?.trim();
      if (!role || !ctx.options.genericRoles.includes(role)) continue;
      const uses = channel.roleImplicit
        ? `names no role, so the runtime applies the generic role "${role}" implicitly`
        : `uses the generic role "${role}"`;
      report({
        message: `Sender channel "${channel.name}" ${uses}: every user who may call any flow may call this one. Use a flow-specific role.${whereSet(channel)}`,
        range: roleRange(channel),
        channel,
      });
    }
  },
};
