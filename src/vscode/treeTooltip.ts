/**
 * A tree row's tooltip (Markdown, every text from a file escaped): made when the user points at a
 * row (SenderAuthTree.resolveTreeItem), so it loads with the actions' chunk, not at activation.
 */
import * as vscode from 'vscode';
import { chainSummary } from '../core/certs/chain';
import { hasChainToJudge } from '../core/certs/clientAuth';
import { redactKeyMaterial } from '../core/channels';
import { describeEndpoint } from '../core/iflow/endpoint';
import type { Project } from '../core/project/project';
import type { EntryResolution } from '../core/resolve';
import type { Finding, RuleContext } from '../core/rules/types';
import { escapeMarkdown } from './markdown';
import { MODE_LABEL, relativeName, type SenderAuthNode } from './tree';

/** The certificate's chain as the rules judged it (the tree's answer, for the file's own rule context). */
export type ChainOf = (file: string, resolution: EntryResolution) => ReturnType<RuleContext['chains']['chainOf']>;

/** The tooltip of a row: what the node is, then its findings and its exempted findings with their reasons. */
export function treeTooltip(node: SenderAuthNode, findings: Finding[], exempted: Finding[], chainOf: ChainOf, project: Project): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const line = (s: string): void => { md.appendMarkdown(`${s}\n\n`); };
  switch (node.kind) {
    case 'package':
      line(`**${escapeMarkdown(node.label)}**${node.archive ? ': an exported package, read-only (unpack it to change it)' : ''}`);
      break;
    case 'iflow':
      line(`**${escapeMarkdown(node.doc.iflowName)}** (${escapeMarkdown(node.doc.iflowId)})`);
      line(escapeMarkdown(relativeName(vscode.Uri.parse(node.doc.file.split('!/')[0])) + (node.doc.file.includes('!/') ? ` → ${node.doc.file.split('!/').slice(1).join(' → ')}` : '')));
      if (node.lastGood) line('The file is not well-formed: its channels as last read are shown (stale).');
      break;
    case 'error':
      line(`Not well-formed: ${escapeMarkdown(node.doc.error?.message ?? '')}`);
      break;
    case 'channel': {
      const c = node.channel;
      line(`**${escapeMarkdown(c.name)}** (${escapeMarkdown(c.adapter)}${c.adapterVersion ? ` ${escapeMarkdown(c.adapterVersion)}` : ''}): ${MODE_LABEL[c.authorization]}`);
      const endpoint = describeEndpoint(c.endpoint);
      if (endpoint) line(`Endpoint: ${escapeMarkdown(endpoint)}`);
      if (c.authorizationKeys?.on === 'participant') {
        line(`Authorization set on the sender participant ${escapeMarkdown(c.participant?.name || c.participant?.id || '')} (${escapeMarkdown(c.authorizationKeys.modeKey)}), as older adapter versions keep it.`);
      }
      if (node.stale) line('Stale: as last read, before the file became malformed.');
      break;
    }
    case 'caller': {
      const { caller } = node;
      line(`**${escapeMarkdown(caller.user)}** holds ${escapeMarkdown(caller.entry.roles.join(', '))}`);
      if (caller.certificate) line(`Certificate ${escapeMarkdown(caller.certificate.subject)}, until ${caller.certificate.notAfter.toISOString().slice(0, 10)}`);
      line(`From ${escapeMarkdown(relativeName(vscode.Uri.parse(caller.mappingFile)))} (mapping ${caller.index + 1})`);
      break;
    }
    case 'certificate': {
      const r = node.resolution;
      line(`**Subject** ${escapeMarkdown(r.certificate?.subject ?? redactKeyMaterial(r.subjectDN.value))}`);
      line(`**Issuer** ${escapeMarkdown(r.certificate?.issuer ?? redactKeyMaterial(r.issuerDN.value))}`);
      if (r.certificate && hasChainToJudge(r.certificate)) line(`**Chain** ${escapeMarkdown(chainSummary(chainOf(node.doc.file, r), project.ruleContextFor(node.doc.file).chains.trust))}`);
      break;
    }
    case 'mappings':
      line(`**Certificate-User Mappings** in ${escapeMarkdown(relativeName(vscode.Uri.parse(node.mapping.file)))}`);
      if (node.mapping.error) line(`Not valid: ${escapeMarkdown(node.mapping.error.message)}`);
      break;
    case 'mapping': {
      const e = node.entry;
      line(`**${escapeMarkdown(e.user)}**: ${escapeMarkdown(e.roles.join(', ') || 'no roles')}`);
      if (e.decoded) line(`Certificate ${escapeMarkdown(e.decoded.subject)}, issued by ${escapeMarkdown(e.decoded.issuer)}, until ${e.decoded.notAfter.toISOString().slice(0, 10)}`);
      else if (e.subjectDN) line(`Only the DNs are known: ${escapeMarkdown(e.subjectDN)}`);
      if (e.usedBy.length > 0) line(`Used by ${e.usedBy.map((u) => `${escapeMarkdown(u.channel)} (${escapeMarkdown(u.iflow)})`).join(', ')}`);
      break;
    }
    default:
      break;
  }
  for (const f of findings) md.appendMarkdown(`- ${f.severity}: ${escapeMarkdown(f.message)}\n`);
  for (const f of exempted) {
    const until = f.suppressed?.until ? `, until ${f.suppressed.until}` : '';
    md.appendMarkdown(`- exempted (${escapeMarkdown(f.suppressed?.reason ?? '')}${until}): ${escapeMarkdown(f.message)}\n`);
  }
  return md;
}