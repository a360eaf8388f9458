import * as vscode from 'vscode';
import { chainMark } from '../core/certs/chain';
import { hasChainToJudge } from '../core/certs/clientAuth';
import { commonNameOf } from '../core/certs/dn';
import type { CertificateInfo } from '../core/certs/types';
import { redactKeyMaterial } from '../core/channels';
import { describeEndpoint } from '../core/iflow/endpoint';
import { exportRootOf } from '../core/iflow/layout';
import type { MappingEntry, MappingFile } from '../core/mapping/types';
import type { IFlowDocument, SenderChannel, TextRange } from '../core/model';
import { plural } from '../core/plural';
import type { Caller } from '../core/project/project';
import { baseNameOf } from '../core/paths';
import { parentOf } from '../core/project/paths';
import type { EntryResolution } from '../core/resolve';
import type { Finding, RuleContext } from '../core/rules/types';
import { describeExpiry, describeStart } from '../core/time';
import { loadActions } from './actionsOnDemand';
import { byIFlowName, type SenderAuthWorkspace } from './model';
import { RangeConverter } from './positions';

/**
 * A node of the Sender Authorization view. `stale` marks the channels of an iFlow's last good
 * version, shown while the file is not well-formed (the user is typing).
 */
export type SenderAuthNode =
  | { kind: 'package'; id: string; label: string; folder: string; archive?: string; docs: IFlowDocument[]; collapsed?: boolean }
  | { kind: 'iflow'; doc: IFlowDocument; lastGood?: IFlowDocument; parent?: SenderAuthNode }
  | { kind: 'error'; doc: IFlowDocument; parent: SenderAuthNode }
  | { kind: 'channel'; doc: IFlowDocument; channel: SenderChannel; stale?: boolean; parent?: SenderAuthNode }
  | { kind: 'role'; doc: IFlowDocument; channel: SenderChannel; stale?: boolean; parent?: SenderAuthNode }
  | { kind: 'caller'; doc: IFlowDocument; channel: SenderChannel; caller: Caller; parent: SenderAuthNode }
  | { kind: 'certificate'; doc: IFlowDocument; channel: SenderChannel; resolution: EntryResolution; stale?: boolean; parent?: SenderAuthNode }
  | { kind: 'mappings'; mapping: MappingFile }
  | { kind: 'mapping'; mapping: MappingFile; entry: MappingEntry; parent: SenderAuthNode };

/** How a tree row names a channel's mode of authorization. */
export const MODE_LABEL: Record<SenderChannel['authorization'], string> = {
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

/** The value a node stands for, where clicking it takes the user (in the node's file). */
export function nodeRange(node: SenderAuthNode): TextRange {
  switch (node.kind) {
    case 'package': return { start: 0, end: 0 };
    case 'iflow': case 'error': return node.doc.error?.range ?? { start: 0, end: 0 };
    case 'channel': return node.channel.modeProperty?.range ?? node.channel.range;
    case 'role': return node.channel.roleProperty?.range ?? node.channel.modeProperty?.range ?? node.channel.range;
    case 'caller': return node.caller.entry.userRange;
    case 'certificate': return node.resolution.entry.subjectDN.range.end > node.resolution.entry.subjectDN.range.start ? node.resolution.entry.subjectDN.range : node.resolution.entry.range;
    case 'mappings': return node.mapping.error?.range ?? { start: 0, end: 0 };
    case 'mapping': return node.entry.userRange;
  }
}

/** A path as the user knows it: relative to its workspace folder (named only in a multi-root workspace). */
export function relativeName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** A certificate's state in a few words: "expires in 12 days", "expired 3 days ago", "valid from …". */
function validity(cert: CertificateInfo, now: Date): string {
  return cert.notBefore.getTime() > now.getTime() ? describeStart(cert.notBefore, now) : describeExpiry(cert.notAfter, now);
}

/** Up to this many packages (and EXPANDED_IFLOWS_AT_MOST iFlows), the tree opens with them expanded; beyond, collapsed. */
const EXPANDED_PACKAGES_AT_MOST = 10;
/** Up to this many iFlows, the tree opens with their channels shown; beyond, each iFlow (and package) collapsed. */
const EXPANDED_IFLOWS_AT_MOST = 50;

/** The "Sender Authorization" view's id (package.json contributes it). */
export const VIEW_ID = 'iflowAuth.senderAuthorization';

/**
 * "Sender Authorization" view: package (export folder or .zip) → iFlow → sender channel → role
 * with its callers (mapped users holding it) and certificate entries; a Certificate-User Mappings
 * node per mapping file. With a single package, its iFlows are the top level.
 */
export class SenderAuthTree implements vscode.TreeDataProvider<SenderAuthNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SenderAuthNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly ranges = new RangeConverter();
  /** Each iFlow's last well-formed version: shown, marked stale, while the file is broken. */
  private readonly lastGood = new Map<string, IFlowDocument>();
  /** How many iFlows bear each name, counted once per refresh (every iFlow row asks). */
  private namesCounted?: Map<string, number>;
  /** Whether the tree holds more iFlows than open expanded, decided once per refresh. */
  private manyIFlows?: boolean;
  /** While a first read reads the iFlows: how many it found (the tree holds those read so far). */
  private iflowsFound = 0;

  constructor(private readonly workspace: SenderAuthWorkspace) {
    const refresh = (): void => {
      this.rememberGoodVersions();
      this.namesCounted = undefined;
      this.manyIFlows = undefined;
      void vscode.commands.executeCommand('setContext', 'iflowAuth.hasIFlows', workspace.current.documents().length > 0);
      this.changed.fire(undefined);
    };
    this.subscription = vscode.Disposable.from(
      workspace.onDidChange(refresh),
      workspace.onDidReadSome((progress) => {
        this.iflowsFound = progress.found;
        refresh();
      }),
      workspace.onDidRead(() => {
        this.iflowsFound = 0;
        refresh();
      }),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private rememberGoodVersions(): void {
    const seen = new Set<string>();
    for (const doc of this.workspace.current.documents()) {
      seen.add(doc.file);
      if (!doc.error) this.lastGood.set(doc.file, doc);
    }
    for (const file of [...this.lastGood.keys()]) if (!seen.has(file)) this.lastGood.delete(file);
  }

  /** The package an iFlow belongs to: its `.zip` export, else the folder holding its export folder. */
  private packageOf(doc: IFlowDocument): { id: string; folder: string; archive?: string } {
    const archive = this.workspace.current.archiveOf(doc.file);
    if (archive) return { id: archive, folder: parentOf(archive) ?? archive, archive };
    const root = exportRootOf(doc.file);
    const folder = parentOf(root ?? doc.file) ?? doc.file;
    return { id: folder, folder };
  }

  private shown(doc: IFlowDocument): boolean {
    return doc.channels.length > 0 || Boolean(doc.error);
  }

  getChildren(node?: SenderAuthNode): SenderAuthNode[] {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'package': return node.docs.map((doc) => this.iflowNode(doc, node));
      case 'iflow': {
        if (node.lastGood) {
          return [{ kind: 'error', doc: node.doc, parent: node }, ...node.lastGood.channels.map((channel): SenderAuthNode => ({ kind: 'channel', doc: node.lastGood!, channel, stale: true, parent: node }))];
        }
        return node.doc.channels.map((channel) => ({ kind: 'channel', doc: node.doc, channel, parent: node }));
      }
      case 'channel': return this.channelChildren(node);
      case 'role': return this.workspace.current.callersOf(node.doc.file, node.channel).map((caller) => ({ kind: 'caller', doc: node.doc, channel: node.channel, caller, parent: node }));
      case 'mappings': return node.mapping.entries.map((entry) => ({ kind: 'mapping', mapping: node.mapping, entry, parent: node }));
      default: return [];
    }
  }

  private roots(): SenderAuthNode[] {
    const packages = new Map<string, SenderAuthNode & { kind: 'package' }>();
    for (const doc of this.workspace.current.documents().sort(byIFlowName)) {
      if (!this.shown(doc) && !this.lastGood.has(doc.file)) continue;
      const p = this.packageOf(doc);
      let node = packages.get(p.id);
      if (!node) {
        const label = p.archive ? baseNameOf(p.archive) : this.folderLabel(p.folder);
        packages.set(p.id, (node = { kind: 'package', id: p.id, label, folder: p.folder, archive: p.archive, docs: [] }));
      }
      node.docs.push(doc);
    }
    const mappings: SenderAuthNode[] = this.workspace.current.mappingFiles().map((mapping) => ({ kind: 'mappings', mapping }));
    if (packages.size <= 1) {
      const only = [...packages.values()][0];
      return [...(only ? only.docs.map((doc) => this.iflowNode(doc)) : []), ...mappings];
    }
    // A repository of many packages or iFlows opens as its list of packages (each opened on demand),
    // not as every channel of every iFlow at once: a person reads it that way, and a refresh sends
    // only the rows shown. While a first read is under way, the iFlows it found count, so the view
    // opens as it will stay.
    if (packages.size > EXPANDED_PACKAGES_AT_MOST || this.hasManyIFlows()) for (const node of packages.values()) node.collapsed = true;
    return [...[...packages.values()].sort((a, b) => a.label.localeCompare(b.label)), ...mappings];
  }

  private hasManyIFlows(): boolean {
    this.manyIFlows ??= Math.max(this.workspace.current.documents().length, this.iflowsFound) > EXPANDED_IFLOWS_AT_MOST;
    return this.manyIFlows;
  }

  private iflowsNamed(name: string): number {
    if (!this.namesCounted) {
      this.namesCounted = new Map();
      for (const d of this.workspace.current.documents()) this.namesCounted.set(d.iflowName, (this.namesCounted.get(d.iflowName) ?? 0) + 1);
    }
    return this.namesCounted.get(name) ?? 0;
  }

  /** A folder as the user knows it: relative to its workspace folder, or the workspace folder's name. */
  private folderLabel(folder: string): string {
    const uri = vscode.Uri.parse(folder);
    const root = vscode.workspace.getWorkspaceFolder(uri);
    if (root && root.uri.toString() === uri.toString()) return root.name;
    return relativeName(uri);
  }

  private iflowNode(doc: IFlowDocument, parent?: SenderAuthNode): SenderAuthNode {
    const lastGood = doc.error ? this.lastGood.get(doc.file) : undefined;
    return { kind: 'iflow', doc, lastGood: lastGood && lastGood !== doc ? lastGood : undefined, parent };
  }

  private channelChildren(node: SenderAuthNode & { kind: 'channel' }): SenderAuthNode[] {
    const { doc, channel, stale } = node;
    if (channel.authorization === 'none') return [];
    const children: SenderAuthNode[] = [];
    if (channel.authorization !== 'clientCertificate') children.push({ kind: 'role', doc, channel, stale, parent: node });
    if (channel.authorization !== 'userRole') {
      for (const resolution of this.workspace.current.resolvedEntries(doc, channel)) {
        children.push({ kind: 'certificate', doc, channel, resolution, stale, parent: node });
      }
    }
    return children;
  }

  getParent(node: SenderAuthNode): SenderAuthNode | undefined {
    return 'parent' in node ? node.parent : undefined;
  }

  /** The file a node stands in, and its text (for the click's range). */
  private fileOf(node: SenderAuthNode): { file: string; owner: object; text: string } | undefined {
    switch (node.kind) {
      case 'package': return undefined;
      case 'mappings': case 'mapping': return { file: node.mapping.file, owner: node.mapping, text: node.mapping.text };
      case 'caller': {
        const mapping = this.workspace.current.mappingFile(node.caller.mappingFile);
        return mapping ? { file: mapping.file, owner: mapping, text: mapping.text } : undefined;
      }
      default: {
        // A stale node's offsets are those of the last good text: it reveals the error instead.
        if ('stale' in node && node.stale) {
          const current = this.workspace.current.document(node.doc.file);
          return current ? { file: current.file, owner: current, text: current.text } : undefined;
        }
        return { file: node.doc.file, owner: node.doc, text: node.doc.text };
      }
    }
  }

  getTreeItem(node: SenderAuthNode): vscode.TreeItem {
    const item = this.describe(node);
    const target = this.fileOf(node);
    if (target) {
      const stale = 'stale' in node && node.stale;
      const range = stale ? this.workspace.current.document(node.doc.file)?.error?.range ?? { start: 0, end: 0 } : nodeRange(node);
      item.command = {
        command: 'iflowAuth.reveal',
        title: 'Reveal in Editor',
        arguments: [vscode.Uri.parse(target.file), this.ranges.toRange(target.owner, target.text, range)],
      };
    }
    return item;
  }

  /** Findings that sit on this node's part of its file. */
  findingsOf(node: SenderAuthNode, which: 'shown' | 'exempted' = 'shown'): Finding[] {
    if ('stale' in node && node.stale) return [];
    const of = (file: string): Finding[] => (which === 'shown' ? this.workspace.findings(file) : this.workspace.exemptedFindings(file));
    switch (node.kind) {
      case 'package': return node.docs.flatMap((doc) => of(doc.file));
      case 'iflow': return of(node.doc.file);
      case 'error': return of(node.doc.file).filter((f) => f.rule === 'invalid-iflow');
      case 'channel': {
        // Older adapter versions keep the authorization on the sender participant: its findings are the channel's too.
        const c = node.channel;
        const participant = c.authorizationKeys?.on === 'participant' ? c.participant?.elementRange : undefined;
        return of(node.doc.file).filter((f) => within(f.range, c.elementRange) || (participant !== undefined && within(f.range, participant) && f.channel === (c.name || c.id)));
      }
      case 'role': {
        const c = node.channel;
        const all = of(node.doc.file);
        if (c.roleProperty) return all.filter((f) => within(f.range, c.roleProperty!.elementRange));
        // An implicit role has no value of its own: its findings sit on the mode value.
        return c.roleImplicit && c.modeProperty ? all.filter((f) => f.rule === 'generic-user-role' && within(f.range, c.modeProperty!.elementRange)) : [];
      }
      case 'caller': return of(node.caller.mappingFile).filter((f) => within(f.range, node.caller.entry.range));
      case 'certificate': return of(node.doc.file).filter((f) => within(f.range, node.resolution.entry.range));
      case 'mappings': return of(node.mapping.file);
      case 'mapping': return of(node.mapping.file).filter((f) => within(f.range, node.entry.range));
    }
  }

  private now(file: string): Date {
    return this.workspace.current.ruleContextFor(file).options.now;
  }

  private describe(node: SenderAuthNode): vscode.TreeItem {
    // Exempted findings do not colour the node (its tooltip lists them with their reasons).
    const findings = this.findingsOf(node);
    const top = worst(findings);
    const colour = top ? COLOUR[top.severity] : undefined;
    const icon = (id: string): vscode.ThemeIcon => new vscode.ThemeIcon(id, colour ? new vscode.ThemeColor(colour) : undefined);
    const { Expanded, Collapsed, None } = vscode.TreeItemCollapsibleState;
    let item: vscode.TreeItem;
    switch (node.kind) {
      case 'package': {
        item = new vscode.TreeItem(node.label, node.collapsed ? Collapsed : Expanded);
        item.description = [plural(node.docs.length, 'iFlow'), node.archive ? 'read-only export' : ''].filter(Boolean).join(' · ');
        item.iconPath = icon(node.archive ? 'file-zip' : 'package');
        item.contextValue = node.archive ? 'package.archive' : 'package';
        break;
      }
      case 'iflow': {
        const doc = node.doc;
        const archive = this.workspace.current.archiveOf(doc.file);
        item = new vscode.TreeItem(doc.iflowName, this.hasManyIFlows() ? Collapsed : Expanded);
        const collides = this.iflowsNamed(doc.iflowName) > 1;
        const where = collides ? relativeName(vscode.Uri.parse(exportRootOf(doc.file) ?? doc.file)) : '';
        const state = doc.error ? (node.lastGood ? 'not well-formed · showing the last good version' : 'not well-formed') : plural(doc.channels.length, 'sender channel');
        item.description = [state, where, archive ? 'read-only' : ''].filter(Boolean).join(' · ');
        item.iconPath = doc.error ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) : icon('symbol-event');
        if (!archive) item.resourceUri = vscode.Uri.parse(doc.file);
        item.contextValue = archive ? 'iflow.readonly' : 'iflow';
        break;
      }
      case 'error': {
        item = new vscode.TreeItem(node.doc.error?.message ?? 'not well-formed', None);
        item.description = 'the channels below are from the last good version';
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
        item.contextValue = 'parseError';
        break;
      }
      case 'channel': {
        const c = node.channel;
        item = new vscode.TreeItem(c.name || c.id, c.authorization !== 'none' ? Expanded : None);
        const detail = c.authorization === 'userRole' ? (c.role ? `${c.role}${c.roleImplicit ? ' (implicit)' : ''}` : 'no role')
          : c.authorization === 'clientCertificate' ? plural(c.certificates.length, 'certificate')
          : c.authorization === 'externalized' ? (c.modeProperty?.value ?? '') : c.authorization === 'unknown' ? (c.modeValue ?? '') : '';
        item.description = [node.stale ? 'stale' : '', c.adapter, MODE_LABEL[c.authorization], detail, describeEndpoint(c.endpoint)].filter(Boolean).join(' · ');
        item.iconPath = node.stale ? new vscode.ThemeIcon('history') : icon(MODE_ICON[c.authorization]);
        const readonly = this.workspace.current.archiveOf(node.doc.file) !== undefined;
        item.contextValue = `channel.${c.authorization}${node.stale || readonly ? '.readonly' : ''}`;
        break;
      }
      case 'role': {
        const c = node.channel;
        const raw = c.roleProperty?.value ?? '';
        const callers = node.stale ? 0 : this.workspace.current.callersOf(node.doc.file, c).length;
        item = new vscode.TreeItem(c.role ? c.role : raw || '(no role)', callers > 0 ? Expanded : None);
        item.description = c.roleImplicit ? 'role · implicit: none set, the runtime’s default applies' : raw !== (c.role ?? raw) ? `role · ${raw}` : 'role';
        item.iconPath = icon('person');
        item.contextValue = 'role';
        break;
      }
      case 'caller': {
        const { caller } = node;
        const cert = caller.certificate;
        item = new vscode.TreeItem(caller.user || '(no user)', None);
        item.description = cert
          ? [cert.commonName ?? cert.subject, validity(cert, this.now(node.doc.file))].join(' · ')
          : caller.entry.subjectDN ? `${commonNameOf(caller.entry.subjectDN) ?? caller.entry.subjectDN} · certificate not imported` : 'no certificate';
        item.iconPath = icon('account');
        item.contextValue = 'caller';
        break;
      }
      case 'certificate': {
        const r = node.resolution;
        const cert = r.certificate;
        const subject = cert?.subject ?? redactKeyMaterial(r.subjectDN.value);
        const issuer = cert?.issuer ?? redactKeyMaterial(r.issuerDN.value);
        item = new vscode.TreeItem(cert?.commonName ?? commonNameOf(subject) ?? (subject || '(empty Subject DN)'), None);
        const status = cert ? validity(cert, this.now(node.doc.file))
          : r.subjectDN.unresolved.length || r.issuerDN.unresolved.length ? 'externalized'
          : subject.trim() === '' || issuer.trim() === '' ? 'empty entry' : 'certificate not found';
        // The load balancer's view of the chain: marked when it would not forward the certificate.
        const mark = cert && hasChainToJudge(cert) ? chainMark(this.chainOf(node.doc.file, r)) : undefined;
        item.description = [commonNameOf(issuer) ?? issuer, status, mark].filter(Boolean).join(' · ');
        item.iconPath = icon(cert ? (mark ? 'unverified' : 'verified') : 'unverified');
        // `.resolved`: a certificate is known, so it can be renewed; `.readonly`: inside a zip, or stale.
        item.contextValue = node.stale ? 'certificateEntry.readonly' : cert ? 'certificateEntry.resolved' : 'certificateEntry';
        break;
      }
      case 'mappings': {
        const m = node.mapping;
        item = new vscode.TreeItem('Certificate-User Mappings', m.entries.length > 0 ? Collapsed : None);
        const several = this.workspace.current.mappingFiles().length > 1;
        item.description = [m.error ? 'not valid' : plural(m.entries.length, 'mapping'), several ? relativeName(vscode.Uri.parse(m.file)) : ''].filter(Boolean).join(' · ');
        item.iconPath = icon('references');
        item.resourceUri = vscode.Uri.parse(m.file);
        item.contextValue = 'mappings';
        break;
      }
      case 'mapping': {
        const e = node.entry;
        const cert = e.decoded;
        item = new vscode.TreeItem(e.user || '(no user)', None);
        const certText = cert ? `${cert.commonName ?? cert.subject} · ${validity(cert, this.now(node.mapping.file))}`
          : e.certificateError ? 'certificate does not decode' : e.subjectDN ? `${commonNameOf(e.subjectDN) ?? e.subjectDN} · certificate not imported` : 'no certificate';
        item.description = [e.roles.join(', ') || 'no roles', certText].join(' · ');
        item.iconPath = icon(cert ? 'verified' : 'unverified');
        // Only an entry with a certificate can be renewed (the context menu's Renew Certificate…).
        item.contextValue = cert ? 'mapping.certificate' : 'mapping';
        break;
      }
    }
    return item;
  }

  /**
   * A row's tooltip, made when the user points at the row (VS Code asks then), not for every row a
   * refresh sends; its code loads with the actions' chunk (treeTooltip.ts).
   */
  async resolveTreeItem(item: vscode.TreeItem, node: SenderAuthNode): Promise<vscode.TreeItem> {
    const { treeTooltip } = await loadActions();
    item.tooltip = treeTooltip(node, this.findingsOf(node), this.findingsOf(node, 'exempted'), (file, r) => this.chainOf(file, r), this.workspace.current);
    return item;
  }

  /** The certificate's chain as the rules judged it (the file's own rule context). */
  private chainOf(file: string, r: EntryResolution): ReturnType<RuleContext['chains']['chainOf']> {
    return this.workspace.current.ruleContextFor(file).chains.chainOf(r.certificate!, r.embedded?.decoded.certificates.filter((c) => c !== r.certificate));
  }

}
