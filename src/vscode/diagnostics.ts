import * as vscode from 'vscode';
import type { Severity } from '../core/model';
import { ruleDocUrl } from '../core/rules/registry';
import type { Finding } from '../core/rules/types';
import type { SenderAuthWorkspace, WorkspaceChange } from './model';
import { RangeConverter } from './positions';

export const DIAGNOSTIC_SOURCE = 'iflow-auth';

/**
 * VS Code's extension host sends at most this many diagnostics of one file and drops the rest
 * without a word: a file with more keeps its most severe ones, and the count held back is kept.
 */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

const severity: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};
const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Publishes the findings as diagnostics, for every iFlow (open or not) and mapping file: one
 * `set(uri, diagnostics)` per file whose findings changed. (One `set([...all])` call would cross
 * the host's limit of 1,100 diagnostics per call, past which it silently drops them.)
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
      for (const file of this.workspace.allFindings().keys()) this.publishFile(file);
    } else {
      for (const file of change.changed) this.publishFile(file);
    }
  }

  private publishFile(file: string): void {
    const uri = vscode.Uri.parse(file);
    const findings = this.workspace.findings(file);
    const project = this.workspace.current;
    const owner = project.document(file) ?? project.mappingFile(file) ?? project.configFile(file);
    if (!owner || findings.length === 0) {
      this.collection.delete(uri);
      this.heldBack.delete(file);
      return;
    }
    let shown = findings;
    if (findings.length > MAX_DIAGNOSTICS_PER_FILE) {
      shown = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]).slice(0, MAX_DIAGNOSTICS_PER_FILE);
      this.heldBack.set(file, findings.length - shown.length);
    } else {
      this.heldBack.delete(file);
    }
    this.collection.set(uri, shown.map((f) => this.toDiagnostic(owner, f)));
  }

  private toDiagnostic(owner: { text: string }, f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(this.ranges.toRange(owner, owner.text, f.range), f.message, severity[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.rule, target: vscode.Uri.parse(ruleDocUrl(f.rule)) };
    // "resolved from this certificate file" says nothing the hover on the entry does not (where the
    // certificate was found), and would add a row per finding to the Problems panel; a chain's
    // certificates, a first entry or the mapping file do add something.
    const related = f.related?.filter((r) => !r.provenance);
    if (related?.length) {
      d.relatedInformation = related.map((r) => {
        const relatedText = r.file === f.file ? owner.text : this.workspace.current.textOf(r.file);
        const range = r.range && relatedText !== undefined ? this.ranges.toRangeInText(relatedText, r.range) : new vscode.Range(0, 0, 0, 0);
        return new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.file), range), r.message);
      });
    }
    return d;
  }
}
