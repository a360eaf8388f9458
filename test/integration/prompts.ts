import * as vscode from 'vscode';
import type { SenderAuthApi } from '../../src/vscode/extension';
import type { PromptShown } from '../../src/vscode/prompts';
import { api } from './helpers';

/** Resolves when `prompter` shows its next quick pick or input box (subscribed at once). */
function promptOf(prompter: SenderAuthApi['prompter']): Promise<PromptShown> {
  return new Promise((resolve) => {
    const sub = prompter.onDidShow((p) => {
      sub.dispose();
      resolve(p);
    });
  });
}

/** Resolves when the extension shows its next quick pick or input box. */
export async function nextPrompt(): Promise<PromptShown> {
  return promptOf((await api()).prompter);
}

/** Answers the prompt on screen the way a keyboard user does: arrow down `down` times, then Enter. */
export async function answer(down = 0): Promise<void> {
  // Let the widget finish rendering its items before keys arrive.
  await new Promise((r) => setTimeout(r, 150));
  for (let i = 0; i < down; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/** Runs a command and answers each prompt in turn (`down` arrows then Enter); returns the command's result and what was shown. */
export async function runWithAnswers<T>(command: () => Thenable<T>, answers: number[]): Promise<{ result: T; shown: PromptShown[] }> {
  const shown: PromptShown[] = [];
  // Subscribed before the command starts: a command may show its first prompt at once.
  const { prompter } = await api();
  let pending = promptOf(prompter);
  const result = command();
  for (const down of answers) {
    shown.push(await pending);
    pending = promptOf(prompter);
    await answer(down);
  }
  return { result: await result, shown };
}
