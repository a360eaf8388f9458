import * as vscode from 'vscode';

export const TASK_TYPE = 'iflow-auth';

/**
 * *iflow-auth: Lint Workspace*: the bundled CLI over a workspace folder, its compact output read
 * by the `$iflow-auth` problem matcher: the same full list CI prints, in the Problems panel. Runs
 * the CLI with the extension host's own runtime (no `node` needed on the PATH); where processes
 * cannot run (the web), no task is offered.
 */
export class LintTaskProvider implements vscode.TaskProvider {
  constructor(private readonly extensionUri: vscode.Uri) {}

  provideTasks(): vscode.Task[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => {
      const task = this.taskFor(folder, { type: TASK_TYPE, task: 'lint' });
      return task ? [task] : [];
    });
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    return folder && task.definition.type === TASK_TYPE ? this.taskFor(folder, task.definition) : undefined;
  }

  private taskFor(folder: vscode.WorkspaceFolder, definition: vscode.TaskDefinition): vscode.Task | undefined {
    // The extension host's own runtime; a web worker has none (and no processes), so no task there.
    const runtime = (globalThis as { process?: { execPath?: unknown } }).process?.execPath;
    if (typeof runtime !== 'string') return undefined;
    if (folder.uri.scheme !== 'file') return undefined;
    const cli = vscode.Uri.joinPath(this.extensionUri, 'dist', 'cli.js').fsPath;
    const paths = Array.isArray(definition.paths) && definition.paths.length > 0 ? definition.paths.map(String) : ['.'];
    const execution = new vscode.ProcessExecution(runtime, [cli, 'lint', '--format', 'compact', '--no-color', ...paths], {
      cwd: folder.uri.fsPath,
      // The editor's runtime is Electron in desktop VS Code: run it as plain Node.
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const name = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `Lint Workspace (${folder.name})` : 'Lint Workspace';
    const task = new vscode.Task(definition, folder, name, TASK_TYPE, execution, ['$iflow-auth']);
    task.group = vscode.TaskGroup.Test;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
    return task;
  }
}
