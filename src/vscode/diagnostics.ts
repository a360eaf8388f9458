import * as vscode from 'vscode';
import type { Severity } from '../core/model';
import { ruleDocUrl } from '../core/rules/registry';
import type { Finding } from '../core/rules/types';
import type { SenderAuthWorkspace } from './model';
import { RangeConverter } from './positions';

export const DIAGNOSTIC_SOURCE = 'iflow-auth';

const severity: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Publishes the workspace's findings as diagnostics, for every iFlow (open or not) and the mapping file. */
export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly ranges = new RangeConverter();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly workspace: SenderAuthWorkspace) {
    this.subscription = workspace.onDidChange(() => this.publish());
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }

  publish(): void {
    const entries: Array<[vscode.Uri, vscode.Diagnostic[]]> = [];
    for (const [file, findings] of this.workspace.allFindings()) {
      const owner = this.workspace.document(file) ?? this.workspace.mappingFile();
      if (!owner) continue;
      entries.push([vscode.Uri.parse(file), findings.map((f) => this.toDiagnostic(owner, f))]);
    }
    this.collection.clear();
    this.collection.set(entries);
  }

  private toDiagnostic(owner: { text: string }, f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(this.ranges.toRange(owner, owner.text, f.range), f.message, severity[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.rule, target: vscode.Uri.parse(ruleDocUrl(f.rule)) };
    if (f.related?.length) {
      d.relatedInformation = f.related.map((r) => {
        const relatedText = r.file === f.file ? owner.text : this.workspace.document(r.file)?.text ?? (this.workspace.mappingFile()?.file === r.file ? this.workspace.mappingFile()!.text : undefined);
        const range = r.range && relatedText !== undefined ? this.ranges.toRangeInText(relatedText, r.range) : new vscode.Range(0, 0, 0, 0);
        return new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(r.file), range), r.message);
      });
    }
    return d;
  }
}
