import * as vscode from 'vscode';
import { CertificateIndex } from '../core/certs/certificateIndex';
import { decodeCertificates } from '../core/certs/decode';
import type { CertificateInfo, DecodedCertificates } from '../core/certs/types';
import { SignatureChecks } from '../core/certs/signatures';
import { parseTrustedRootsSetting, TrustStore } from '../core/certs/trustedRoots';
import { chainBuilder, createRuleContext, lintIFlow, lintMapping, lintWorkspace, withWorkspaceFindings } from '../core/engine';
import { EntryResolver } from '../core/resolve';
import { exportRootOf } from '../core/iflow/layout';
import { readMappingFile } from '../core/mapping/read';
import type { MappingFile } from '../core/mapping/types';
import type { IFlowDocument } from '../core/model';
import type { Finding, RuleContext } from '../core/rules/types';
import { IFlowLoader, isCertificatePath } from '../core/workspace';
import { lintOptions, readSettings, type ExtensionSettings } from './config';

const decoder = new TextDecoder('utf-8');

/** The text of a file as the user sees it: its open document (unsaved edits included), else the disk. */
export async function currentText(uri: string): Promise<string | undefined> {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.getText() ?? readText(uri);
}

/** Reads a file through `vscode.workspace.fs` (so remote and virtual workspaces work); undefined if missing. */
export async function readText(uri: string): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

const exists = (uri: vscode.Uri): Thenable<boolean> => vscode.workspace.fs.stat(uri).then(() => true, () => false);

export const isIFlowUri = (uri: vscode.Uri): boolean => uri.path.toLowerCase().endsWith('.iflw');

/**
 * Everything the editor shows, in one place: the workspace's iFlows (open documents win over
 * disk), its certificate files and the mapping file, with the findings of the last lint. The
 * diagnostics, the tree and the hover all read from here, so they always agree.
 */
export class SenderAuthWorkspace implements vscode.Disposable {
  private readonly iflows = new Map<string, IFlowDocument>();
  private readonly certificateFiles = new Map<string, DecodedCertificates>();
  /** The latest read of each certificate file (see readCertificateFile). */
  private readonly certificateReads = new Map<string, number>();
  private mapping?: MappingFile;
  /** Findings of the per-file rules, by file; findingsByFile adds those of the workspace-wide rules. */
  private fileFindings = new Map<string, Finding[]>();
  private findingsByFile = new Map<string, Finding[]>();
  private context?: RuleContext;
  /** Certificate files plus mapping certificates; undefined when they changed. */
  private index?: CertificateIndex;
  private loader = new IFlowLoader(currentText);
  /** The roots chains are judged against (the trustedRoots setting, its PEM files read). */
  private trust = TrustStore.fromSetting();
  /** Signature checks of chain links, kept across lint runs: each link is checked once. */
  private readonly signatures = new SignatureChecks();
  private verifying = false;
  private settings: ExtensionSettings = readSettings();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the findings were recomputed. */
  readonly onDidChange = this.changed.event;

  dispose(): void {
    this.changed.dispose();
  }

  get currentSettings(): ExtensionSettings {
    return this.settings;
  }

  /** The mapping file's URI in the first workspace folder (may not exist yet). */
  mappingUri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, this.settings.mappingFile) : undefined;
  }

  /** Scans the workspace from scratch: iFlows, certificate files, the mapping file. */
  async reloadAll(): Promise<void> {
    this.settings = readSettings();
    this.loader = new IFlowLoader(currentText);
    const [iflowUris, certUris] = await Promise.all([
      vscode.workspace.findFiles('**/*.iflw', '**/node_modules/**'),
      Promise.all(this.settings.certificateGlobs.map((g) => vscode.workspace.findFiles(g, '**/node_modules/**'))).then((l) => l.flat()),
    ]);
    this.iflows.clear();
    this.certificateFiles.clear();
    this.index = undefined;
    this.trust = await readTrustStore(this.settings.trustedRoots);
    await Promise.all(certUris.map((u) => this.readCertificateFile(u)));
    await this.readMapping();
    await Promise.all(iflowUris.map((u) => this.loadIFlow(u)));
    this.relint();
  }

  /** An iFlow changed (typed in an open editor, or on disk). Returns false if `isCurrent` says it went stale. */
  async updateIFlow(uri: vscode.Uri, text?: string, isCurrent: () => boolean = () => true): Promise<boolean> {
    let content = text ?? this.openText(uri) ?? (await readText(uri.toString()));
    // A clean document whose file is gone (deleted while a late change event was pending) is no
    // longer part of the workspace; unsaved work in a dirty one still is.
    if (content !== undefined && !this.isDirty(uri) && !(await exists(uri))) content = undefined;
    if (!isCurrent()) return false;
    if (content === undefined) {
      this.iflows.delete(uri.toString());
    } else {
      const doc = await this.loader.load(uri.toString(), content);
      if (!isCurrent()) return false;
      this.iflows.set(uri.toString(), doc);
    }
    this.relint([uri.toString()]);
    return true;
  }

  removeIFlow(uri: vscode.Uri): void {
    if (this.iflows.delete(uri.toString())) this.relint();
  }

  /** A folder appeared with its content (an export unzipped or copied in): read what is in it. */
  async addFolder(folder: vscode.Uri): Promise<void> {
    const [iflowUris, certUris] = await Promise.all([
      vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.iflw'), '**/node_modules/**'),
      Promise.all(this.settings.certificateGlobs.map((g) => vscode.workspace.findFiles(new vscode.RelativePattern(folder, g.replace(/^\*\*\//, '**/')), '**/node_modules/**'))).then((l) => l.flat()),
    ]);
    if (iflowUris.length === 0 && certUris.length === 0) return;
    await Promise.all(certUris.map((u) => this.readCertificateFile(u)));
    if (certUris.length > 0) this.index = undefined;
    await Promise.all(iflowUris.map((u) => this.loadIFlow(u)));
    this.relint();
  }

  /** A folder was deleted: forget the iFlows and certificate files that were under it. */
  removeUnder(folder: vscode.Uri): void {
    const prefix = `${folder.toString()}/`;
    let changed = false;
    for (const map of [this.iflows, this.certificateFiles] as Array<Map<string, unknown>>) {
      for (const key of [...map.keys()]) {
        if (key.startsWith(prefix)) {
          map.delete(key);
          changed = true;
        }
      }
    }
    if (changed) {
      this.index = undefined;
      this.relint();
    }
  }

  /** A certificate file was created, changed or deleted. */
  async updateCertificateFile(uri: vscode.Uri, deleted = false): Promise<void> {
    if (deleted) {
      this.certificateReads.set(uri.toString(), (this.certificateReads.get(uri.toString()) ?? 0) + 1);
      this.certificateFiles.delete(uri.toString());
    } else await this.readCertificateFile(uri);
    this.index = undefined;
    this.relint();
  }

  /** parameters.prop or a manifest changed: reload the iFlows of that export. */
  async updateCompanion(uri: vscode.Uri): Promise<void> {
    const affected = [...this.iflows.keys()].filter((k) => {
      const root = exportRootOf(k);
      return root !== undefined && uri.toString().startsWith(`${root}/`);
    });
    for (const k of affected) this.loader.invalidate(exportRootOf(k));
    await Promise.all(affected.map((k) => this.loadIFlow(vscode.Uri.parse(k))));
    this.relint();
  }

  /** The mapping file changed: `text` when known (typed, or read from disk), `deleted` when gone. */
  async updateMapping(text?: string, deleted = false): Promise<void> {
    if (deleted) this.mapping = undefined;
    else await this.readMapping(text);
    this.index = undefined;
    this.relint();
  }

  /** Settings changed: same files, new options. */
  async reconfigure(): Promise<void> {
    this.settings = readSettings();
    this.trust = await readTrustStore(this.settings.trustedRoots);
    this.index = undefined;
    this.relint();
  }

  documents(): IFlowDocument[] {
    return [...this.iflows.values()].sort((a, b) => a.iflowName.localeCompare(b.iflowName) || a.file.localeCompare(b.file));
  }

  document(uri: string): IFlowDocument | undefined {
    return this.iflows.get(uri);
  }

  mappingFile(): MappingFile | undefined {
    return this.mapping;
  }

  findings(uri: string): Finding[] {
    return this.findingsByFile.get(uri) ?? [];
  }

  allFindings(): ReadonlyMap<string, Finding[]> {
    return this.findingsByFile;
  }

  /** The rule context of the last lint (for the tree and hover, which must agree with it). */
  ruleContext(): RuleContext {
    return this.context ?? this.freshContext();
  }

  /**
   * A context for one lint run: the certificate index is kept until certificates or the mapping
   * change; the clock is read once per run, so a long-open editor still sees expiry move.
   */
  private freshContext(): RuleContext {
    if (!this.index) {
      const files = new CertificateIndex();
      for (const decoded of this.certificateFiles.values()) files.addDecoded(decoded);
      this.index = createRuleContext(lintOptions(this.settings), files, this.mapping).certificates;
    }
    const options = lintOptions(this.settings);
    return { options, certificates: this.index, mapping: this.mapping, resolver: new EntryResolver(this.index), chains: chainBuilder(this.index, options, { trust: this.trust, signatures: this.signatures }) };
  }

  /**
   * Recomputes findings: of `only` when nothing else changed, else of every file; the
   * workspace-wide rules always run over every iFlow (a change in one file can add or clear a
   * finding in another).
   */
  private relint(only?: string[]): void {
    const incremental = only !== undefined && this.index !== undefined && this.context !== undefined;
    const ctx = (this.context = this.freshContext());
    if (incremental) {
      for (const uri of only) {
        const doc = this.iflows.get(uri);
        if (doc) this.fileFindings.set(uri, lintIFlow(doc, ctx));
        else this.fileFindings.delete(uri);
      }
    } else {
      const next = new Map<string, Finding[]>();
      for (const [uri, doc] of this.iflows) next.set(uri, lintIFlow(doc, ctx));
      if (this.mapping) next.set(this.mapping.file, lintMapping(this.mapping, ctx));
      this.fileFindings = next;
    }
    this.findingsByFile = withWorkspaceFindings(this.fileFindings, lintWorkspace([...this.iflows.values()], ctx));
    this.changed.fire();
    this.verifySignaturesLater();
  }

  /**
   * Checks the signatures of the chain links the last lint followed by names and key ids, after
   * it (never on the typing path); lints again when one does not verify, as chains then change.
   */
  private verifySignaturesLater(): void {
    if (this.verifying || this.signatures.pendingCount === 0) return;
    this.verifying = true;
    setTimeout(() => {
      void this.signatures.verifyPending().then((invalid) => {
        this.verifying = false;
        if (invalid > 0) this.relint();
        else this.verifySignaturesLater();
      }, () => { this.verifying = false; });
    }, 0);
  }

  private isDirty(uri: vscode.Uri): boolean {
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty);
  }

  private openText(uri: vscode.Uri): string | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();
  }

  private async loadIFlow(uri: vscode.Uri): Promise<void> {
    const text = this.openText(uri) ?? (await readText(uri.toString()));
    if (text === undefined) this.iflows.delete(uri.toString());
    else this.iflows.set(uri.toString(), await this.loader.load(uri.toString(), text));
  }

  private async readCertificateFile(uri: vscode.Uri): Promise<void> {
    if (!isCertificatePath(uri.path)) return;
    const key = uri.toString();
    const read = (this.certificateReads.get(key) ?? 0) + 1;
    this.certificateReads.set(key, read);
    // Only the latest read counts: a file created by an edit is empty on disk while its document
    // already holds the certificate, and a slow disk read must not overwrite the document's text.
    const isCurrent = (): boolean => this.certificateReads.get(key) === read;
    try {
      // An open document wins (a certificate just imported is unsaved until the user saves it).
      const open = this.openText(uri);
      const bytes = open !== undefined ? new TextEncoder().encode(open) : await vscode.workspace.fs.readFile(uri);
      if (isCurrent()) this.certificateFiles.set(key, decodeCertificates(bytes, { file: key, kind: 'file' }));
    } catch {
      if (isCurrent()) this.certificateFiles.delete(key);
    }
  }

  /** Resolves when no signature check is waiting (tests and the tree's first render wait for it). */
  async signaturesChecked(): Promise<void> {
    while (this.verifying || this.signatures.pendingCount > 0) {
      if (!this.verifying) this.verifySignaturesLater();
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async readMapping(text?: string): Promise<void> {
    const uri = this.mappingUri();
    if (!uri) {
      this.mapping = undefined;
      return;
    }
    const content = text ?? this.openText(uri) ?? (await readText(uri.toString()));
    this.mapping = content === undefined ? undefined : readMappingFile(content, uri.toString());
  }
}

/**
 * The trust store of a `trustedRoots` setting: named sets, and PEM files or folders (relative to
 * the first workspace folder) read through `vscode.workspace.fs`. An unreadable path is skipped:
 * its roots are then not trusted, which the chain findings show.
 */
async function readTrustStore(setting: readonly string[]): Promise<TrustStore> {
  const { paths } = parseTrustedRootsSetting(setting);
  const folder = vscode.workspace.workspaceFolders?.[0];
  const files: Array<{ path: string; certificates: CertificateInfo[] }> = [];
  for (const p of paths) {
    const uri = /^[a-z][a-z0-9+.-]*:/i.test(p) ? vscode.Uri.parse(p) : folder ? vscode.Uri.joinPath(folder.uri, p) : undefined;
    if (!uri) continue;
    const stat = await vscode.workspace.fs.stat(uri).then((st) => st, () => undefined);
    const uris = stat && stat.type & vscode.FileType.Directory
      ? await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*.{pem,crt,cer,der}'))
      : stat ? [uri] : [];
    for (const u of uris) {
      const bytes = await vscode.workspace.fs.readFile(u).then((b) => b, () => undefined);
      if (bytes) files.push({ path: p, certificates: decodeCertificates(bytes, { file: u.toString(), kind: 'file' }).certificates });
    }
  }
  return TrustStore.fromSetting(setting, files);
}
