/**
 * The log features (logs.ts, logReport.ts and the log analysis of src/core/logs/: about a sixth of
 * the extension's code) are only needed once a tenant log is open or a log command runs, so they
 * are a chunk of their own (logsChunk.ts), loaded on first use. At activation only this stands in
 * for them: the commands, the hover, link and definition providers (which wait for the chunk), and
 * a look at each opened document.
 */
import * as vscode from 'vscode';
import { loadChunk } from './chunks';
import type { ExtensionLog } from './log';
import { ACCESS_LOG_SELECTOR, isAccessLog, OPEN_LOG_LOCATION } from './logLanguages';
import type { LogFeatures, startLogFeatures } from './logsChunk';
import type { SenderAuthWorkspace } from './model';

export class LogsOnDemand implements vscode.Disposable, vscode.HoverProvider, vscode.DocumentLinkProvider, vscode.DefinitionProvider {
  private loading?: Promise<LogFeatures>;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[];

  /** `ready`: the workspace's first scan (a log analyzed before it would find no channels). */
  constructor(private readonly workspace: SenderAuthWorkspace, private readonly ready: Promise<void>, private readonly log: ExtensionLog) {
    this.subscriptions = [
      vscode.commands.registerCommand('iflowAuth.analyzeAccessLogs', async (arg?: vscode.Uri, all?: vscode.Uri[]) =>
        (await this.load()).reports.analyze(all && all.length > 0 ? all : arg instanceof vscode.Uri ? [arg] : undefined)),
      vscode.commands.registerCommand(OPEN_LOG_LOCATION, async (file: string, where: { line?: number; offset?: number }) => (await this.load()).reports.open(file, where)),
      vscode.languages.registerHoverProvider(ACCESS_LOG_SELECTOR, this),
      vscode.languages.registerDocumentLinkProvider(ACCESS_LOG_SELECTOR, this),
      vscode.languages.registerDefinitionProvider(ACCESS_LOG_SELECTOR, this),
      vscode.workspace.onDidOpenTextDocument((d) => this.loadFor(d)),
    ];
    for (const d of vscode.workspace.textDocuments) this.loadFor(d);
  }

  /** The log features, loaded and started on the first call. */
  load(): Promise<LogFeatures> {
    this.loading ??= loadChunk<{ startLogFeatures: typeof startLogFeatures }>('logs').then(
      (chunk) => {
        const started = chunk.startLogFeatures(this.workspace, this.ready);
        if (this.disposed) started.dispose();
        return started;
      },
      (e: unknown) => {
        this.loading = undefined;
        this.log.error('Loading the log features failed', e);
        throw e;
      },
    );
    return this.loading;
  }

  /** An open access log is analyzed at once (the features look at every open document as they start). */
  private loadFor(document: vscode.TextDocument): void {
    if (!this.loading && isAccessLog(document)) void this.load().catch(() => undefined);
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    return (await this.load()).features.provideHover(document, position);
  }

  async provideDocumentLinks(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentLink[]> {
    return (await this.load()).features.provideDocumentLinks(document, token);
  }

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    return (await this.load()).features.provideDefinition(document, position);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    void this.loading?.then((l) => l.dispose(), () => undefined);
  }
}
