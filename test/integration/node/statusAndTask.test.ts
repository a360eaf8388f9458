import * as assert from 'assert';
import * as vscode from 'vscode';
import { runCli } from '../../../src/cli/main';
import { LintTaskProvider } from '../../../src/vscode/lintTask';
import { api, EXTENSION_ID, ours, until, workspaceUri } from '../helpers';

/** The CLI's JSON findings over `paths` of the workspace folder (run in the extension host). */
async function cliFindings(cwd: string, ...paths: string[]): Promise<Array<{ file: string; rule: string }>> {
  let out = '';
  await runCli(['lint', '--format', 'json', ...paths], { stdout: (s) => { out += s; }, stderr: () => undefined, isTTY: false, cwd, env: {} });
  return JSON.parse(out).findings;
}

describe('the status item and the Lint Workspace task', () => {
  it('the language status item counts iFlows and problems, and opens the log', async () => {
    const { status, workspace } = await api();
    await workspace.catchUp();
    status.update();
    const project = workspace.current;
    const count = (severity: string): number => project.allFindings().filter((f) => !f.suppressed && f.severity === severity).length;
    assert.strictEqual(status.text, `iFlow Sender Auth: ${project.documents().length} iFlows`);
    assert.ok(count('error') > 0);
    assert.match(status.detail ?? '', new RegExp(`^${count('error')} errors?, ${count('warning')} warnings?, ${count('info')} info$`));
    assert.ok((await vscode.commands.getCommands(true)).includes('iflowAuth.showLog'));
    await vscode.commands.executeCommand('iflowAuth.showLog');
  });

  it('the iflow-auth: Lint Workspace task runs the CLI and its problems appear', async function () {
    this.timeout(300_000);
    await api();
    const tasks = await vscode.tasks.fetchTasks({ type: 'iflow-auth' });
    assert.deepStrictEqual(tasks.map((t) => `${t.source}: ${t.name}`), ['iflow-auth: Lint Workspace']);
    assert.deepStrictEqual(tasks[0].problemMatchers, ['$iflow-auth']);
    // Over a folder of its own, so the task's problems (which outlive the test) touch no other test's files.
    await vscode.workspace.fs.copy(workspaceUri('Orders_Inbound'), workspaceUri('tasktest', 'Orders_Inbound'));
    const folder = vscode.workspace.workspaceFolders![0];
    const task = new LintTaskProvider(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri)
      .resolveTask(new vscode.Task({ type: 'iflow-auth', task: 'lint', paths: ['tasktest'] }, folder, 'Lint Workspace', 'iflow-auth'))!;
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.definition.type !== 'iflow-auth') return;
        sub.dispose();
        resolve(e.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    assert.strictEqual(await ended, 1, 'the CLI found warnings: exit 1');
    const copy = workspaceUri('tasktest', 'Orders_Inbound', 'src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw');
    const expected = (await cliFindings(workspaceUri().fsPath, 'tasktest')).filter((f) => f.file.endsWith('Orders_Inbound.iflw')).length;
    assert.ok(expected > 0);
    // The problem matcher's problems carry the rule as a plain code (the extension's own link to the rule's page).
    const byTask = await until('the task’s problems', () => {
      const found = ours(copy).filter((d) => typeof d.code === 'string');
      return found.length === expected && found;
    });
    assert.ok(byTask.some((d) => d.code === 'client-certificate-authorization' && d.severity === vscode.DiagnosticSeverity.Warning));
  });
});
