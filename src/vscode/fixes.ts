import * as vscode from 'vscode';
import { describeAccessChange } from '../core/access';
import { applyFileEdit, minimalEdit, type FileEdit, type FixPlan } from '../core/edits/types';
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

const openText = (file: string): string | undefined => openDocument(file)?.getText();

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
    // A file to create: only the disk tells whether it appeared (a document may outlive its
    // deleted file, with the old text).
    const current = !f.create && doc ? doc.getText() : await readText(f.file);
    if (f.create ? current !== undefined : current !== f.baseText) return `${name} changed since the fix was computed`;
  }
  return undefined;
}

/** Whether a plan spans files (or creates one): such a plan goes through the Refactor Preview. */
export const spansFiles = (plan: FixPlan): boolean => new Set(plan.files.map((f) => f.file)).size > 1 || plan.files.some((f) => f.create);

/**
 * One WorkspaceEdit for the whole plan: one undo reverts every file, created files included.
 * `needsConfirmation` makes VS Code show its Refactor Preview before anything is changed; every
 * entry then starts unchecked, under one category named after the fix.
 */
export function toWorkspaceEdit(plan: FixPlan, ranges = new RangeConverter(), needsConfirmation = false): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: plan.title, needsConfirmation };
  for (const f of plan.files) addFileEdit(edit, f, ranges, metadata);
  return edit;
}

function addFileEdit(edit: vscode.WorkspaceEdit, f: FileEdit, ranges: RangeConverter, metadata: vscode.WorkspaceEditEntryMetadata): void {
  const uri = vscode.Uri.parse(f.file);
  if (f.create) {
    // Created with its content: one file operation, which one undo deletes again.
    edit.createFile(uri, { ignoreIfExists: false, overwrite: false, contents: new TextEncoder().encode(applyFileEdit(f)) }, metadata);
    return;
  }
  const base = f.baseText;
  for (const e of f.edits) {
    edit.replace(uri, ranges.toRangeInText(base, { start: e.start, end: e.end }), e.newText, metadata);
  }
}

const relative = (file: string): string => vscode.workspace.asRelativePath(vscode.Uri.parse(file), false);

/**
 * What the files hold after VS Code applied (some of) a plan: per file, whether it has the
 * plan's result, still its text from before, or neither.
 */
async function outcome(plan: FixPlan): Promise<Array<{ file: FileEdit; state: 'applied' | 'untouched' | 'other' }>> {
  const out: Array<{ file: FileEdit; state: 'applied' | 'untouched' | 'other' }> = [];
  for (const f of plan.files) {
    const now = openText(f.file) ?? (await readText(f.file));
    const before = f.create ? undefined : f.baseText;
    out.push({ file: f, state: now === applyFileEdit(f) ? 'applied' : now === before ? 'untouched' : 'other' });
  }
  return out;
}

/**
 * Puts back the files of a plan that the Refactor Preview applied only in part (a file left
 * unchecked): the certificates moved out of an iFlow would otherwise be in no file at all.
 */
async function undoPart(applied: FileEdit[]): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  for (const f of applied) {
    const uri = vscode.Uri.parse(f.file);
    if (f.create) {
      edit.deleteFile(uri, { ignoreIfNotExists: true });
      continue;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    const e = minimalEdit(text, f.baseText);
    edit.replace(uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
  }
  return vscode.workspace.applyEdit(edit, { isRefactoring: true });
}

/**
 * Applies a plan if nothing changed since it was computed; says why not otherwise. A plan that
 * changes who may call a channel is applied only after a modal question that lists who gains or
 * loses access. Returns whether it was applied.
 *
 * What is written when: a plan that edits one file changes its open document (the user saves
 * it). A plan that spans files (the iFlow and the mapping file, parameters.prop, a new
 * certificate file) opens VS Code's Refactor Preview first and changes nothing until the user
 * ticks the changes and applies them there; then VS Code saves every file it changed when
 * `files.refactoring.autoSave` is on (its default), so the files on disk never hold half a fix.
 * Either way one undo reverts every file. A plan applied only in part in the preview is put back.
 * `preview: false` skips the preview for a plan whose one file the user has just dictated.
 */
export async function applyPlan(snap: PlanSnapshot, prompter: Prompter, options: { quiet?: boolean; preview?: boolean } = {}): Promise<boolean> {
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
  const preview = options.preview ?? spansFiles(snap.plan);
  // Load every existing file as a document first: the edit lands in documents, undoable together.
  for (const f of snap.plan.files) if (!f.create) await vscode.workspace.openTextDocument(vscode.Uri.parse(f.file));
  if (preview) prompter.showingPreview(snap.plan.title, snap.plan.files.map((f) => relative(f.file)));
  const applied = await vscode.workspace.applyEdit(toWorkspaceEdit(snap.plan, undefined, preview), { isRefactoring: preview });
  const result = await outcome(snap.plan);
  const done = result.filter((r) => r.state === 'applied');
  if (preview && done.length > 0 && done.length < result.length) {
    const left = result.filter((r) => r.state !== 'applied').map((r) => relative(r.file.file));
    const undone = await undoPart(done.map((r) => r.file));
    void vscode.window.showWarningMessage(`iFlow Sender Auth: "${snap.plan.title}" changes its files only together, and the preview left out ${left.join(', ')}: ${undone ? 'the part that was applied is undone' : 'undo (Ctrl+Z) what was applied'}. Apply it again with every change ticked.`);
    return false;
  }
  if (!applied || done.length === 0) {
    // Discarded in the Refactor Preview: nothing to say. A single-file edit VS Code refused is worth a word.
    if (!preview) void vscode.window.showErrorMessage(`iFlow Sender Auth: VS Code could not apply "${snap.plan.title}"; nothing was changed.`);
    return false;
  }
  if (!options.quiet && snap.plan.notes.length > 0) void vscode.window.showInformationMessage(snap.plan.notes.join(' '));
  return true;
}
