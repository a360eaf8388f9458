import * as vscode from 'vscode';
import { isCertificatePath } from '../core/workspace';
import { SECTION } from './config';
import { DiagnosticsPublisher } from './diagnostics';
import { CertificateHoverProvider } from './hover';
import { SenderAuthWorkspace, isIFlowUri, readText } from './model';
import { registerCommands } from './commands';
import { SenderAuthCodeActions } from './codeActions';
import { RenewCodeActions } from './renewCertificate';
import { Prompter } from './prompts';
import { SenderAuthTree, type SenderAuthNode } from './tree';
import { registerLogFeatures, type LogEditorFeatures } from './logs';
import { LogReports } from './logReport';

/** What the extension hands to its integration tests (and to other extensions). */
export interface SenderAuthApi {
  workspace: SenderAuthWorkspace;
  tree: SenderAuthTree;
  /** Fires when a command shows a quick pick or input box. */
  prompter: Prompter;
  /** Resolves once the first workspace scan has been linted. */
  ready: Promise<void>;
  /** The tenant's log files in the editor: analyses of open access logs. */
  logs: LogEditorFeatures;
  /** *Analyze Access Logs…* and its last report. */
  logReports: LogReports;
}

const TYPING_DELAY_MS = 250;

/** Re-lints a typed-in document after a pause; a newer edit makes the older run stale. */
class TypingDebouncer implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly workspace: SenderAuthWorkspace) {}

  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    const version = document.version;
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      const current = (): boolean => !document.isClosed && document.version === version;
      if (current()) void this.workspace.updateIFlow(document.uri, document.getText(), current);
    }, TYPING_DELAY_MS));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

export function activate(context: vscode.ExtensionContext): SenderAuthApi {
  const workspace = new SenderAuthWorkspace();
  const tree = new SenderAuthTree(workspace);
  const debouncer = new TypingDebouncer(workspace);
  const prompter = new Prompter();
  const view = vscode.window.createTreeView<SenderAuthNode>('iflowAuth.senderAuthorization', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(workspace, tree, debouncer, prompter, view, new DiagnosticsPublisher(workspace));

  context.subscriptions.push(
    vscode.languages.registerHoverProvider([{ language: 'iflow' }, { pattern: '**/*.iflw' }, { language: 'json' }], new CertificateHoverProvider(workspace)),
    vscode.languages.registerCodeActionsProvider([{ language: 'iflow' }, { pattern: '**/*.iflw' }], new SenderAuthCodeActions(workspace), SenderAuthCodeActions.metadata),
    vscode.languages.registerCodeActionsProvider([{ language: 'iflow' }, { pattern: '**/*.iflw' }, { language: 'json' }], new RenewCodeActions({ workspace }), RenewCodeActions.metadata),
    ...registerCommands({ workspace, tree, view, prompter }),
  );

  const isCompanion = (uri: vscode.Uri): boolean => /\/(parameters\.prop|META-INF\/MANIFEST\.MF)$/i.test(uri.path);
  const isMapping = (uri: vscode.Uri): boolean => workspace.mappingUri()?.toString() === uri.toString();
  context.subscriptions.push(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length === 0) return;
      if (isIFlowUri(e.document.uri)) debouncer.schedule(e.document);
      else if (isMapping(e.document.uri)) void workspace.updateMapping(e.document.getText());
      else if (isCompanion(e.document.uri)) void workspace.updateCompanion(e.document.uri);
      else if (isCertificatePath(e.document.uri.path)) void workspace.updateCertificateFile(e.document.uri);
    }),
    // Closing an unsaved editor: the file on disk is the truth again.
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (isIFlowUri(d.uri)) void workspace.updateIFlow(d.uri);
      else if (isMapping(d.uri)) void workspace.updateMapping();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.certificateGlobs`) || e.affectsConfiguration(`${SECTION}.mappingFile`)) void workspace.reloadAll();
      else void workspace.reconfigure();
    }),
  );

  // Files changed on disk: the disk is the truth unless the user has unsaved changes (an open,
  // clean editor catches up on its own, and its change event arrives too).
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{iflw,cer,crt,pem,der,p7b,p7c,prop,MF,json}');
  const onDisk = async (uri: vscode.Uri, deleted: boolean): Promise<void> => {
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) return;
    if (isIFlowUri(uri)) {
      if (deleted) workspace.removeIFlow(uri);
      else await workspace.updateIFlow(uri, await readText(uri.toString()));
    } else if (isMapping(uri)) {
      await workspace.updateMapping(deleted ? undefined : await readText(uri.toString()), deleted);
    } else if (isCertificatePath(uri.path)) {
      await workspace.updateCertificateFile(uri, deleted);
    } else if (isCompanion(uri)) {
      await workspace.updateCompanion(uri);
    }
  };
  // A folder created or deleted at once (an export unzipped, a flow removed) may report only
  // itself: scan it, or forget everything that was under it.
  const folderWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  context.subscriptions.push(
    watcher,
    folderWatcher,
    watcher.onDidCreate((u) => void onDisk(u, false)),
    watcher.onDidChange((u) => void onDisk(u, false)),
    watcher.onDidDelete((u) => void onDisk(u, true)),
    folderWatcher.onDidDelete((u) => workspace.removeUnder(u)),
    folderWatcher.onDidCreate(async (u) => {
      const stat = await vscode.workspace.fs.stat(u).then((s) => s, () => undefined);
      if (stat && stat.type & vscode.FileType.Directory) await workspace.addFolder(u);
    }),
  );

  const ready = workspace.reloadAll();
  const logFeatures = registerLogFeatures(workspace, ready);
  const logReports = new LogReports(logFeatures.features);
  context.subscriptions.push(...logFeatures.disposables, logReports);

  return { workspace, tree, prompter, ready, logs: logFeatures.features, logReports };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
