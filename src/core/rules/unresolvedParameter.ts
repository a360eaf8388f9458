import { resolveParameters } from '../iflow/parameters';
import type { IFlowProperty, TableCell } from '../model';
import { valueRange } from './helpers';
import type { Rule } from './types';

export const unresolvedParameter: Rule = {
  id: 'unresolved-parameter',
  defaultSeverity: 'warning',
  description: 'An authorization value is an externalized {{parameter}} with no value in parameters.prop.',
  checkIFlow(doc, ctx, report) {
    const where = doc.parameters.file ? 'parameters.prop' : 'parameters.prop (none found)';
    for (const channel of doc.channels) {
      if (channel.authorization === 'none') continue;
      const values: Array<{ value: string; range: IFlowProperty['range'] }> = [];
      const add = (p: IFlowProperty | undefined): void => {
        if (p) values.push({ value: p.value, range: valueRange(p) });
      };
      add(channel.modeProperty);
      if (channel.authorization !== 'clientCertificate') add(channel.roleProperty);
      if (channel.authorization !== 'userRole') {
        for (const r of ctx.resolver.resolve(doc, channel)) {
          for (const cell of [r.entry.subjectDN, r.entry.issuerDN] as TableCell[]) {
            values.push({ value: cell.value, range: cell.range.end > cell.range.start ? cell.range : r.entry.range });
          }
        }
      }
      for (const { value, range } of values) {
        const { unresolved } = resolveParameters(value, doc.parameters);
        if (unresolved.length === 0) continue;
        const names = unresolved.map((n) => `{{${n}}}`).join(', ');
        report({
          message: `${names} of channel "${channel.name}" ${unresolved.length === 1 ? 'has' : 'have'} no value in ${where}: the authorization is known only at deployment. Set it in parameters.prop to have it checked.`,
          range,
          channel,
        });
      }
    }
  },
};
