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
      // Every channel of the set is reported: which one the tenant refuses depends on the order of deployment.
      for (const { doc, channel } of claims) {
        const others: Claim[] = [];
        for (const c of claims) {
          if (c.channel !== channel) others.push(c);
          if (others.length === MAX_NAMED) break;
        }
        const named = others.map((o) => `"${label(o.channel)}"${o.doc === doc ? ' in this iFlow' : ` in iFlow "${o.doc.iflowName}"`}`);
        const more = claims.length - 1 - others.length;
        if (more > 0) named.push(`${more} more`);
        report({
          file: doc.file,
          range: valueRange(channel.endpoint!.property),
          channel,
          message: `Sender channel "${label(channel)}" has the endpoint ${path}, like ${named.join(', ')}: the tenant refuses to deploy a second channel at the same address. Give each channel its own address.`,
          related: others.map((o) => ({ file: o.doc.file, range: valueRange(o.channel.endpoint!.property), message: `"${label(o.channel)}" has the same endpoint` })),
        });
      }
    }
  },
};
