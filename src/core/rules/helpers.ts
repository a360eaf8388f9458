import type { Chain } from '../certs/chain';
import type { CertificateInfo } from '../certs/types';
import type { IFlowDocument, IFlowProperty, SenderChannel, TextRange } from '../model';
import type { MappingFile } from '../mapping/types';
import type { EntryResolution } from '../resolve';
import { isoDate } from '../time';
import type { RelatedLocation, RuleContext } from './types';

/** Where to underline a property: its value, or the whole property when the value is empty. */
export function valueRange(property: IFlowProperty): TextRange {
  return property.range.end > property.range.start ? property.range : property.elementRange;
}

/**
 * Where a finding about a channel's role goes: the role value; for an implicit role (none set),
 * the value that selects User Role, else the channel's start tag.
 */
export function roleRange(channel: SenderChannel): TextRange {
  const at = channel.roleProperty ?? channel.modeProperty;
  return at ? valueRange(at) : channel.range;
}

/** Where a finding about a channel's mode goes: the mode value, else the channel's start tag. */
export function modeRange(channel: SenderChannel): TextRange {
  return channel.modeProperty ? valueRange(channel.modeProperty) : channel.range;
}

/** A closing sentence for channels of older adapter versions, whose authorization sits on the sender participant; else "". */
export function whereSet(channel: SenderChannel): string {
  return channel.authorizationKeys?.on === 'participant'
    ? ` (Set on sender participant "${channel.participant?.name || channel.participant?.id}": an older adapter version.)`
    : '';
}

/** Where to underline a certificate entry: its Subject DN cell, else the whole row. */
export function entryRange(resolution: EntryResolution): TextRange {
  const cell = resolution.embedded?.cell ?? resolution.entry.subjectDN;
  return cell.range.end > cell.range.start ? cell.range : resolution.entry.range;
}

export const clientCertificateChannels = (doc: IFlowDocument): SenderChannel[] =>
  doc.channels.filter((c) => c.authorization === 'clientCertificate');

export const userRoleChannels = (doc: IFlowDocument): SenderChannel[] =>
  doc.channels.filter((c) => c.authorization === 'userRole');

/** "CN=acme-client, O=ACME" → the CN, for short messages; falls back to the whole DN. */
export function shortName(certificate: CertificateInfo): string {
  return certificate.commonName ?? certificate.subject;
}

export function evidence(certificate: CertificateInfo): RelatedLocation {
  const where = certificate.source.kind === 'mapping' ? 'the certificate-user mapping'
    : certificate.source.kind === 'embedded' ? 'the certificate embedded in the iFlow' : 'this certificate file';
  return { file: certificate.source.file, range: certificate.source.range, message: `${shortName(certificate)}: resolved from ${where}`, foundAt: true };
}

/** A certificate a rule judges, with where a finding about it belongs. */
export interface JudgedCertificate {
  certificate: CertificateInfo;
  range: TextRange;
  channel?: SenderChannel;
  related: RelatedLocation[];
  /** Certificates that came with it (the rest of an embedded cell): they complete its chain. */
  companions?: CertificateInfo[];
}

/**
 * The other certificates with the entry's DNs (an old one and its renewal): the entry is judged
 * by the one valid longest, these are named beside it.
 */
function otherMatches(judged: CertificateInfo, matches: readonly CertificateInfo[]): RelatedLocation[] {
  return matches.filter((c) => c !== judged).map((c) => ({
    file: c.source.file,
    range: c.source.range,
    message: `${shortName(c)}: also has these DNs, valid until ${isoDate(c.notAfter)} (the entry is judged by the certificate valid longest)`,
  }));
}

/**
 * The certificates that certificate rules judge in an iFlow: the resolved entries of its Client
 * Certificate channels. Shared so each rule is only its predicate and message.
 */
export function judgedInIFlow(doc: IFlowDocument, ctx: RuleContext): JudgedCertificate[] {
  const judged: JudgedCertificate[] = [];
  for (const channel of clientCertificateChannels(doc)) {
    for (const resolution of ctx.resolver.resolve(doc, channel)) {
      const certificate = resolution.certificate;
      if (!certificate) continue;
      const related = resolution.embedded ? [] : [evidence(certificate), ...otherMatches(certificate, resolution.matches)];
      const companions = resolution.embedded?.decoded.certificates.filter((c) => c !== certificate);
      judged.push({ certificate, range: entryRange(resolution), channel, related, ...(companions?.length ? { companions } : {}) });
    }
  }
  return judged;
}

/**
 * The certificates judged in the mapping file: each entry's own certificate, or, while the entry
 * only names DNs, the certificate file in the workspace with those DNs.
 */
export function judgedInMapping(mapping: MappingFile, ctx: RuleContext): JudgedCertificate[] {
  const judged: JudgedCertificate[] = [];
  for (const entry of mapping.entries) {
    if (entry.decoded) {
      judged.push({ certificate: entry.decoded, range: entry.certificateRange, related: [] });
    } else if (entry.certificate === null && entry.subjectDN && entry.issuerDN) {
      const matches = ctx.certificates.find(entry.subjectDN, entry.issuerDN).filter((c) => c.source.kind !== 'mapping');
      const match = matches[0];
      if (match) judged.push({ certificate: match, range: entry.range, related: [evidence(match), ...otherMatches(match, matches)] });
    }
  }
  return judged;
}

/** The certificates above the judged one on its chain, as evidence of where the chain goes. */
export function chainEvidence(chain: Chain): RelatedLocation[] {
  return chain.certificates.slice(1).map((c, i) => ({
    file: c.source.file,
    range: c.source.range,
    message: `${shortName(c)}: certificate ${i + 2} of the chain${c.selfSigned ? ' (self-signed root)' : ''}`,
  }));
}
