import { describeExemption, isExpired } from '../config/exemptions';
import type { Rule } from './types';

export const unusedExemption: Rule = {
  id: 'unused-exemption',
  defaultSeverity: 'info',
  description: 'An exemption in .iflow-auth.json matches no finding: the problem it was written for is gone, or it names the wrong iFlow, channel, user or file.',
  checkConfig(config, ctx, report) {
    const usage = ctx.exemptions;
    if (!usage) return;
    for (const e of config.exemptions) {
      if (isExpired(e, ctx.options.now) || !usage.judged.get(e.index) || (usage.matched.get(e.index) ?? 0) > 0) continue;
      report({ message: `The exemption ${describeExemption(e)} matches no finding: remove it, or correct what it names.`, range: e.range });
    }
  },
};
