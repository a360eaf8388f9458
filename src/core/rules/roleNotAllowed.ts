import { nameMatcher, type Matcher } from '../glob';
import { userRoleChannels, valueRange } from './helpers';
import type { Rule } from './types';

/** One compiled matcher per patterns array (the options of a run share theirs). */
const matchers = new WeakMap<readonly string[], Matcher>();

function allowedBy(patterns: readonly string[]): Matcher {
  let m = matchers.get(patterns);
  if (!m) matchers.set(patterns, (m = nameMatcher(patterns)));
  return m;
}

export const roleNotAllowed: Rule = {
  id: 'role-not-allowed',
  defaultSeverity: 'warning',
  description: "A User Role channel's role matches none of the configuration's allowedRoles patterns.",
  checkIFlow(doc, ctx, report) {
    const patterns = ctx.options.allowedRoles ?? [];
    if (patterns.length === 0) return;
    const allowed = allowedBy(patterns);
    for (const channel of userRoleChannels(doc)) {
      const role = channel.role?.trim();
      // An empty role is missing-user-role's; an unresolved {{parameter}} is unresolved-parameter's.
      if (!role || !channel.roleProperty || allowed(role)) continue;
      report({
        message: `Sender channel "${channel.name || channel.id}" uses the role "${role}", which the allowed roles (${patterns.map((p) => `"${p}"`).join(', ')}) do not include. Use a role the team's configuration allows, or add a pattern for it to "allowedRoles".`,
        range: valueRange(channel.roleProperty),
        channel,
      });
    }
  },
};
