import * as vscode from 'vscode';
import { plural } from '../core/plural';
import type { DiagnosticsPublisher } from './diagnostics';
import type { SenderAuthWorkspace } from './model';

/**
 * The language status item of iFlows, the mapping and the configuration file: how many iFlows
 * were read, the problems found (exempted ones counted apart), and findings held back because a
 * file has more than VS Code shows. It opens the log.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('iflowAuth.status', [{ language: 'iflow' }, { pattern: '**/*.iflw' }, { language: 'json' }, { language: 'jsonc' }]);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly workspace: SenderAuthWorkspace, private readonly diagnostics: DiagnosticsPublisher) {
    this.item.name = 'iFlow Sender Auth';
    this.item.command = { command: 'iflowAuth.showLog', title: 'Show Log' };
    this.item.text = 'iFlow Sender Auth: reading…';
    this.item.busy = true;
    // After the diagnostics were published (they subscribed first): the held-back counts are theirs.
    this.subscription = vscode.Disposable.from(
      workspace.onDidChange(() => this.update()),
      workspace.onDidReadSome((progress) => {
        this.item.text = `iFlow Sender Auth: reading ${plural(progress.found, 'iFlow')}…`;
      }),
    );
  }

  /** What the item says now. */
  update(): void {
    const project = this.workspace.current;
    const counts = { error: 0, warning: 0, info: 0 };
    let exempted = 0;
    for (const findings of project.findingsByFiles().values()) {
      for (const f of findings) {
        if (f.suppressed) exempted++;
        else counts[f.severity]++;
      }
    }
    const heldBack = [...this.diagnostics.heldBackCounts().values()].reduce((a, b) => a + b, 0);
    this.item.text = `iFlow Sender Auth: ${plural(project.documents().length, 'iFlow')}`;
    const problems = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.info} info`].join(', ');
    this.item.detail = [
      problems,
      exempted > 0 ? `${exempted} exempted by .iflow-auth.json` : '',
      heldBack > 0 ? `${plural(heldBack, 'finding')} not shown (a file has more than VS Code shows)` : '',
    ].filter(Boolean).join('; ');
    this.item.severity = heldBack > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    this.item.busy = false;
  }

  get text(): string {
    return this.item.text;
  }

  get detail(): string | undefined {
    return this.item.detail;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
