import * as vscode from 'vscode';
import type { Severity } from '../core/model';
import { ruleDocUrl } from '../core/rules/registry';
import type { Finding, RuleId } from '../core/rules/types';
import type { SenderAuthWorkspace, WorkspaceChange } from './model';
import { RangeConverter } from './positions';

export const DIAGNOSTIC_SOURCE = 'iflow-auth';

/**
 * VS Code's extension host sends at most this many diagnostics of one file and drops the rest
 * without a word: a file with more keeps its most severe ones, and the count held back is kept.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

/**
 * At most this many diagnostics go in one `set([...entries])` call: the host sends at most 1,100
 * per call and drops the rest. Files go in chunks up to it: one call per file would cost a round
 * trip to the window each (seconds at 2,000 files).
 */
export const MAX_DIAGNOSTICS_PER_CALL = 1000;

const severity: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};
const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Publishes the findings as diagnostics, for every iFlow (open or not) and mapping file: the files
 * whose findings changed, in `set([...entries])` calls of at most MAX_DIAGNOSTICS_PER_CALL
 * diagnostics. (One call with all would cross the host's limit of 1,100 diagnostics per call, past
 * which it silently drops them.)
 */
export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly ranges = new RangeConverter();
  private readonly subscription: vscode.Disposable;
  private readonly heldBack = new Map<string, number>();

  constructor(private readonly workspace: SenderAuthWorkspace) {
    this.subscription = workspace.onDidChange((change) => this.publish(change));
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }

  /** Findings not shown because their file has more than VS Code shows, by file. */
  heldBackCounts(): ReadonlyMap<string, number> {
    return this.heldBack;
  }

  publish(change: WorkspaceChange = { changed: [], all: true }): void {
    if (change.all) {
      this.collection.clear();
      this.heldBack.clear();
    }
    const files = change.all ? this.workspace.current.findingsByFiles().keys() : change.changed;
    let chunk: Array<[vscode.Uri, vscode.Diagnostic[]]> = [];
    let inChunk = 0;
    for (const file of files) {
      const uri = vscode.Uri.parse(file);
      const diagnostics = this.diagnosticsOf(file);
      if (diagnostics === undefined) {
        if (!change.all) this.collection.delete(uri);
        continue;
      }
      if (inChunk + diagnostics.length > MAX_DIAGNOSTICS_PER_CALL && chunk.length > 0) {
        this.collection.set(chunk);
        chunk = [];
        inChunk = 0;
      }
      chunk.push([uri, diagnostics]);
      inChunk += diagnostics.length;
    }
    if (chunk.length > 0) this.collection.set(chunk);
  }

  /** A file's diagnostics, the most severe MAX_DIAGNOSTICS_PER_FILE; undefined when it has none. */
  private diagnosticsOf(file: string): vscode.Diagnostic[] | undefined {
    const findings = this.workspace.findings(file);
    const owner = this.ownerOf(file);
    if (!owner || findings.length === 0) {
      this.heldBack.delete(file);
      return undefined;
    }
    let shown = findings;
    if (findings.length > MAX_DIAGNOSTICS_PER_FILE) {
      shown = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]).slice(0, MAX_DIAGNOSTICS_PER_FILE);
      this.heldBack.set(file, findings.length - shown.length);
    } else {
      this.heldBack.delete(file);
    }
    return shown.map((f) => this.toDiagnostic(owner, f));
  }

  /** The object holding a file's text as the model read it: an iFlow, a mapping or a configuration file. */
  private ownerOf(file: string): { text: string } | undefined {
    const project = this.workspace.current;
    return project.document(file) ?? project.mappingFile(file) ?? project.configFile(file);
  }

  private readonly ruleDocs = new Map<RuleId, vscode.Uri>();

  private ruleDoc(rule: RuleId): vscode.Uri {
    let uri = this.ruleDocs.get(rule);
    if (!uri) this.ruleDocs.set(rule, (uri = vscode.Uri.parse(ruleDocUrl(rule))));
    return uri;
  }

  private toDiagnostic(owner: { text: string }, f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(this.ranges.toRange(owner, owner.text, f.range), f.message, severity[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.rule, target: this.ruleDoc(f.rule) };
    // "resolved from this certificate file" says nothing the hover on the entry does not (where the
    // certificate was found), and would add a row per finding to the Problems panel.
    const related = f.related?.filter((r) => !r.foundAt);
    if (related?.length) {
      d.relatedInformation = related.map((r) => {
        const relatedOwner = r.file === f.file ? owner : this.ownerOf(r.file);
        const range = r.range && relatedOwner ? this.ranges.toRange(relatedOwner, relatedOwner.text, r.range) : new vscode.Range(0, 0, 0, 0);
        return new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.file), range), r.message);
      });
    }
    return d;
  }
}
