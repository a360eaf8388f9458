import * as vscode from 'vscode';
import { describeAccessChange } from '../core/access';
import type { FileEdit, FixPlan } from '../core/edits/types';
import { isNoQuestion } from '../core/fixes';
import { readText } from './model';
import { RangeConverter } from './positions';
import type { Prompter } from './prompts';

/** What a plan's files looked like when it was computed: open documents by version, others by text. */
export interface PlanSnapshot {
  plan: FixPlan;
  versions: Record<string, number>;
}

function openDocument(file: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === file);
}


/** Records the version of every open document a plan touches. */
export function snapshot(plan: FixPlan): PlanSnapshot {
  const versions: Record<string, number> = {};
  for (const f of plan.files) {
    const doc = openDocument(f.file);
    if (doc) versions[f.file] = doc.version;
  }
  return { plan, versions };
}

/**
 * Why a plan must not be applied now: a file changed since the plan was computed (typed in, or
 * changed on disk), or a file to create appeared meanwhile. Undefined when it is current.
 */
export async function staleReason({ plan, versions }: PlanSnapshot): Promise<string | undefined> {
  for (const f of plan.files) {
    const doc = openDocument(f.file);
    const name = vscode.workspace.asRelativePath(vscode.Uri.parse(f.file), false);
    if (doc && versions[f.file] !== undefined && doc.version !== versions[f.file]) return `${name} was edited after the fix was computed`;
    const current = doc ? doc.getText() : await readText(f.file);
    if (f.create ? current !== undefined : current !== f.baseText) return `${name} changed since the fix was computed`;
  }
  return undefined;
}

/** One WorkspaceEdit for the whole plan: one undo reverts every file, created files included. */
export function toWorkspaceEdit(plan: FixPlan, ranges = new RangeConverter()): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: plan.title, needsConfirmation: false };
  for (const f of plan.files) addFileEdit(edit, f, ranges, metadata);
  return edit;
}

function addFileEdit(edit: vscode.WorkspaceEdit, f: FileEdit, ranges: RangeConverter, metadata: vscode.WorkspaceEditEntryMetadata): void {
  const uri = vscode.Uri.parse(f.file);
  const base = f.create ? '' : f.baseText;
  if (f.create) edit.createFile(uri, { ignoreIfExists: false, overwrite: false }, metadata);
  for (const e of f.edits) {
    edit.replace(uri, ranges.toRangeInText(base, { start: e.start, end: e.end }), e.newText, metadata);
  }
}

/**
 * Applies a plan if nothing changed since it was computed; says why not otherwise. A plan that
 * changes who may call a channel is applied only after a modal question that lists who gains or
 * loses access. Returns whether it was applied.
 */
export async function applyPlan(snap: PlanSnapshot, prompter: Prompter, options: { quiet?: boolean } = {}): Promise<boolean> {
  let stale = await staleReason(snap);
  if (!stale && !isNoQuestion(snap.plan)) {
    const asked = await prompter.confirm({
      title: `${snap.plan.title}: this changes who may call the flow.`,
      detail: `${describeAccessChange(snap.plan.access).join('\n')}\n\nApply the fix?`,
      action: 'Apply',
    });
    if (!asked) return false;
    stale = await staleReason(snap);
  }
  if (stale) {
    void vscode.window.showWarningMessage(`iFlow Sender Auth: not applied: ${stale}. Run the fix again.`);
    return false;
  }
  // Load every existing file as a document first: the edit then lands in documents (dirty, for
  // the user to review and save, undoable together), never straight on disk behind their back.
  for (const f of snap.plan.files) if (!f.create) await vscode.workspace.openTextDocument(vscode.Uri.parse(f.file));
  const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(snap.plan));
  if (!applied) {
    void vscode.window.showErrorMessage(`iFlow Sender Auth: VS Code could not apply "${snap.plan.title}"; nothing was changed.`);
    return false;
  }
  if (!options.quiet && snap.plan.notes.length > 0) void vscode.window.showInformationMessage(snap.plan.notes.join(' '));
  return true;
}
