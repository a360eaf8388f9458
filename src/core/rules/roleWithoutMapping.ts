import { roleRange, userRoleChannels } from './helpers';
import type { Rule } from './types';

export const roleWithoutMapping: Rule = {
  id: 'role-without-mapping',
  defaultSeverity: 'info',
  description: "A mapping file exists but no mapped user holds a User Role channel's role.",
  checkIFlow(doc, ctx, report) {
    const mapping = ctx.mapping;
    if (!mapping || mapping.error) return;
    const mapped = new Set(mapping.entries.flatMap((e) => e.roles));
    for (const channel of userRoleChannels(doc)) {
      const role = channel.role?.trim();
      if (!role || mapped.has(role)) continue;
      report({
        message: `No user in the certificate-user mapping holds role "${role}"${channel.roleImplicit ? ' (implicit: no role is set)' : ''} of channel "${channel.name}": no certificate-authenticated caller can reach it.`,
        range: roleRange(channel),
        channel,
        related: [{ file: mapping.file, message: 'the certificate-user mapping file' }],
      });
    }
  },
};
