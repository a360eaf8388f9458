import { describeExemption, isExpired } from '../config/exemptions';
import type { Rule } from './types';

export const expiredExemption: Rule = {
  id: 'expired-exemption',
  defaultSeverity: 'warning',
  description: "An exemption's until date has passed: the findings it covered are reported again.",
  checkConfig(config, ctx, report) {
    for (const e of config.exemptions) {
      if (!isExpired(e, ctx.options.now)) continue;
      report({ message: `The exemption ${describeExemption(e)} ended on ${e.until}: its findings are reported again. Fix them, or renew the exemption with a new date and reason.`, range: e.range });
    }
  },
};
