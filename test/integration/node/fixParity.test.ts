import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { runCli } from '../../../src/cli/main';
import { FIXABLE_RULES } from '../../../src/core/fixes';
import type { Finding } from '../../../src/core/rules/types';
import { api, codeOf, until } from '../helpers';
import { throughPreview } from '../preview';

/** Every file under `dir` by its path relative to it, as bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.set(path.relative(dir, p).split(path.sep).join('/'), fs.readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/** Puts `dir` back to `files`: changed files rewritten, new ones deleted. */
function restore(dir: string, files: Map<string, Buffer>): void {
  for (const [file, bytes] of snapshot(dir)) {
    const original = files.get(file);
    if (!original) fs.rmSync(path.join(dir, file));
    else if (!original.equals(bytes)) fs.writeFileSync(path.join(dir, file), original);
  }
}

const keyOf = (f: Finding): string => `${f.rule}\u0000${f.channel}\u0000${f.message}`;

/**
 * The editor's quick fixes, applied one by one as a person would, against `iflow-auth fix` on a
 * copy of the same workspace: `accept` answers the question a fix that changes who may call a
 * channel asks (the CLI applies those only with --rule).
 */
async function compare(accept: boolean): Promise<void> {
  const { workspace, prompter } = await api();
  const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
  const original = snapshot(root);
  const cliCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-fix-parity-'));
  fs.cpSync(root, cliCopy, { recursive: true });
  try {
    let err = '';
    const rules = accept ? FIXABLE_RULES.flatMap((r) => ['--rule', r]) : [];
    const code = await runCli(['fix', ...rules, '.'], { stdout: () => undefined, stderr: (s) => { err += s; }, isTTY: false, cwd: cliCopy, env: {} });
    assert.ok(code === 0 || code === 1, err);

    // The editor, fix by fix, in the order the CLI takes them: iFlow by iFlow as found, each
    // iFlow's fixable findings by rule and position, the preferred quick fix of each.
    prompter.answerConfirmation = () => accept;
    await workspace.catchUp();
    let applied = 0;
    for (const doc of workspace.current.documents()) {
      if (workspace.current.archiveOf(doc.file) !== undefined) continue;
      const uri = vscode.Uri.parse(doc.file);
      const attempted = new Set<string>();
      for (let step = 0; step < 100; step++) {
        await workspace.catchUp();
        const finding = workspace.current.findings(doc.file)
          .filter((f) => FIXABLE_RULES.includes(f.rule) && !attempted.has(keyOf(f)))
          .sort((a, b) => FIXABLE_RULES.indexOf(a.rule) - FIXABLE_RULES.indexOf(b.rule) || a.range.start - b.range.start)[0];
        if (!finding) break;
        const document = await vscode.workspace.openTextDocument(uri);
        const range = new vscode.Range(document.positionAt(finding.range.start), document.positionAt(finding.range.end));
        await until(`the diagnostic of ${finding.rule} in ${uri.path}`, () => vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === finding.rule && d.range.isEqual(range)));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
        const fix = actions.find((a) => a.isPreferred);
        if (!fix?.command) {
          attempted.add(keyOf(finding));
          continue;
        }
        // A fix spanning files is applied in the Refactor Preview, every change ticked.
        const { result } = await throughPreview(() => vscode.commands.executeCommand<boolean>(fix.command!.command, ...(fix.command!.arguments ?? [])), undefined);
        if (result) applied++;
        else attempted.add(keyOf(finding)); // declined: it changes who may call the channel
      }
    }
    assert.ok(applied >= 3, `${applied} fixes applied`);
    await vscode.commands.executeCommand('workbench.action.files.saveAll');
    const dirty = (): string[] => vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString());
    await until('every fixed document saved', async () => {
      if (dirty().length === 0) return true;
      await vscode.commands.executeCommand('workbench.action.files.saveAll');
      return false;
    }).catch((e: unknown) => assert.fail(`${String(e)}; still unsaved: ${dirty().join(', ')}`));

    const byEditor = snapshot(root);
    const byCli = snapshot(cliCopy);
    assert.deepStrictEqual([...byEditor.keys()].sort(), [...byCli.keys()].sort(), 'the same files');
    const changed = [...byCli].filter(([file, bytes]) => !original.get(file)?.equals(bytes)).map(([file]) => file);
    assert.ok(changed.includes('certificate-user-mappings.json') && changed.some((f) => f.endsWith('Orders_Inbound.iflw')), `the fixes changed ${changed.join(', ')}`);
    for (const [file, bytes] of byCli) assert.ok(bytes.equals(byEditor.get(file)!), `${file} differs between the editor and iflow-auth fix`);
  } finally {
    prompter.answerConfirmation = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const touched = [...snapshot(root)].filter(([file, bytes]) => !original.get(file)?.equals(bytes)).map(([file]) => file);
    restore(root, original);
    fs.rmSync(cliCopy, { recursive: true, force: true });
    // The next tests expect the examples as they were: wait until the model has read them again.
    await until('the model to read the restored files', async () => {
      await workspace.catchUp();
      return touched.every((file) => {
        const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, file).toString();
        const text = workspace.current.textOf(uri);
        return text === undefined || text === original.get(file)!.toString('utf8').replace(/^\uFEFF/, '');
      });
    });
  }
}

describe('the editor and iflow-auth fix agree', () => {
  it('the editor’s quick fixes, applied and saved, write the same bytes as iflow-auth fix (no access changed)', async function () {
    this.timeout(300_000);
    await compare(false);
  });

  it('… and as iflow-auth fix --rule for every rule, when the editor’s questions are answered yes', async function () {
    this.timeout(300_000);
    await compare(true);
  });
});
