import * as vscode from 'vscode';
import { chainSummary, type ChainBuilder } from '../core/certs/chain';
import { hasChainToJudge } from '../core/certs/clientAuth';
import type { CertificateInfo } from '../core/certs/types';
import { redactKeyMaterial } from '../core/channels';
import { describeEndpoint } from '../core/iflow/endpoint';
import type { IFlowDocument, SenderChannel, SenderEndpoint } from '../core/model';
import { describeExpiry, describeStart, isoDate } from '../core/time';
import { escapeMarkdown } from './markdown';
import { isIFlowUri, type SenderAuthWorkspace } from './model';
import { RangeConverter } from './positions';


/**
 * The hover body for one certificate: what a reviewer checks before trusting it — its state first,
 * then one fact per line (readable without scrolling in the default hover size), its chain and the
 * root's trust included (`chains`, with the certificates that came with it).
 */
export function certificateMarkdown(cert: CertificateInfo, now: Date, where: string, chains?: { builder: ChainBuilder; companions?: CertificateInfo[] }): vscode.MarkdownString {
  const validity = cert.notBefore.getTime() > now.getTime() ? describeStart(cert.notBefore, now) : describeExpiry(cert.notAfter, now);
  const flags = [cert.selfSigned && 'self-signed', cert.isCA && 'CA certificate'].filter(Boolean).join(', ');
  const fact = (label: string, value: string): string => `${label}: ${escapeMarkdown(value)}`;
  const lines = [
    `**Certificate ${escapeMarkdown(cert.commonName ?? cert.subject)}** · ${validity}${flags ? ` · ${flags}` : ''}`,
    fact('Subject', cert.subject),
    fact('Issuer', cert.issuer),
    [fact('Valid', `${isoDate(cert.notBefore)} to ${isoDate(cert.notAfter)}`), fact('Key', `${cert.keyType}${cert.keySize ? ` ${cert.keySize} bits` : ''}`), fact('Extended key usage', cert.extendedKeyUsage.join(', ') || '—')].join(' · '),
    [fact('Key usage', cert.keyUsage.join(', ') || '—'), fact('Serial', cert.serialNumber)].join(' · '),
    ...(chains && hasChainToJudge(cert) ? [fact('Chain', chainSummary(chains.builder.chainOf(cert, chains.companions), chains.builder.trust))] : []),
    fact('SHA-256', cert.sha256),
    fact('Found in', where),
  ];
  // Hard line breaks: one block, without the spacing of paragraphs or a table's header row.
  return new vscode.MarkdownString(lines.join('  \n'));
}

function whereFound(cert: CertificateInfo): string {
  if (cert.source.kind === 'embedded') return 'embedded in this iFlow';
  const path = vscode.workspace.asRelativePath(vscode.Uri.parse(cert.source.file), false);
  return cert.source.kind === 'mapping' ? `${path} (mapping ${cert.source.index + 1})` : path;
}

/** Hover on a certificate entry of an iFlow, or on a certificate in the mapping file. */
export class CertificateHoverProvider implements vscode.HoverProvider {
  private readonly ranges = new RangeConverter();

  constructor(private readonly workspace: SenderAuthWorkspace) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const uri = document.uri.toString();
    const offset = document.offsetAt(position);
    await this.workspace.catchUp();
    const project = this.workspace.current;
    const now = project.ruleContextFor(uri).options.now;
    const mapping = project.mappingFile(uri);
    if (mapping) {
      const entry = mapping.entries.find((e) => e.decoded && offset >= e.certificateRange.start && offset <= e.certificateRange.end);
      if (!entry?.decoded) return undefined;
      await this.workspace.signaturesChecked();
      const chains = { builder: this.workspace.current.ruleContextFor(mapping.file).chains };
      return new vscode.Hover(certificateMarkdown(entry.decoded, now, `user ${entry.user}`, chains), this.ranges.toRangeInText(document.getText(), entry.certificateRange));
    }
    if (!isIFlowUri(document.uri)) return undefined; // any other JSON file
    const doc = project.document(uri);
    if (!doc) return undefined;
    for (const channel of doc.channels) {
      // Entries of legacy channels sit on the sender participant, outside the messageFlow.
      for (const r of project.resolvedEntries(doc, channel)) {
        if (offset < r.entry.range.start || offset > r.entry.range.end) continue;
        const range = this.ranges.toRange(doc, doc.text, r.entry.range);
        if (r.certificate) {
          await this.workspace.signaturesChecked();
          const chains = { builder: this.workspace.current.ruleContextFor(uri).chains, companions: r.embedded?.decoded.certificates.filter((c) => c !== r.certificate) };
          const md = certificateMarkdown(r.certificate, now, whereFound(r.certificate), chains);
          if (r.matches.length > 1) md.appendMarkdown(`\n\n${r.matches.length - 1} older certificate(s) with the same DNs were found too.`);
          return new vscode.Hover(md, range);
        }
        const md = new vscode.MarkdownString(`**Certificate entry ${r.entry.index + 1}**\n\nSubject: ${escapeMarkdown(redactKeyMaterial(r.subjectDN.value) || '(empty)')}\n\nIssuer: ${escapeMarkdown(redactKeyMaterial(r.issuerDN.value) || '(empty)')}\n\n`);
        md.appendMarkdown(r.subjectDN.unresolved.length || r.issuerDN.unresolved.length
          ? 'Externalized: the value is set at deployment (no value in parameters.prop).'
          : 'No certificate with this Subject and Issuer DN was found in the workspace or the mapping file, so its expiry is unknown.');
        return new vscode.Hover(md, range);
      }
      const endpoint = channel.endpoint;
      if (endpoint && offset >= endpoint.property.elementRange.start && offset <= endpoint.property.elementRange.end) {
        return new vscode.Hover(this.endpointMarkdown(doc, channel, endpoint), this.ranges.toRange(doc, doc.text, endpoint.property.elementRange));
      }
    }
    return undefined;
  }

  /** Where callers reach the channel, and which other channels of the workspace claim the same path. */
  private endpointMarkdown(doc: IFlowDocument, channel: SenderChannel, endpoint: SenderEndpoint): vscode.MarkdownString {
    const md = new vscode.MarkdownString(`**Endpoint of ${escapeMarkdown(channel.name || channel.id)}**: ${escapeMarkdown(describeEndpoint(endpoint) ?? '')}\n\n`);
    const raw = endpoint.property.value.trim();
    md.appendMarkdown(`From ${escapeMarkdown(endpoint.property.key)} = ${escapeMarkdown(raw || '(empty)')}${raw.includes('{{') && endpoint.path !== undefined ? ', with the values of parameters.prop' : ''}.\n\n`);
    if (endpoint.wildcard && endpoint.path) {
      md.appendMarkdown(`A wildcard: it serves ${escapeMarkdown(endpoint.path.slice(0, -1))} followed by anything, not ${escapeMarkdown(endpoint.path.slice(0, -2))} itself.\n\n`);
    }
    const others = endpoint.path === undefined ? [] : this.workspace.current.documents().flatMap((d) => d.channels
      .filter((c) => c !== channel && c.endpoint?.path === endpoint.path)
      .map((c) => `${c.name || c.id} in ${d === doc ? 'this iFlow' : d.iflowName}`));
    if (others.length > 0) md.appendMarkdown(`Also claimed by: ${others.map(escapeMarkdown).join('; ')}. The tenant refuses to deploy a second channel at the same address.`);
    return md;
  }
}
