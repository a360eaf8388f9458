import * as vscode from 'vscode';
import { chainMark, chainSummary } from '../core/certs/chain';
import { hasChainToJudge } from '../core/certs/clientAuth';
import { commonNameOf } from '../core/certs/dn';
import { redactKeyMaterial } from '../core/channels';
import { describeEndpoint } from '../core/iflow/endpoint';
import type { IFlowDocument, SenderChannel, TextRange } from '../core/model';
import { plural } from '../core/plural';
import type { EntryResolution } from '../core/resolve';
import type { Finding } from '../core/rules/types';
import { describeExpiry, describeStart } from '../core/time';
import { escapeMarkdown } from './markdown';
import type { SenderAuthWorkspace } from './model';
import { RangeConverter } from './positions';

export type SenderAuthNode =
  | { kind: 'iflow'; doc: IFlowDocument }
  | { kind: 'channel'; doc: IFlowDocument; channel: SenderChannel }
  | { kind: 'role'; doc: IFlowDocument; channel: SenderChannel }
  | { kind: 'certificate'; doc: IFlowDocument; channel: SenderChannel; resolution: EntryResolution };

const MODE_LABEL: Record<SenderChannel['authorization'], string> = {
  userRole: 'User Role',
  clientCertificate: 'Client Certificate',
  externalized: 'externalized',
  unknown: 'unknown authorization',
  none: 'no inbound authorization',
};

const MODE_ICON: Record<SenderChannel['authorization'], string> = {
  userRole: 'account',
  clientCertificate: 'key',
  externalized: 'symbol-parameter',
  unknown: 'question',
  none: 'circle-slash',
};

const within = (inner: TextRange, outer: TextRange): boolean => inner.start >= outer.start && inner.end <= outer.end;
const rank = { error: 0, warning: 1, info: 2 } as const;

function worst(findings: Finding[]): Finding | undefined {
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity])[0];
}

const COLOUR = { error: 'list.errorForeground', warning: 'list.warningForeground', info: undefined } as const;

/** The value a node stands for, where clicking it takes the user. */
export function nodeRange(node: SenderAuthNode): TextRange {
  switch (node.kind) {
    case 'iflow': return node.doc.error?.range ?? { start: 0, end: 0 };
    case 'channel': return node.channel.modeProperty?.range ?? node.channel.range;
    case 'role': return node.channel.roleProperty?.range ?? node.channel.modeProperty?.range ?? node.channel.range;
    case 'certificate': return node.resolution.entry.subjectDN.range.end > node.resolution.entry.subjectDN.range.start ? node.resolution.entry.subjectDN.range : node.resolution.entry.range;
  }
}

/** "Sender Authorization" view: iFlow → sender channel → role and certificate entries. */
export class SenderAuthTree implements vscode.TreeDataProvider<SenderAuthNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SenderAuthNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly ranges = new RangeConverter();

  constructor(private readonly workspace: SenderAuthWorkspace) {
    this.subscription = workspace.onDidChange(() => {
      void vscode.commands.executeCommand('setContext', 'iflowAuth.hasIFlows', workspace.documents().length > 0);
      this.changed.fire(undefined);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  getChildren(node?: SenderAuthNode): SenderAuthNode[] {
    if (!node) return this.workspace.documents().filter((doc) => doc.error || doc.channels.length > 0).map((doc) => ({ kind: 'iflow', doc }));
    if (node.kind === 'iflow') return node.doc.channels.map((channel) => ({ kind: 'channel', doc: node.doc, channel }));
    if (node.kind !== 'channel' || node.channel.authorization === 'none') return [];
    const { doc, channel } = node;
    const children: SenderAuthNode[] = [];
    if (channel.authorization !== 'clientCertificate') children.push({ kind: 'role', doc, channel });
    if (channel.authorization !== 'userRole') {
      for (const resolution of this.workspace.ruleContext().resolver.resolve(doc, channel)) {
        children.push({ kind: 'certificate', doc, channel, resolution });
      }
    }
    return children;
  }

  getParent(node: SenderAuthNode): SenderAuthNode | undefined {
    if (node.kind === 'iflow') return undefined;
    if (node.kind === 'channel') return { kind: 'iflow', doc: node.doc };
    return { kind: 'channel', doc: node.doc, channel: node.channel };
  }

  getTreeItem(node: SenderAuthNode): vscode.TreeItem {
    const item = this.describe(node);
    const range = nodeRange(node);
    item.command = {
      command: 'iflowAuth.reveal',
      title: 'Reveal in Editor',
      arguments: [vscode.Uri.parse(node.doc.file), this.ranges.toRange(node.doc, node.doc.text, range)],
    };
    return item;
  }

  /** Findings that sit on this node's part of the file. */
  findingsOf(node: SenderAuthNode): Finding[] {
    const all = this.workspace.findings(node.doc.file);
    switch (node.kind) {
      case 'iflow': return all;
      case 'channel': {
        // Older adapter versions keep the authorization on the sender participant: its findings are the channel's too.
        const c = node.channel;
        const participant = c.authorizationKeys?.on === 'participant' ? c.participant?.elementRange : undefined;
        return all.filter((f) => within(f.range, c.elementRange) || (participant !== undefined && within(f.range, participant) && f.channel === (c.name || c.id)));
      }
      case 'role': {
        const c = node.channel;
        if (c.roleProperty) return all.filter((f) => within(f.range, c.roleProperty!.elementRange));
        // An implicit role has no value of its own: its findings sit on the mode value.
        return c.roleImplicit && c.modeProperty ? all.filter((f) => f.rule === 'generic-user-role' && within(f.range, c.modeProperty!.elementRange)) : [];
      }
      case 'certificate': return all.filter((f) => within(f.range, node.resolution.entry.range));
    }
  }

  private describe(node: SenderAuthNode): vscode.TreeItem {
    const findings = this.findingsOf(node);
    const top = worst(findings);
    const colour = top ? COLOUR[top.severity] : undefined;
    const icon = (id: string): vscode.ThemeIcon => new vscode.ThemeIcon(id, colour ? new vscode.ThemeColor(colour) : undefined);
    let item: vscode.TreeItem;
    switch (node.kind) {
      case 'iflow': {
        const n = node.doc.channels.length;
        item = new vscode.TreeItem(node.doc.iflowName, vscode.TreeItemCollapsibleState.Expanded);
        item.description = node.doc.error ? 'cannot be read' : plural(n, 'sender channel');
        item.iconPath = node.doc.error ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) : icon('symbol-event');
        item.resourceUri = vscode.Uri.parse(node.doc.file);
        item.contextValue = 'iflow';
        break;
      }
      case 'channel': {
        const c = node.channel;
        const hasChildren = c.authorization !== 'none';
        item = new vscode.TreeItem(c.name || c.id, hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        const detail = c.authorization === 'userRole' ? (c.role ? `${c.role}${c.roleImplicit ? ' (implicit)' : ''}` : 'no role')
          : c.authorization === 'clientCertificate' ? plural(c.certificates.length, 'certificate')
          : c.authorization === 'externalized' ? (c.modeProperty?.value ?? '') : c.authorization === 'unknown' ? (c.modeValue ?? '') : '';
        item.description = [c.adapter, MODE_LABEL[c.authorization], detail, describeEndpoint(c.endpoint)].filter(Boolean).join(' · ');
        item.iconPath = icon(MODE_ICON[c.authorization]);
        item.contextValue = `channel.${c.authorization}`;
        break;
      }
      case 'role': {
        const c = node.channel;
        const raw = c.roleProperty?.value ?? '';
        item = new vscode.TreeItem(c.role ? c.role : raw || '(no role)', vscode.TreeItemCollapsibleState.None);
        item.description = c.roleImplicit ? 'role · implicit: none set, the runtime’s default applies' : raw !== (c.role ?? raw) ? `role · ${raw}` : 'role';
        item.iconPath = icon('person');
        item.contextValue = 'role';
        break;
      }
      case 'certificate': {
        const r = node.resolution;
        const cert = r.certificate;
        const subject = cert?.subject ?? redactKeyMaterial(r.subjectDN.value);
        const issuer = cert?.issuer ?? redactKeyMaterial(r.issuerDN.value);
        item = new vscode.TreeItem(cert?.commonName ?? commonNameOf(subject) ?? (subject || '(empty Subject DN)'), vscode.TreeItemCollapsibleState.None);
        const now = this.workspace.ruleContext().options.now;
        const status = cert ? (cert.notBefore.getTime() > now.getTime() ? describeStart(cert.notBefore, now) : describeExpiry(cert.notAfter, now))
          : r.subjectDN.unresolved.length || r.issuerDN.unresolved.length ? 'externalized'
          : subject.trim() === '' || issuer.trim() === '' ? 'empty entry' : 'certificate not found';
        // The load balancer's view of the chain: marked when it would not forward the certificate.
        const mark = cert && hasChainToJudge(cert) ? chainMark(this.chainOf(r)) : undefined;
        item.description = [commonNameOf(issuer) ?? issuer, status, mark].filter(Boolean).join(' · ');
        item.iconPath = icon(cert ? (mark ? 'unverified' : 'verified') : 'unverified');
        // `.resolved`: a certificate is known, so it can be renewed.
        item.contextValue = cert ? 'certificateEntry.resolved' : 'certificateEntry';
        break;
      }
    }
    item.tooltip = this.tooltip(node, findings);
    return item;
  }

  private chainOf(r: EntryResolution) {
    return this.workspace.ruleContext().chains.chainOf(r.certificate!, r.embedded?.decoded.certificates.filter((c) => c !== r.certificate));
  }

  private tooltip(node: SenderAuthNode, findings: Finding[]): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    if (node.kind === 'certificate') {
      const r = node.resolution;
      md.appendMarkdown(`**Subject** ${escapeMarkdown(r.certificate?.subject ?? redactKeyMaterial(r.subjectDN.value))}\n\n**Issuer** ${escapeMarkdown(r.certificate?.issuer ?? redactKeyMaterial(r.issuerDN.value))}\n\n`);
      if (r.certificate && hasChainToJudge(r.certificate)) md.appendMarkdown(`**Chain** ${escapeMarkdown(chainSummary(this.chainOf(r), this.workspace.ruleContext().chains.trust))}\n\n`);
    } else if (node.kind === 'channel') {
      const c = node.channel;
      md.appendMarkdown(`**${escapeMarkdown(c.name)}** (${escapeMarkdown(c.adapter)}${c.adapterVersion ? ` ${escapeMarkdown(c.adapterVersion)}` : ''}): ${MODE_LABEL[c.authorization]}\n\n`);
      const endpoint = describeEndpoint(c.endpoint);
      if (endpoint) md.appendMarkdown(`Endpoint: ${escapeMarkdown(endpoint)}\n\n`);
      if (c.authorizationKeys?.on === 'participant') {
        md.appendMarkdown(`Authorization set on the sender participant ${escapeMarkdown(c.participant?.name || c.participant?.id || '')} (${escapeMarkdown(c.authorizationKeys.modeKey)}), as older adapter versions keep it.\n\n`);
      }
    } else if (node.kind === 'iflow') {
      md.appendMarkdown(`**${escapeMarkdown(node.doc.iflowName)}** (${escapeMarkdown(node.doc.iflowId)})\n\n`);
    }
    for (const f of findings) md.appendMarkdown(`- ${f.severity}: ${escapeMarkdown(f.message)}\n`);
    return md;
  }
}
