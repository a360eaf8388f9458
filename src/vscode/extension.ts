import * as vscode from 'vscode';
import { EXCLUDED_FOLDERS } from '../core/defaults';
import { plural } from '../core/plural';
import { SECTION } from './config';
import { DiagnosticsPublisher } from './diagnostics';
import { ExtensionLog } from './log';
import { LintTaskProvider, TASK_TYPE } from './lintTask';
import { StatusItem } from './status';
import { SenderAuthWorkspace } from './model';
import { registerCommands } from './commands';
import { registerCodeActions, registerHover } from './actionsOnDemand';
import { setChunkRoot } from './chunks';
import { Prompter } from './prompts';
import { SenderAuthTree, VIEW_ID, type SenderAuthNode } from './tree';
import { LogsOnDemand } from './logsOnDemand';
import type { LogFeatures } from './logsChunk';
import { loadTrustedRoots } from './trustedRoots';

/** What the extension hands to its integration tests (and to other extensions). */
export interface SenderAuthApi {
  workspace: SenderAuthWorkspace;
  tree: SenderAuthTree;
  diagnostics: DiagnosticsPublisher;
  /** The language status item: iFlows read, problems, findings held back. */
  status: StatusItem;
  /** Fires when a command shows a quick pick or input box. */
  prompter: Prompter;
  /** Resolves once the first workspace scan has been linted. */
  ready: Promise<void>;
  /** Resolves once every change handed in so far has been applied to the model. */
  idle(): Promise<void>;
  /**
   * The tenant's log files in the editor (analyses of open access logs) and *Analyze Access Logs…*
   * with its last report: loaded on first use (a chunk of their own), so this loads them.
   */
  logs(): Promise<LogFeatures>;
  /**
   * Milliseconds from the start of activate(): returned; the tree's first rows (iFlows read so far);
   * the tree with every iFlow; and the first workspace read, linted and published.
   */
  startup: { activated: number; rows?: number; tree?: number; ready?: number };
}

/** After typing stops for this long, the document is linted again. */
const TYPING_DELAY_MS = 250;
/** File events come in bursts (a checkout, an unzip): they are collected this long. */
const DISK_DELAY_MS = 100;

const excluded = (uri: vscode.Uri): boolean => uri.path.split('/').some((segment) => EXCLUDED_FOLDERS.includes(segment));

export function activate(context: vscode.ExtensionContext): SenderAuthApi {
  const started = performance.now();
  setChunkRoot(context.extensionUri);
  const log = new ExtensionLog();
  // Read while activation goes on, awaited before the workspace's first read (which builds the
  // trust store from them): activation itself waits for no file.
  const trustedRoots = loadTrustedRoots(context.extensionUri);
  trustedRoots.catch((e: unknown) => void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e)));
  const workspace = new SenderAuthWorkspace(log, trustedRoots);
  const tree = new SenderAuthTree(workspace);
  const prompter = new Prompter();
  const diagnostics = new DiagnosticsPublisher(workspace);
  const status = new StatusItem(workspace, diagnostics);
  const view = vscode.window.createTreeView<SenderAuthNode>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(log, workspace, tree, prompter, view, diagnostics, status);

  context.subscriptions.push(
    registerHover(workspace),
    ...registerCodeActions(workspace),
    ...registerCommands({ workspace, tree, view, prompter, log }),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new LintTaskProvider(context.extensionUri)),
  );

  const reload = (): void => {
    void workspace.reloadAll().catch((e: unknown) => log.error('Reading the workspace failed', e));
  };
  context.subscriptions.push(
    // Typing: unsaved text is what the model reads (the file-system port prefers it).
    vscode.workspace.onDidChangeTextDocument((e) => {
      const uri = e.document.uri.toString();
      if (e.contentChanges.length > 0 && workspace.current.isRelevant(uri)) workspace.schedule(uri, TYPING_DELAY_MS);
    }),
    // Closing an unsaved editor: the file on disk is the truth again.
    vscode.workspace.onDidCloseTextDocument((d) => {
      const uri = d.uri.toString();
      if (workspace.current.isRelevant(uri)) workspace.schedule(uri, 0);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) reload();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => reload()),
  );

  // Files and folders on disk. A folder created or deleted at once (an export unzipped, a flow
  // removed) may report only itself: the model scans it, or forgets what was under it.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const onDisk = (uri: vscode.Uri, createdOrDeleted: boolean): void => {
    if (excluded(uri)) return;
    const path = uri.toString();
    if (createdOrDeleted || workspace.current.isRelevant(path)) workspace.schedule(path, DISK_DELAY_MS);
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((u) => onDisk(u, true)),
    watcher.onDidChange((u) => onDisk(u, false)),
    watcher.onDidDelete((u) => onDisk(u, true)),
  );

  const startup: SenderAuthApi['startup'] = { activated: 0 };
  const shown = (): void => {
    startup.rows ??= performance.now() - started;
    startup.tree ??= performance.now() - started;
  };
  // While the first read reads the iFlows, the view says how far it is; its welcome text ("no
  // iFlows found") waits for the read to end.
  context.subscriptions.push(
    workspace.onDidReadSome((progress) => {
      startup.rows ??= performance.now() - started;
      // The count found, not the count read: the rows keep coming between two reports.
      view.message = `Reading ${plural(progress.found, 'iFlow')}…`;
    }),
    workspace.onDidRead(() => {
      shown();
      view.message = undefined;
    }),
    workspace.onDidChange(shown),
  );
  const ready = workspace.reloadAll().then(() => {
    startup.ready = performance.now() - started;
  });
  void vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => ready.catch(() => undefined));
  void ready.catch(() => undefined).finally(() => {
    view.message = undefined;
    void vscode.commands.executeCommand('setContext', 'iflowAuth.read', true);
  });
  ready.catch((e: unknown) => log.error('Reading the workspace failed', e));
  const logs = new LogsOnDemand(workspace, ready, log);
  context.subscriptions.push(logs);

  startup.activated = performance.now() - started;
  return { workspace, tree, diagnostics, status, prompter, ready, idle: () => workspace.idle(), logs: () => logs.load(), startup };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
