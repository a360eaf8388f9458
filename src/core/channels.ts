import type { IFlowDocument, AuthorizationMode } from './model';
import type { RuleContext } from './rules/types';

/** One channel as the tree view and `iflow-auth channels` show it (the JSON shape of `channels --format json`). */
export interface ChannelSummary {
  file: string;
  iflow: string;
  channel: string;
  id: string;
  adapter: string;
  authorization: AuthorizationMode;
  role: string | null;
  /** The resolved path callers reach the channel at (`/http/…`, `/cxf/…`, `/as2/…`), or null when unknown. */
  endpoint: string | null;
  certificates: Array<{ subjectDN: string; issuerDN: string; notAfter: string | null }>;
}

/**
 * A cell that holds a private key (pasted by mistake) is shown as a note, never echoed: the
 * summary goes to terminals, CI logs and the tree view.
 */
const KEY_BLOCK = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
export function redactKeyMaterial(value: string): string {
  return value.indexOf('PRIVATE KEY-----') < 0 ? value : value.replace(KEY_BLOCK, '(private key material, not shown)');
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
    endpoint: channel.endpoint?.path ?? null,
    certificates: ctx.resolver.resolve(doc, channel).map((r) => ({
      subjectDN: r.certificate && r.embedded ? r.certificate.subject : redactKeyMaterial(r.subjectDN.value),
      issuerDN: r.certificate && r.embedded ? r.certificate.issuer : redactKeyMaterial(r.issuerDN.value),
      notAfter: r.certificate ? r.certificate.notAfter.toISOString() : null,
    })),
  }));
}
