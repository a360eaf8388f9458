import { userRoleChannels, valueRange } from './helpers';
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
      if (!role || !channel.roleProperty || mapped.has(role)) continue;
      report({
        message: `No user in the certificate-user mapping holds role "${role}" of channel "${channel.name}": no certificate-authenticated caller can reach it.`,
        range: valueRange(channel.roleProperty),
        channel,
        related: [{ file: mapping.file, message: 'the certificate-user mapping file' }],
      });
    }
  },
};
