/**
 * *Exempt … from <rule>…*: a quick fix on any finding that records, in the `.iflow-auth.json`
 * governing the file, that the team accepts it — with the reason it asks for, and an optional
 * end date. The file gets one minimal edit (created when there is none) and is saved, so the
 * CLI in CI agrees at once; the finding then leaves the Problems panel.
 */
import * as vscode from 'vscode';
import { addExemption, exemptionFor } from '../core/config/edit';
import { CONFIG_FILE_RULES, isCalendarDate } from '../core/config/read';
import { CONFIG_FILE_NAME } from '../core/defaults';
import type { FixPlan } from '../core/edits/types';
import { folderOf } from '../core/paths';
import type { Finding } from '../core/rules/types';
import { codeOf } from './codeActions';
import { EXEMPT_COMMAND } from './commands';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { applyPlan, snapshot } from './fixes';
import { readText } from './model';
import { RangeConverter } from './positions';
import type { Prompter } from './prompts';

/** What the exemption fix needs of the workspace model. */
export interface ExemptionHost {
  /** The findings of a file the editor shows (not those exempted already). */
  findings(uri: string): Finding[];
  /** The project: the configuration file governing a file, if one exists. */
  readonly current: { configFileOf(uri: string): string | undefined };
  /** Brings the model up to date with open documents before a code action is computed. */
  catchUp?(): Promise<void>;
}

/** `channel "HTTPS_Orders" of Orders Inbound`, `user "ACME"`, `this file`: what the exemption covers. */
export function subjectOf(f: Finding): string {
  if (f.iflow !== undefined) return f.channel !== undefined ? `channel "${f.channel}" of ${f.iflow}` : f.iflow;
  if (f.user !== undefined) return `user "${f.user}"`;
  return 'this file';
}


/** One *Exempt … from <rule>…* action per finding of ours under the cursor. */
export class ExemptionCodeActions implements vscode.CodeActionProvider {
  private readonly ranges = new RangeConverter();

  constructor(private readonly host: ExemptionHost) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    await this.host.catchUp?.();
    const text = document.getText();
    const findings = this.host.findings(document.uri.toString()).filter((f) => !CONFIG_FILE_RULES.includes(f.rule));
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const code = codeOf(diagnostic);
      const finding = findings.find((f) => f.rule === code && this.ranges.toRangeInText(text, f.range).isEqual(diagnostic.range));
      if (!finding) continue;
      const action = new vscode.CodeAction(`Exempt ${subjectOf(finding)} from ${finding.rule}…`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      action.command = { command: EXEMPT_COMMAND, title: action.title, arguments: [finding] };
      actions.push(action);
    }
    return actions;
  }
}

/**
 * The command behind the quick fix: asks for the reason (required) and an end date (optional),
 * then adds the exemption to the governing configuration file, or to a new one in the file's
 * workspace folder. Resolves to whether the exemption was written.
 */
export async function exemptFinding(host: ExemptionHost, prompter: Prompter, finding: Finding): Promise<boolean> {
  const fileUri = vscode.Uri.parse(finding.file);
  const folder = vscode.workspace.getWorkspaceFolder(fileUri);
  const configFile = host.current.configFileOf(finding.file)
    ?? (folder ? vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME).toString() : undefined);
  if (configFile === undefined) {
    void vscode.window.showWarningMessage('iFlow Sender Auth: this file is not in a workspace folder, so there is no .iflow-auth.json to record the exemption in.');
    return false;
  }
  const title = `Exempt ${subjectOf(finding)} from ${finding.rule}`;
  const reason = await prompter.input({
    title: `${title}: reason`,
    prompt: 'Why is this finding accepted? (required: it is shown with the exempted finding, in the editor and in CI)',
    value: '',
    validate: (v) => (v.trim() === '' ? 'A reason is required' : undefined),
  });
  if (reason === undefined) return false;
  const until = await prompter.input({
    title: `${title}: until (optional)`,
    prompt: 'YYYY-MM-DD: the exemption holds through this day, then the finding is reported again. Empty: no end date.',
    value: '',
    validate: (v) => (v.trim() === '' || isCalendarDate(v.trim()) ? undefined : 'A date written YYYY-MM-DD, or nothing'),
  });
  if (until === undefined) return false;

  // The disk decides whether the file exists (a document may outlive its deleted file, with the
  // old text); unsaved edits of an existing file win over the disk.
  const onDisk = await readText(configFile);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === configFile && d.isDirty);
  const text = onDisk === undefined ? undefined : open ? open.getText() : onDisk;
  const result = addExemption(configFile, text, exemptionFor(finding, folderOf(configFile), reason.trim(), until.trim() || undefined));
  if ('refused' in result) {
    void vscode.window.showWarningMessage(`iFlow Sender Auth: the exemption was not written to ${vscode.workspace.asRelativePath(vscode.Uri.parse(configFile))}: ${result.refused}`);
    return false;
  }
  const plan: FixPlan = { id: `exempt:${finding.rule}`, title, rule: finding.rule, files: [result.edit], notes: [] };
  // One file, created or edited, holding what the user just typed (and saved at once below): no Refactor Preview.
  if (!(await applyPlan(snapshot(plan), prompter, { quiet: true, preview: false }))) return false;
  // Recorded decisions belong on disk at once: CI reads the same file.
  const saved = await vscode.workspace.openTextDocument(vscode.Uri.parse(configFile)).then((d) => d.save());
  if (!saved) void vscode.window.showWarningMessage(`iFlow Sender Auth: the exemption is in ${CONFIG_FILE_NAME} but the file could not be saved.`);
  return true;
}
