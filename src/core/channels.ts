import type { IFlowDocument, AuthorizationMode } from './model';
import type { RuleContext } from './rules/types';

/** One channel as the tree view and `iflow-auth channels` show it (DESIGN §5). */
export interface ChannelSummary {
  file: string;
  iflow: string;
  channel: string;
  id: string;
  adapter: string;
  authorization: AuthorizationMode;
  role: string | null;
  certificates: Array<{ subjectDN: string; issuerDN: string; notAfter: string | null }>;
}

export function summarizeChannels(doc: IFlowDocument, ctx: RuleContext): ChannelSummary[] {
  return doc.channels.map((channel) => ({
    file: doc.file,
    iflow: doc.iflowName,
    channel: channel.name,
    id: channel.id,
    adapter: channel.adapter,
    authorization: channel.authorization,
    role: channel.authorization === 'none' ? null : channel.role ?? channel.roleProperty?.value ?? null,
    certificates: ctx.resolver.resolve(doc, channel).map((r) => ({
      subjectDN: r.certificate && r.embedded ? r.certificate.subject : r.subjectDN.value,
      issuerDN: r.certificate && r.embedded ? r.certificate.issuer : r.issuerDN.value,
      notAfter: r.certificate ? r.certificate.notAfter.toISOString() : null,
    })),
  }));
}
