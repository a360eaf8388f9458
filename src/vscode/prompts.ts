import * as vscode from 'vscode';

/** What a prompt showed the user (tests wait for it before they answer through the workbench). */
export interface PromptShown {
  kind: 'pick' | 'input' | 'confirm' | 'preview';
  title: string;
  /** The items' labels (an input box: its value). */
  items: string[];
  /** A pick only: each item as one line, label — description — detail (what the user reads). */
  rows?: string[];
  /**
   * An input box only: puts text into it as if typed (no workbench command types into a quick
   * input); the test then accepts it with the workbench's own command.
   */
  type?: (text: string) => void;
}

/**
 * Quick picks and input boxes of the commands, through the real `vscode.window` widgets. It only
 * adds an event when a prompt is on screen, so integration tests can answer it with the same
 * workbench commands a keyboard user triggers.
 */
export class Prompter implements vscode.Disposable {
  private readonly shown = new vscode.EventEmitter<PromptShown>();
  readonly onDidShow = this.shown.event;

  /**
   * Integration tests only: no workbench command accepts a modal dialog, so a test answers
   * confirm() here (true: the action button) instead of the dialog being shown. The UI script
   * (test/ui/) clicks the real dialog.
   */
  answerConfirmation?: (shown: PromptShown) => boolean;

  dispose(): void {
    this.shown.dispose();
  }

  /** A fix spanning `files` is about to open VS Code's Refactor Preview (tests wait for it). */
  showingPreview(title: string, files: string[]): void {
    this.shown.fire({ kind: 'preview', title, items: files });
  }

  /** A modal question with one action button (and Cancel); resolves to true when the action was chosen. */
  async confirm(options: { title: string; detail: string; action: string }): Promise<boolean> {
    const shown: PromptShown = { kind: 'confirm', title: options.title, items: [options.detail, options.action] };
    if (this.answerConfirmation) {
      this.shown.fire(shown);
      return this.answerConfirmation(shown);
    }
    const answer = vscode.window.showWarningMessage(options.title, { modal: true, detail: options.detail }, options.action);
    this.shown.fire(shown);
    return (await answer) === options.action;
  }

  /**
   * A quick pick. Items marked `info` are notes to read, not choices (accepting one does nothing).
   * With `canPickMany`, `create` turns typed text into an item of its own (shown first, and
   * taken when Enter is pressed with text typed), and `atLeastOne` keeps the pick open, saying
   * so, until something is chosen.
   */
  pick<T extends vscode.QuickPickItem & { info?: boolean }>(items: T[], options: { title: string; placeholder?: string; canPickMany?: boolean; selected?: T[]; create?: (typed: string) => T | undefined; atLeastOne?: string }): Promise<T[] | undefined> {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = options.title;
    qp.placeholder = options.placeholder;
    qp.canSelectMany = options.canPickMany ?? false;
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.items = items;
    if (options.selected) qp.selectedItems = options.selected;
    let created: T | undefined;
    return new Promise((resolve) => {
      let done = false;
      const finish = (value: T[] | undefined): void => {
        if (done) return;
        done = true;
        resolve(value);
        qp.dispose();
      };
      if (options.create) {
        const create = options.create;
        qp.onDidChangeValue((typed) => {
          const kept = qp.selectedItems.filter((i) => i !== created);
          created = typed.trim() && !items.some((i) => i.label === typed.trim()) ? create(typed.trim()) : undefined;
          qp.items = created ? [created, ...items] : items;
          qp.selectedItems = kept;
        });
      }
      qp.onDidAccept(() => {
        let chosen = qp.canSelectMany ? [...qp.selectedItems] : [...qp.activeItems].slice(0, 1);
        if (chosen.some((i) => i.info)) return;
        if (qp.canSelectMany && created && !chosen.includes(created)) chosen = [created, ...chosen];
        if (chosen.length === 0) {
          if (qp.canSelectMany && options.atLeastOne) qp.placeholder = options.atLeastOne;
          if (!qp.canSelectMany || options.atLeastOne) return;
        }
        finish(chosen);
      });
      qp.onDidHide(() => finish(undefined));
      qp.show();
      // The list, not only the filter box, has the keyboard: Space ticks the first item at once.
      const first = items.find((i) => i.kind !== vscode.QuickPickItemKind.Separator);
      if (qp.canSelectMany && first) qp.activeItems = [first];
      this.shown.fire({ kind: 'pick', title: options.title, items: items.map((i) => i.label), rows: items.map((i) => [i.label, i.description, i.detail].filter(Boolean).join(' — ')) });
    });
  }

  input(options: { title: string; prompt: string; value: string; validate?: (v: string) => string | undefined }): Promise<string | undefined> {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.prompt = options.prompt;
    box.value = options.value;
    box.ignoreFocusOut = true;
    return new Promise((resolve) => {
      let done = false;
      const finish = (value: string | undefined): void => {
        if (done) return;
        done = true;
        resolve(value);
        box.dispose();
      };
      box.onDidChangeValue((v) => { box.validationMessage = options.validate?.(v); });
      box.onDidAccept(() => {
        const problem = options.validate?.(box.value);
        if (problem) {
          box.validationMessage = problem;
          return;
        }
        finish(box.value);
      });
      box.onDidHide(() => finish(undefined));
      box.show();
      this.shown.fire({
        kind: 'input', title: options.title, items: [box.value],
        type: (text) => { box.value = text; box.validationMessage = options.validate?.(text); },
      });
    });
  }
}
