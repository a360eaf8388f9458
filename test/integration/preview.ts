import * as vscode from 'vscode';
import type { Prompter } from '../../src/vscode/prompts';
import { api, until } from './helpers';

/** Resolves when the extension hands a fix spanning files to VS Code's Refactor Preview (subscribed at once): its title and files. */
export function previewFrom(prompter: Prompter): Promise<{ title: string; files: string[] }> {
  return new Promise((resolve) => {
    const sub = prompter.onDidShow((p) => {
      if (p.kind !== 'preview') return;
      sub.dispose();
      resolve({ title: p.title, files: p.items });
    });
  });
}

/** The Refactor Preview holds one document per file it shows: the file as the fix would leave it. */
const PREVIEW_SCHEME = 'vscode-bulkeditpreview-editor';
export const previewDocuments = (): vscode.TextDocument[] => vscode.workspace.textDocuments.filter((d) => d.uri.scheme === PREVIEW_SCHEME);

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export type PreviewAnswer = { tick?: number[] } | 'discard';

/**
 * Answers the Refactor Preview with the workbench's own commands, as a keyboard user does. Every
 * change starts unchecked (the fix marks them as needing confirmation): ticking the fix's one
 * category ticks them all (grouped by type); `tick` ticks only the files listed at those indexes
 * (grouped by file). Then Apply — or Discard.
 */
async function answerPreview(files: number, answer: PreviewAnswer, attempt: number): Promise<Map<string, string>> {
  await until('the Refactor Preview to show every file', () => previewDocuments().length >= files);
  await pause(300 * attempt); // its tree fills in after the preview documents exist
  const shown = (): Map<string, string> => new Map(previewDocuments().map((d) => [d.uri.path, d.getText()]));
  if (answer === 'discard') {
    const previewed = shown();
    await vscode.commands.executeCommand('refactorPreview.discard');
    return previewed;
  }
  if (answer.tick === undefined) {
    await vscode.commands.executeCommand('refactorPreview.groupByType');
    await vscode.commands.executeCommand('refactorPreview.focus');
    await vscode.commands.executeCommand('list.focusFirst');
    await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
  } else {
    await vscode.commands.executeCommand('refactorPreview.groupByFile');
    await vscode.commands.executeCommand('refactorPreview.focus');
    await vscode.commands.executeCommand('list.collapseAll');
    await vscode.commands.executeCommand('list.focusFirst');
    for (let i = 0; i < files; i++) {
      if (answer.tick.includes(i)) await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
      if (i < files - 1) await vscode.commands.executeCommand('list.focusDown');
    }
  }
  // The preview documents show the ticked changes, a moment after the tick (VS Code 1.100 updates
  // some of them only when their diff is opened).
  const before = shown();
  for (let waited = 0; waited < 3000 * attempt && [...shown()].every(([p, t]) => before.get(p) === t); waited += 100) await pause(100);
  const previewed = shown();
  await vscode.commands.executeCommand('refactorPreview.apply');
  return previewed;
}

/**
 * Runs a command that shows the Refactor Preview, answers it, and returns the command's result,
 * the preview's title and what the preview showed (path → text). `files`: how many files the
 * preview must show (default: as many as the fix spans). Under heavy load the pane may not take
 * the answer (then nothing is applied): the command runs again, waiting longer.
 */
export async function throughPreview<T>(command: () => Thenable<T>, files: number | undefined, answer: PreviewAnswer = {}, accept: (result: T) => boolean = (r) => r === (true as unknown as T)): Promise<{ result: T; title: string; previewed: Map<string, string> }> {
  const { prompter } = await api();
  let last: { result: T; title: string; previewed: Map<string, string> } | undefined;
  for (let attempt = 1; attempt <= 4; attempt++) {
    const shown = previewFrom(prompter);
    const running = command();
    // A command that ends without a preview (it wrote nothing, or one file only) is not waited on.
    const first = await Promise.race([shown, Promise.resolve(running).then((result) => ({ result }))]);
    if (!('title' in first)) return { result: first.result, title: '', previewed: new Map() };
    const previewed = await answerPreview(files ?? first.files.length, answer, attempt);
    last = { result: await running, title: first.title, previewed };
    if (answer === 'discard' || accept(last.result)) return last;
  }
  return last!;
}

/**
 * Undo after a fix VS Code saved (files.refactoring.autoSave): VS Code puts every file's text
 * back in its editor but saves after a refactoring, not after an undo; saving then puts back
 * every byte. Resolves once each file's editor holds `before` again and is saved.
 */
export async function undoAndSave(files: Array<{ uri: vscode.Uri; before: Uint8Array }>): Promise<void> {
  await vscode.commands.executeCommand('undo');
  const decoder = new TextDecoder();
  for (const { uri, before } of files) {
    const doc = await until(`${uri.path} back to its text in the editor`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.getText() === decoder.decode(before)));
    if (doc.isDirty) await doc.save();
  }
}
