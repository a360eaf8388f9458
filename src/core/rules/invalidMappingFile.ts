import type { Rule } from './types';

export const invalidMappingFile: Rule = {
  id: 'invalid-mapping-file',
  defaultSeverity: 'error',
  description: 'The certificate-user mapping file is not valid JSON or not the expected shape (nothing is written to it until fixed).',
  checkMapping(mapping, _ctx, report) {
    if (mapping.error) report({ message: `Mapping file ${mapping.error.message}; it is left untouched until this is fixed.`, range: mapping.error.range });
    for (const problem of mapping.problems) report({ message: problem.message, range: problem.range });
  },
};
