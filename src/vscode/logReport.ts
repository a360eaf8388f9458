/**
 * *Analyze Access Logs…*: the tenant's log files (anywhere: downloads are rarely in the workspace;
 * plain, .gz or .zip; folders are searched for the tenant's log names) analyzed against the
 * workspace's iFlows, shown as a report: the problems grouped, and a timeline of failures per
 * endpoint. The analysis yields between batches and can be cancelled from its progress message.
 */
import * as vscode from 'vscode';
import { analyzeLogs } from '../core/logs/analyzer';
import { isLogFileName, isZipName } from '../core/logs/fileNames';
import { memorySource, openLogInputs, type LogInput } from '../core/logs/input';
import { FailureTimeline, RequestGroups } from '../core/logs/report';
import { renderLogReport } from '../core/logs/reportHtml';
import { isProblem, VERDICTS, type LogNote } from '../core/logs/types';
import { OPEN_LOG_LOCATION } from './logLanguages';
import { CancelledError, siblingsOf, yieldUnless, type LogEditorFeatures } from './logs';

/** The last report, for tests and for reopening. */
export interface LogReport {
  title: string;
  html: string;
  requests: number;
  problems: number;
  panel: vscode.WebviewPanel;
}

const baseName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);

/** Files to read: the files picked, and in picked folders (recursively) the tenant's logs and zips. */
async function expand(uris: vscode.Uri[], notes: LogNote[]): Promise<vscode.Uri[]> {
  const files: vscode.Uri[] = [];
  const walk = async (uri: vscode.Uri, depth: number): Promise<void> => {
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      notes.push({ file: uri.toString(), message: 'cannot be read', fatal: true });
      return;
    }
    if (stat.type & vscode.FileType.Directory) {
      if (depth > 8) return;
      const entries = await vscode.workspace.fs.readDirectory(uri).then((e) => e, () => [] as Array<[string, vscode.FileType]>);
      for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
        const child = vscode.Uri.joinPath(uri, name);
        if (type & vscode.FileType.Directory) await walk(child, depth + 1);
        else if (isLogFileName(name) || isZipName(name)) files.push(child);
      }
    } else {
      files.push(uri);
    }
  };
  for (const uri of uris) await walk(uri, 0);
  return files;
}

function nonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class LogReports implements vscode.Disposable {
  last?: LogReport;
  constructor(private readonly logs: LogEditorFeatures) {}

  dispose(): void {
    this.last?.panel.dispose();
  }

  /** Asks for the files (unless given), analyzes them with progress, shows the report. */
  async analyze(given?: vscode.Uri[]): Promise<LogReport | undefined> {
    const picked = given ?? await vscode.window.showOpenDialog({
      canSelectMany: true,
      canSelectFiles: true,
      canSelectFolders: false,
      openLabel: 'Analyze',
      title: 'Analyze Access Logs: the tenant\'s http_access_* and ljs_trace_* files (.log, .gz or .zip)',
      filters: { 'Tenant log files': ['log', 'gz', 'zip', 'txt'], 'All files': ['*'] },
    });
    if (!picked || picked.length === 0) return undefined;
    // One access log (the editor's title button, the explorer): with the other nodes' logs of
    // that day and its node's trace next to it, as the editor analyzes it.
    const siblings = picked.length === 1 ? await siblingsOf(picked[0]) : [];
    const title = picked.length === 1 ? `${baseName(picked[0])}${siblings.length ? ` and ${siblings.length} more of its day` : ''}` : `${baseName(picked[0])} and ${picked.length - 1} more`;
    picked.push(...siblings);
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Analyzing ${title}`, cancellable: true },
      async (progress, token) => {
        const notes: LogNote[] = [];
        const inputs: LogInput[] = [];
        let accessLogs = 0;
        let traceLogs = 0;
        for (const uri of await expand(picked, notes)) {
          if (token.isCancellationRequested) return undefined;
          const bytes = await vscode.workspace.fs.readFile(uri).then((b) => b, () => undefined);
          if (!bytes) {
            notes.push({ file: uri.toString(), message: 'cannot be read', fatal: true });
            continue;
          }
          const opened = await openLogInputs(uri.toString(), memorySource(bytes));
          inputs.push(...opened.inputs);
          notes.push(...opened.notes);
        }
        const groups = new RequestGroups();
        const timeline = new FailureTimeline();
        let seen = 0;
        const pause = yieldUnless(token);
        try {
          const result = await analyzeLogs(inputs, await this.logs.context(), {
            onRequest: (r) => {
              groups.add(r);
              timeline.add(r);
              seen++;
            },
            between: async () => {
              progress.report({ message: `${seen.toLocaleString('en-US')} requests` });
              await pause();
            },
          });
          notes.push(...result.notes);
          for (const f of result.files) {
            if (f.kind === 'access') accessLogs++;
            else if (f.kind === 'trace') traceLogs++;
          }
          return { result, groups, timeline, notes, accessLogs, traceLogs };
        } catch (e) {
          if (e instanceof CancelledError) return undefined;
          throw e;
        }
      },
    );
    if (!run) return undefined;
    const problems = VERDICTS.filter(isProblem).reduce((n, v) => n + run.result.summary[v], 0);
    const panel = vscode.window.createWebviewPanel('iflowAuth.logReport', `Access Logs: ${title}`, vscode.ViewColumn.Active, {
      enableScripts: false,
      enableCommandUris: [OPEN_LOG_LOCATION],
      localResourceRoots: [],
    });
    const html = renderLogReport({
      title,
      accessLogs: run.accessLogs,
      traceLogs: run.traceLogs,
      requests: run.result.requests,
      summary: run.result.summary,
      groups: run.groups.list(),
      ungrouped: run.groups.ungrouped,
      timeline: run.timeline,
      notes: run.notes,
      nonce: nonce(),
      display: (file) => display(file),
      linkTo: (file, where) => (file.includes('!') ? undefined : `command:${OPEN_LOG_LOCATION}?${encodeURIComponent(JSON.stringify([file, where]))}`),
    });
    panel.webview.html = html;
    panel.reveal();
    this.last = { title, html, requests: run.result.requests, problems, panel };
    panel.onDidDispose(() => {
      if (this.last?.panel === panel) this.last = undefined;
    });
    return this.last;
  }

  /** Opens a log at a line, or an iFlow at an offset (links of the report). */
  async open(file: string, where: { line?: number; offset?: number }): Promise<void> {
    const uri = vscode.Uri.parse(file);
    const document = await vscode.workspace.openTextDocument(uri);
    const position = where.offset !== undefined ? document.positionAt(where.offset) : new vscode.Position(Math.max(0, (where.line ?? 1) - 1), 0);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position), preview: true });
  }
}

/** A URI string as people read it: workspace-relative when inside the workspace, else the file name (zip members kept). */
function display(file: string): string {
  const bang = file.indexOf('!');
  const outer = bang < 0 ? file : file.slice(0, bang);
  const uri = vscode.Uri.parse(outer);
  const shown = vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, false) : baseName(uri);
  return bang < 0 ? shown : `${shown}${file.slice(bang)}`;
}
