import type { Rule } from './types';

export const invalidIflow: Rule = {
  id: 'invalid-iflow',
  defaultSeverity: 'error',
  description: 'The file is not well-formed XML or not an iFlow.',
  checkIFlow(doc, _ctx, report) {
    if (doc.error) report({ message: doc.error.message, range: doc.error.range });
  },
};
