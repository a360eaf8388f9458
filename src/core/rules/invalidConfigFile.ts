import type { Rule } from './types';

export const invalidConfigFile: Rule = {
  id: 'invalid-config-file',
  defaultSeverity: 'error',
  description: 'The configuration file .iflow-auth.json is not valid JSON (with comments) or not the expected shape: none of it is used until it is fixed.',
  checkConfig(config, ctx, report) {
    const instead = ctx.settingsWithoutConfigFile ?? 'the other settings and the defaults';
    for (const problem of config.problems) {
      report({ message: `Configuration file: ${problem.message}. None of this file is used until it is fixed: the rules run with ${instead}.`, range: problem.range });
    }
  },
};
