import * as vscode from 'vscode';
import type { Prompter, PromptShown } from '../../src/vscode/prompts';
import { api } from './helpers';

/** Resolves when the prompter shows its next quick pick or input box (listening from the call on). */
export function nextPromptOf(prompter: Prompter): Promise<PromptShown> {
  return new Promise((resolve) => {
    const sub = prompter.onDidShow((p) => {
      if (p.kind === 'preview') return;
      sub.dispose();
      resolve(p);
    });
  });
}

/** Resolves when the extension shows its next quick pick or input box. */
export async function nextPrompt(): Promise<PromptShown> {
  return nextPromptOf((await api()).prompter);
}

/**
 * An answer to the prompt on screen, given the way a keyboard user does: a number is that many
 * arrows down, then Enter; a string is typed into the input box, then Enter; `{ toggle }` ticks
 * those items of a multi-select pick (Space), then Enter; `emptyFirst` presses Enter once before
 * ticking anything.
 */
export type Answer = number | string | { toggle: number[]; emptyFirst?: boolean };

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 150));

/** Answers the prompt on screen (typing, if the answer is a string, is done by runWithAnswers). */
export async function answer(given: Exclude<Answer, string> = 0): Promise<void> {
  // Let the widget finish rendering its items before keys arrive.
  await settle();
  const accept = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  if (typeof given === 'number') {
    for (let i = 0; i < given; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await accept();
    return;
  }
  if (given.emptyFirst) {
    await accept();
    await settle();
  }
  const last = Math.max(-1, ...given.toggle);
  for (let i = 0; i <= last; i++) {
    if (given.toggle.includes(i)) await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
    if (i < last) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  }
  await accept();
}

/** Runs a command and answers each prompt in turn; returns the command's result and what was shown. */
export async function runWithAnswers<T>(command: () => Thenable<T>, answers: Answer[]): Promise<{ result: T; shown: PromptShown[] }> {
  const shown: PromptShown[] = [];
  // Listening before the command runs: a command may show its first prompt at once.
  const { prompter } = await api();
  let pending = nextPromptOf(prompter);
  const result = command();
  for (const given of answers) {
    const prompt = await pending;
    shown.push(prompt);
    pending = nextPromptOf(prompter);
    if (typeof given === 'string') {
      if (!prompt.type) throw new Error(`"${prompt.title}" is not an input box: cannot type "${given}"`);
      prompt.type(given);
    }
    await answer(typeof given === 'string' ? 0 : given);
  }
  return { result: await result, shown };
}
