import * as vscode from 'vscode';
import type { Finding } from '../core/rules/types';
import { FIX_ALL_KIND } from './actionsOnDemand';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { snapshot, toWorkspaceEdit } from './fixes';
import type { SenderAuthWorkspace } from './model';
import { RangeConverter } from './positions';

/** A diagnostic's rule id. */
export const codeOf = (d: vscode.Diagnostic): string | undefined =>
  typeof d.code === 'object' && d.code !== null ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);

/**
 * Quick fixes for the iFlow diagnostics. Each fix is computed by the core on the current text;
 * it is applied through `iflowAuth.applyFix`, which refuses if any file changed meanwhile, so a
 * stale edit is never applied.
 */
export class SenderAuthCodeActions implements vscode.CodeActionProvider {
  private readonly ranges = new RangeConverter();

  constructor(private readonly workspace: SenderAuthWorkspace) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const uri = document.uri.toString();
    await this.workspace.catchUp();
    const project = this.workspace.current;
    const doc = project.document(uri);
    if (!doc || doc.error || project.archiveOf(uri) !== undefined) return [];
    const actions: vscode.CodeAction[] = [];

    if (context.only && FIX_ALL_KIND.intersects(context.only)) {
      const plan = await project.fixAllPlan(uri);
      if (plan) {
        const action = new vscode.CodeAction(plan.title, FIX_ALL_KIND);
        // Source actions on save must be edits; staleness cannot arise: they are computed right before the save.
        action.edit = toWorkspaceEdit(plan, this.ranges);
        actions.push(action);
      }
      return actions;
    }

    const findings = this.workspace.findings(uri);
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = this.findingOf(doc.text, findings, diagnostic);
      if (!finding) continue;
      for (const plan of await project.fixesFor(finding)) {
        const action = new vscode.CodeAction(plan.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = plan.preferred;
        action.command = { command: 'iflowAuth.applyFix', title: plan.title, arguments: [snapshot(plan)] };
        actions.push(action);
      }
      const channel = doc.channels.find((c) => c.elementRange.start <= finding.range.start && finding.range.start <= c.elementRange.end);
      if (finding.rule === 'client-certificate-authorization' && channel) {
        const reason = await project.whyNoMigration(uri, channel.id);
        if (reason) {
          const blocked = new vscode.CodeAction('Move the certificates to the certificate-user mapping and switch to User Role', vscode.CodeActionKind.QuickFix);
          blocked.diagnostics = [diagnostic];
          blocked.disabled = { reason };
          actions.push(blocked);
        } else {
          const ask = new vscode.CodeAction('Move to the certificate-user mapping under a user and role you choose…', vscode.CodeActionKind.QuickFix);
          ask.diagnostics = [diagnostic];
          ask.command = { command: 'iflowAuth.migrateChannel', title: ask.title, arguments: [document.uri, channel.id, { ask: true }] };
          actions.push(ask);
        }
      }
      if (finding.rule === 'certificate-not-found' && channel) {
        const entry = channel.certificates.find((e) => e.range.start <= finding.range.start && finding.range.start <= e.range.end);
        const action = new vscode.CodeAction('Import certificate…', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { command: 'iflowAuth.importCertificate', title: action.title, arguments: [{ iflow: document.uri, channelId: channel.id, entryIndex: entry?.index }] };
        actions.push(action);
      }
    }
    return actions;
  }

  /** The finding a diagnostic came from (same rule, same place). */
  private findingOf(text: string, findings: Finding[], diagnostic: vscode.Diagnostic): Finding | undefined {
    const code = codeOf(diagnostic);
    return findings.find((f) => f.rule === code && this.ranges.toRangeInText(text, f.range).isEqual(diagnostic.range));
  }
}
