import type { IFlowDocument, SenderChannel } from '../model';
import { valueRange } from './helpers';
import type { Rule } from './types';

interface Claim {
  doc: IFlowDocument;
  channel: SenderChannel;
}

const label = (c: SenderChannel): string => c.name || c.id;

/** Others named per finding: thousands of channels at one address must not make each finding name all of them. */
const MAX_NAMED = 10;

export const duplicateEndpoint: Rule = {
  id: 'duplicate-endpoint',
  defaultSeverity: 'warning',
  description: 'Two sender channels in the workspace have the same endpoint address; the tenant refuses to deploy the second.',
  checkWorkspace(iflows, _ctx, report) {
    const byPath = new Map<string, Claim[]>();
    for (const doc of iflows) {
      for (const channel of doc.channels) {
        const path = channel.endpoint?.path;
        if (path === undefined) continue;
        const claims = byPath.get(path);
        if (claims) claims.push({ doc, channel });
        else byPath.set(path, [{ doc, channel }]);
      }
    }
    for (const [path, claims] of byPath) {
      if (claims.length < 2) continue;
      // Claims by channel and iFlow name: copies of one iFlow are named once, with their number.
      const groups = new Map<string, Claim[]>();
      const keyOf = (c: Claim): string => `${label(c.channel)}\u0000${c.doc.iflowName}`;
      for (const c of claims) {
        const group = groups.get(keyOf(c));
        if (group) group.push(c);
        else groups.set(keyOf(c), [c]);
      }
      // Every channel of the set is reported: which one the tenant refuses depends on the order of deployment.
      for (const self of claims) {
        const { doc, channel } = self;
        const own = keyOf(self);
        const named: string[] = [];
        let namedClaims = 0;
        for (const [key, group] of groups) {
          if (named.length === MAX_NAMED) break;
          const n = key === own ? group.length - 1 : group.length;
          if (n === 0) continue;
          const shown = group[0] === self ? group[1] : group[0];
          named.push(`"${label(shown.channel)}" ${shown.doc === doc ? 'in this iFlow' : `in iFlow "${shown.doc.iflowName}"`}${n > 1 ? ` (${n} times)` : ''}`);
          namedClaims += n;
        }
        const more = claims.length - 1 - namedClaims;
        if (more > 0) named.push(`${more} more`);
        const others: Claim[] = [];
        for (const c of claims) {
          if (c !== self) others.push(c);
          if (others.length === MAX_NAMED) break;
        }
        report({
          file: doc.file,
          range: valueRange(channel.endpoint!.property),
          channel,
          message: `Sender channel "${label(channel)}" has the endpoint ${path}, like ${named.join(', ')}: the tenant refuses to deploy a second channel there. Give each its own address.`,
          related: others.map((o) => ({ file: o.doc.file, range: valueRange(o.channel.endpoint!.property), message: `"${label(o.channel)}" has the same endpoint` })),
        });
      }
    }
  },
};
