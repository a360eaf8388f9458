import * as vscode from 'vscode';
import type { IFlowDocument } from '../core/model';
import { Project, type LoadProgress, type ProjectUpdate } from '../core/project/project';
import type { Finding } from '../core/rules/types';
import { readSettings } from './config';
import { WorkspaceFileSystem } from './fileSystem';
import type { ExtensionLog } from './log';

const decoder = new TextDecoder('utf-8');

/** Reads a file through `vscode.workspace.fs` (so remote and virtual workspaces work); undefined if missing. */
export async function readText(uri: string): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(uri));
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

export const isIFlowUri = (uri: vscode.Uri): boolean => uri.path.toLowerCase().endsWith('.iflw');

/** iFlows in the order a person looks for them: by name, then path. */
export const byIFlowName = (a: IFlowDocument, b: IFlowDocument): number => a.iflowName.localeCompare(b.iflowName) || a.file.localeCompare(b.file);

/**
 * While a first read reads the iFlows, the iFlows read so far are shown this long after the first
 * one was read, then at doubling intervals: the first rows come at once, and the view is redrawn
 * a few times in all (each redraw costs as much as the rows shown).
 */
const FIRST_PROGRESS_MS = 250;

/** What changed in the model: the files whose findings changed, or everything (a reload). */
export interface WorkspaceChange {
  changed: readonly string[];
  all: boolean;
}

/**
 * The editor's view of the project model: one Project over the workspace folders, read through
 * `vscode.workspace.fs` with open documents winning over the disk, each folder with its own
 * settings and mapping file. The diagnostics, the tree, the hover and the code actions all ask
 * `current` (the project: every query by file; without a file, the first workspace folder's), so
 * they always agree; this class keeps it up to date and says what the editor shows of its findings.
 */
export class SenderAuthWorkspace implements vscode.Disposable {
  private project: Project;
  private generation = 0;
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  /** The signature check running, if any. */
  private verifying?: Promise<void>;
  private readonly changed = new vscode.EventEmitter<WorkspaceChange>();
  /** Fires after findings were recomputed. */
  readonly onDidChange = this.changed.event;
  private readonly read = new vscode.EventEmitter<void>();
  /**
   * Fires when a first read of the workspace has read its files and is linting them: the iFlows
   * can be shown (their findings follow with onDidChange).
   */
  readonly onDidRead = this.read.event;
  private readonly readSome = new vscode.EventEmitter<LoadProgress>();
  /**
   * Fires while a first read of the workspace reads the iFlows (when nothing was shown before):
   * `current` holds those read so far, which can be shown; onDidRead follows once all are.
   */
  readonly onDidReadSome = this.readSome.event;
  /** The reload running, if any: a command waits for it (idle) before it acts. */
  private loading?: Promise<void>;

  /** `beforeReading`: what must be done before the workspace is read (the trusted roots loaded). */
  constructor(
    private readonly log?: ExtensionLog,
    private readonly beforeReading: Promise<void> = Promise.resolve(),
  ) {
    this.project = this.createProject();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending.clear();
    this.changed.dispose();
    this.read.dispose();
    this.readSome.dispose();
  }

  /**
   * A path changed (typed in, or on disk): it is handed to the model with the others once events
   * pause for `delayMs`, so a burst of keystrokes or file events costs one update.
   */
  schedule(uri: string, delayMs: number): void {
    this.pending.add(uri);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delayMs);
  }

  /** Applies what is pending now; resolves once every change handed in so far (and a reload running) is in the model. */
  async idle(): Promise<void> {
    if (this.pending.size > 0) this.flush();
    await this.loading?.catch(() => undefined);
    return this.running;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const paths = [...this.pending];
    this.pending.clear();
    if (paths.length === 0) return;
    // After a reload running: its project is the one to update (it may have read these files before they changed).
    this.running = this.running.then(() => this.loading?.catch(() => undefined)).then(() => this.update(paths)).then(
      () => undefined,
      (e: unknown) => this.log?.error(`Updating ${paths.join(', ')} failed`, e),
    );
  }

  /** The project model the editor shows. */
  get current(): Project {
    return this.project;
  }

  private createProject(): Project {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return new Project({
      fs: new WorkspaceFileSystem(),
      roots: folders.map((f) => ({ path: f.uri.toString() })),
      editorSettings: (folder) => readSettings(vscode.Uri.parse(folder)).values,
    });
  }

  /**
   * Reads the workspace from scratch (activation, Refresh, settings or folders changed). When
   * nothing is shown yet, the project is shown as soon as its files are read, while they are linted.
   */
  reloadAll(): Promise<void> {
    const loading = this.load();
    this.loading = loading;
    return loading.finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    await this.beforeReading;
    const project = this.createProject();
    const started = Date.now();
    let read = started;
    // A first read shows its project while it reads (a Refresh keeps what is shown until it is done).
    const show = (): boolean => {
      if (generation !== this.generation) return false;
      if (this.project !== project && this.project.documents().length > 0) return false;
      this.project = project;
      return true;
    };
    let nextShown = 0;
    let interval = FIRST_PROGRESS_MS;
    await project.load('everything', {
      progress: (progress) => {
        const now = Date.now();
        if (nextShown === 0) nextShown = now;
        if (now < nextShown || !show()) return;
        nextShown = now + interval;
        interval *= 2;
        this.readSome.fire(progress);
      },
      read: () => {
        read = Date.now();
        if (show()) this.read.fire();
      },
    });
    if (generation !== this.generation) return; // a newer reload replaced this one
    this.project = project;
    this.log?.info(`Read ${project.documents().length} iFlows, ${project.certificateFiles().size} certificate files and ${project.mappingFiles().length} mapping files in ${read - started} ms, linted them in ${Date.now() - read} ms.`);
    for (const p of project.problems()) this.log?.[p.kind === 'error' ? 'warn' : 'info'](`${p.file}: ${p.message}`);
    const publishing = Date.now();
    this.changed.fire({ changed: [], all: true });
    this.log?.info(`Showed the findings in ${Date.now() - publishing} ms.`);
    this.verifySignaturesLater();
  }

  /** Files (or folders) changed, were created or deleted: re-read and re-lint what they affect. */
  async update(uris: readonly string[]): Promise<ProjectUpdate | undefined> {
    const project = this.project;
    const result = await project.update(uris);
    if (project !== this.project) return undefined; // reloaded meanwhile: the reload published everything
    if (result.changed.length > 0 || result.relinted.length > 0) this.changed.fire({ changed: result.changed, all: false });
    this.verifySignaturesLater();
    return result;
  }

  /**
   * Checks the signatures of the chain links the last lint followed by names and key ids, after
   * it (never on the typing path); publishes what a link that does not verify changes.
   */
  private verifySignaturesLater(): void {
    const project = this.project;
    if (this.verifying || project.pendingSignatures === 0) return;
    this.verifying = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => project.checkSignatures())
      .then((result) => {
        this.verifying = undefined;
        if (project !== this.project) return;
        if (result.changed.length > 0) this.changed.fire({ changed: result.changed, all: false });
        this.verifySignaturesLater();
      }, (e: unknown) => {
        this.verifying = undefined;
        this.log?.error('Checking certificate signatures failed', e);
      });
  }

  /** Resolves when no signature check is waiting (the hover and tests wait for it). */
  async signaturesChecked(): Promise<void> {
    while (this.verifying || this.project.pendingSignatures > 0) {
      if (!this.verifying) this.verifySignaturesLater();
      await this.verifying;
    }
  }

  /**
   * Makes sure the model holds every change so far and the current text of every open document
   * it reads (a code action, hover or command asks before the debounce fired).
   */
  async catchUp(): Promise<void> {
    await this.idle();
    const behind = vscode.workspace.textDocuments
      .map((d) => d.uri.toString())
      .filter((uri, i) => this.project.isRelevant(uri) && this.project.textOf(uri) !== vscode.workspace.textDocuments[i].getText());
    if (behind.length > 0) await this.update(behind);
  }

  /** A file's findings as the editor shows them: without those an exemption of .iflow-auth.json covers. */
  findings(uri: string): Finding[] {
    return this.project.findings(uri).filter((f) => !f.suppressed);
  }

  /** A file's findings an exemption covers (shown on request, not as problems). */
  exemptedFindings(uri: string): Finding[] {
    return this.project.findings(uri).filter((f) => f.suppressed);
  }
}
