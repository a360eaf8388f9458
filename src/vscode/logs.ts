/**
 * The tenant's log files in the editor: an open `http_access_*.log` is analyzed (with the access
 * logs of the same day next to it, for the challenge pairing across nodes, and its node's trace)
 * off the typing path, cancellably; problem lines get diagnostics, every line a hover, and the
 * path a link to the channel's address in the iFlow. Files are read through vscode.workspace.fs.
 */
import * as vscode from 'vscode';
import { parseAccessLine } from '../core/logs/accessLine';
import { analyzeLogs } from '../core/logs/analyzer';
import { parseLogFileName } from '../core/logs/fileNames';
import { memorySource, openLogInputs, textInput, type LogInput } from '../core/logs/input';
import { isProblem, verdictDocUrl, type AnalyzedRequest, type LogEndpoint, type LogNote, type Verdict } from '../core/logs/types';
import { describeChannel } from '../core/logs/verdict';
import { createLogWorkspace, type LogWorkspace } from '../core/logs/workspace';
import { pathOfRequest } from '../core/iflow/endpoint';
import { LineIndex } from '../core/text';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { isAccessLog } from './logLanguages';
import { escapeMarkdown } from './markdown';
import type { SenderAuthWorkspace } from './model';

/** VS Code shows at most 1,000 diagnostics per file; the last one says how many more there are. */
const MAX_DIAGNOSTICS = 1000;
/** Requests kept per open log for hovers (problems and challenges); more are only counted. */
const MAX_KEPT = 20_000;
/** Links are computed for every line of logs up to this size, else only for problem lines. */
const MAX_LINKED_LINES = 20_000;
/** Sibling logs (other nodes' access logs, the node's trace) read along, at most this many bytes. */
const MAX_SIBLING_BYTES = 256 * 1024 * 1024;
const DEBOUNCE_MS = 400;

const SEVERITY: Partial<Record<Verdict, vscode.DiagnosticSeverity>> = {
  'server-error': vscode.DiagnosticSeverity.Information,
  other: vscode.DiagnosticSeverity.Information,
};

export class CancelledError extends Error {}

/** Lets the extension host breathe between batches, and stops when cancelled. */
export function yieldUnless(token: vscode.CancellationToken): () => Promise<void> {
  return async () => {
    if (token.isCancellationRequested) throw new CancelledError('cancelled');
    await new Promise((r) => setTimeout(r, 0));
    if (token.isCancellationRequested) throw new CancelledError('cancelled');
  };
}

/** What the analysis of one open access log found. */
export interface LogAnalysis {
  version: number;
  /** Problem and challenge requests of this document, by 0-based line. */
  byLine: Map<number, AnalyzedRequest>;
  problems: number;
  requests: number;
  notes: LogNote[];
  /** The other files read along (siblings), as URIs. */
  siblings: string[];
}

/** The glue's view of the workspace for the log analysis (rebuilt when the iFlows change). */
export function logWorkspaceOf(workspace: SenderAuthWorkspace): LogWorkspace {
  return createLogWorkspace(workspace.current.logContext());
}

/** The same day's access logs (other nodes) and this node's trace, in the log's folder. */
export async function siblingsOf(uri: vscode.Uri): Promise<vscode.Uri[]> {
  const name = parseLogFileName(uri.path);
  if (!name?.date) return [];
  const folder = vscode.Uri.joinPath(uri, '..');
  let entries: Array<[string, vscode.FileType]>;
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return [];
  }
  const own = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const picked: vscode.Uri[] = [];
  for (const [entry, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    if (entry === own || !(type & vscode.FileType.File)) continue;
    const other = parseLogFileName(entry);
    if (!other || other.date !== name.date) continue;
    if (other.kind === 'access' || other.node === name.node) picked.push(vscode.Uri.joinPath(folder, entry));
  }
  return picked;
}

/** Where a path sits in an access-log line (for the link and the definition). */
function pathRange(text: string, target: string): [number, number] | undefined {
  const date = text.indexOf('] ');
  const at = date < 0 ? -1 : text.indexOf(` ${target}`, date);
  return at < 0 ? undefined : [at + 1, at + 1 + pathOfRequest(target).length];
}

/** Where the status sits in an access-log line (diagnostics underline it). */
function statusRange(text: string, status: number): [number, number] {
  const date = text.indexOf('] ');
  const re = new RegExp(`(?:^| )${status}(?= |$)`, 'g');
  re.lastIndex = Math.max(0, date);
  const m = re.exec(text);
  if (!m) return [0, text.length];
  const start = m.index + (m[0].startsWith(' ') ? 1 : 0);
  return [start, start + 3];
}

export class LogEditorFeatures implements vscode.Disposable, vscode.HoverProvider, vscode.DocumentLinkProvider, vscode.DefinitionProvider {
  private readonly collection = vscode.languages.createDiagnosticCollection('iflow-auth-logs');
  private readonly analyses = new Map<string, LogAnalysis>();
  private readonly running = new Map<string, { version: number; source: vscode.CancellationTokenSource; done: Promise<LogAnalysis | undefined> }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private logWorkspace?: LogWorkspace;
  /** Where each channel's address sits, per workspace state (WeakMap: dropped with the endpoints). */
  private locations = new WeakMap<LogEndpoint, vscode.Location>();
  private readonly analyzed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when an open log's analysis is published. */
  readonly onDidAnalyze = this.analyzed.event;

  /** `ready`: the workspace's first scan (a log analyzed before it would find no channels). */
  constructor(private readonly workspace: SenderAuthWorkspace, private readonly ready: Promise<void>) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      workspace.onDidChange(() => {
        this.logWorkspace = undefined;
        this.locations = new WeakMap();
        for (const d of vscode.workspace.textDocuments) this.schedule(d, DEBOUNCE_MS);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const r of this.running.values()) r.source.cancel();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.analyzed.dispose();
  }

  /** The workspace as the log analysis sees it, once its first scan is done (the report command shares it). */
  async context(): Promise<LogWorkspace> {
    await this.ready.catch(() => undefined);
    return (this.logWorkspace ??= logWorkspaceOf(this.workspace));
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!isAccessLog(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.analysisOf(document).catch(() => undefined);
    }, delay));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.running.get(key)?.source.cancel();
    this.running.delete(key);
    this.analyses.delete(key);
    this.collection.delete(uri);
  }

  /** The analysis of an open access log at its current version (started, or joined, if needed). */
  async analysisOf(document: vscode.TextDocument): Promise<LogAnalysis | undefined> {
    const key = document.uri.toString();
    const done = this.analyses.get(key);
    if (done && done.version === document.version) return done;
    const running = this.running.get(key);
    if (running && running.version === document.version) return running.done;
    running?.source.cancel();
    const source = new vscode.CancellationTokenSource();
    const entry = { version: document.version, source, done: this.run(document, source.token) };
    this.running.set(key, entry);
    try {
      return await entry.done;
    } finally {
      if (this.running.get(key) === entry) this.running.delete(key);
      source.dispose();
    }
  }

  private async run(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<LogAnalysis | undefined> {
    const ws = await this.context();
    const key = document.uri.toString();
    const version = document.version;
    const inputs: LogInput[] = [textInput(key, document.getText())];
    const notes: LogNote[] = [];
    const siblings: string[] = [];
    let budget = MAX_SIBLING_BYTES;
    for (const uri of await siblingsOf(document.uri)) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) {
        inputs.push(textInput(uri.toString(), open.getText()));
        siblings.push(uri.toString());
        continue;
      }
      const size = await vscode.workspace.fs.stat(uri).then((s) => s.size, () => -1);
      if (size < 0 || size > budget) continue;
      budget -= size;
      const bytes = await vscode.workspace.fs.readFile(uri).then((b) => b, () => undefined);
      if (!bytes) continue;
      const opened = await openLogInputs(uri.toString(), memorySource(bytes));
      inputs.push(...opened.inputs);
      siblings.push(uri.toString());
    }
    const byLine = new Map<number, AnalyzedRequest>();
    let problems = 0;
    let requests = 0;
    try {
      const result = await analyzeLogs(inputs, ws, {
        onRequest: (r) => {
          if (r.record.file !== key) return;
          requests++;
          if (isProblem(r.verdict)) problems++;
          if ((isProblem(r.verdict) || r.verdict === 'challenge') && byLine.size < MAX_KEPT) byLine.set(r.record.line - 1, r);
        },
        between: yieldUnless(token),
      });
      notes.push(...result.notes.filter((n) => n.file === key));
    } catch (e) {
      if (e instanceof CancelledError) return undefined;
      throw e;
    }
    if (token.isCancellationRequested || document.isClosed || document.version !== version) return undefined;
    const analysis: LogAnalysis = { version, byLine, problems, requests, notes, siblings };
    this.analyses.set(key, analysis);
    this.publish(document, analysis);
    this.analyzed.fire(document.uri);
    return analysis;
  }

  private publish(document: vscode.TextDocument, analysis: LogAnalysis): void {
    const diagnostics: vscode.Diagnostic[] = [];
    for (const [line, r] of [...analysis.byLine].sort((a, b) => a[0] - b[0])) {
      if (!isProblem(r.verdict) || line >= document.lineCount) continue;
      if (diagnostics.length === MAX_DIAGNOSTICS - 1 && analysis.problems > MAX_DIAGNOSTICS) {
        const d = new vscode.Diagnostic(document.lineAt(line).range, `${(analysis.problems - diagnostics.length).toLocaleString('en-US')} more problem lines are not shown here: run "Analyze Access Logs…" for all of them, grouped.`, vscode.DiagnosticSeverity.Information);
        d.source = DIAGNOSTIC_SOURCE;
        diagnostics.push(d);
        break;
      }
      const text = document.lineAt(line).text;
      const [start, end] = statusRange(text, r.record.status);
      const d = new vscode.Diagnostic(new vscode.Range(line, start, line, end), `${r.verdict}: ${r.message}`, SEVERITY[r.verdict] ?? vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = { value: r.verdict, target: vscode.Uri.parse(verdictDocUrl(r.verdict)) };
      d.relatedInformation = [
        ...r.endpoints.slice(0, 3).map((e) => new vscode.DiagnosticRelatedInformation(this.locationOf(e), `${describeChannel(e)}: its address ${e.path}`)),
        ...r.trace.filter((t) => !t.file.includes('!')).map((t) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(t.file), new vscode.Position(t.line - 1, 0)), `trace: ${t.message.split('\n')[0].slice(0, 200)}`)),
      ];
      diagnostics.push(d);
    }
    for (const n of analysis.notes) {
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), n.message, vscode.DiagnosticSeverity.Information);
      d.source = DIAGNOSTIC_SOURCE;
      diagnostics.push(d);
    }
    this.collection.set(document.uri, diagnostics);
  }

  /** The channel's address value in its iFlow. */
  private locationOf(e: LogEndpoint): vscode.Location {
    let location = this.locations.get(e);
    if (!location) {
      const uri = vscode.Uri.parse(e.file);
      const text = this.workspace.current.document(e.file)?.text;
      if (!text || !e.range) {
        location = new vscode.Location(uri, new vscode.Position(0, 0));
      } else {
        const index = new LineIndex(text);
        const start = index.positionAt(e.range.start);
        const end = index.positionAt(e.range.end);
        location = new vscode.Location(uri, new vscode.Range(start.line, start.character, end.line, end.character));
      }
      this.locations.set(e, location);
    }
    return location;
  }

  /** The request of a line: from the analysis (problems, challenges), else read from the line itself. */
  private async requestAt(document: vscode.TextDocument, line: number): Promise<{ request?: AnalyzedRequest; endpoints: LogEndpoint[]; target?: string } | undefined> {
    const analysis = this.analyses.get(document.uri.toString());
    const kept = analysis?.version === document.version ? analysis.byLine.get(line) : undefined;
    if (kept) return { request: kept, endpoints: kept.endpoints, target: kept.record.target };
    const fields = parseAccessLine(document.lineAt(line).text);
    if (!fields) return undefined;
    return { endpoints: (await this.context()).endpointsFor(pathOfRequest(fields.target)), target: fields.target };
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isAccessLog(document)) return undefined;
    const at = await this.requestAt(document, position.line);
    if (!at) return undefined;
    const md = new vscode.MarkdownString();
    const r = at.request;
    if (r) {
      md.appendMarkdown(`**${escapeMarkdown(r.verdict)}** · [what it means](${verdictDocUrl(r.verdict)})\n\n${escapeMarkdown(r.message)}\n\n`);
    } else {
      const pending = this.analyses.get(document.uri.toString())?.version !== document.version;
      md.appendMarkdown(pending ? '*Analyzing the log…*\n\n' : '**ok**\n\n');
    }
    if (at.endpoints.length > 0) {
      md.appendMarkdown(`Served by:\n\n${at.endpoints.slice(0, 5).map((e) => `- [${escapeMarkdown(describeChannel(e))}](<${this.linkTarget(e).toString()}>)`).join('\n')}\n\n`);
    } else if ((await this.context()).endpointCount > 0) {
      md.appendMarkdown('No sender channel of the workspace serves this path.\n\n');
    }
    for (const t of r?.trace ?? []) {
      const where = t.file.includes('!') ? `line ${t.line}` : `[line ${t.line}](<${vscode.Uri.parse(t.file).with({ fragment: `L${t.line}` }).toString()}>)`;
      md.appendMarkdown(`Trace ${where}: ${escapeMarkdown(t.message.split('\n')[0].slice(0, 300))}\n\n`);
    }
    return new vscode.Hover(md, document.lineAt(position.line).range);
  }

  /** The iFlow at the channel's address value, as a link target (`#L<line>,<column>`). */
  private linkTarget(e: LogEndpoint): vscode.Uri {
    const location = this.locationOf(e);
    return location.uri.with({ fragment: `L${location.range.start.line + 1},${location.range.start.character + 1}` });
  }

  async provideDocumentLinks(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentLink[]> {
    if (!isAccessLog(document)) return [];
    const links: vscode.DocumentLink[] = [];
    const ws = await this.context();
    if (ws.endpointCount === 0) return links;
    const lines = document.lineCount <= MAX_LINKED_LINES
      ? Array.from({ length: document.lineCount }, (_, i) => i)
      : [...(this.analyses.get(document.uri.toString())?.byLine.keys() ?? [])].filter((l) => l < document.lineCount);
    for (const line of lines) {
      if (token.isCancellationRequested) break;
      const text = document.lineAt(line).text;
      const fields = parseAccessLine(text);
      if (!fields) continue;
      const endpoints = ws.endpointsFor(pathOfRequest(fields.target));
      const range = endpoints.length > 0 ? pathRange(text, fields.target) : undefined;
      if (!range) continue;
      const link = new vscode.DocumentLink(new vscode.Range(line, range[0], line, range[1]), this.linkTarget(endpoints[0]));
      link.tooltip = `Open ${describeChannel(endpoints[0])}${endpoints.length > 1 ? ` (and ${endpoints.length - 1} more: Go to Definition lists them)` : ''}`;
      links.push(link);
    }
    return links;
  }

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    if (!isAccessLog(document)) return undefined;
    const at = await this.requestAt(document, position.line);
    if (!at?.target || at.endpoints.length === 0) return undefined;
    const range = pathRange(document.lineAt(position.line).text, at.target);
    if (!range || position.character < range[0] || position.character > range[1]) return undefined;
    return at.endpoints.map((e) => this.locationOf(e));
  }
}
