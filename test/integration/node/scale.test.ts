import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { runCli } from '../../../src/cli/main';
import { api, codeOf, ours, until, workspaceUri } from '../helpers';

const SEVERITY: Record<number, string> = { [vscode.DiagnosticSeverity.Error]: 'error', [vscode.DiagnosticSeverity.Warning]: 'warning', [vscode.DiagnosticSeverity.Information]: 'info' };
/** Copies of the examples: 2,007 iFlows, far more diagnostics than VS Code passes in one DiagnosticCollection.set call (1,100). */
const COPIES = 222;

describe('the editor at scale', () => {
  it(`every file's diagnostics arrive, equal to the CLI's findings file by file (the examples × ${COPIES + 1})`, async function () {
    this.timeout(900_000);
    const { workspace } = await api();
    const root = workspaceUri().fsPath;
    const exports = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'src/main/resources/scenarioflows/integrationflow')));
    const expected = exports.length * (COPIES + 1);
    try {
      for (let i = 0; i < COPIES; i++) {
        for (const e of exports) fs.cpSync(path.join(root, e), path.join(root, 'scale', `copy_${String(i).padStart(3, '0')}`, e), { recursive: true });
      }
      await until(`the model to read ${expected} iFlows`, async () => {
        await workspace.catchUp();
        return workspace.current.documents().length >= expected;
      }, 600_000);
      let out = '';
      await runCli(['lint', '--format', 'json', '.'], { stdout: (s) => { out += s; }, stderr: () => undefined, isTTY: false, cwd: root, env: {} });
      const key = (line: number, column: number, endLine: number, endColumn: number, rule: string, severity: string, message: string): string =>
        `${line}:${column}-${endLine}:${endColumn} ${severity} ${rule} ${message}`;
      const byFile = new Map<string, string[]>();
      for (const f of JSON.parse(out).findings as Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; rule: string; severity: string; message: string }>) {
        if (!byFile.has(f.file)) byFile.set(f.file, []);
        byFile.get(f.file)!.push(key(f.line, f.column, f.endLine, f.endColumn, f.rule, f.severity, f.message));
      }
      const files = [...workspace.current.documents().map((d) => d.file), ...workspace.current.mappingFiles().map((m) => m.file)]
        .filter((f) => !f.includes('!/')).map((f) => vscode.Uri.parse(f));
      const shown = (uri: vscode.Uri): string[] => ours(uri).filter((d) => typeof d.code !== 'string')
        .map((d) => key(d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, codeOf(d), SEVERITY[d.severity], d.message)).sort();
      const expectedOf = (uri: vscode.Uri): string[] => [...(byFile.get(vscode.workspace.asRelativePath(uri, false)) ?? [])].sort();
      await until('every file’s diagnostics', () => files.every((uri) => shown(uri).length === expectedOf(uri).length), 300_000);
      let compared = 0;
      for (const uri of files) {
        assert.deepStrictEqual(shown(uri), expectedOf(uri), vscode.workspace.asRelativePath(uri, false));
        compared += expectedOf(uri).length;
      }
      assert.ok(files.length >= expected && compared > 1100, `${files.length} files, ${compared} diagnostics compared (one set() call would have stopped at 1,100)`);
    } finally {
      fs.rmSync(path.join(root, 'scale'), { recursive: true, force: true });
      await until('the copies to leave the model', async () => {
        await workspace.catchUp();
        return workspace.current.documents().length < expected;
      }, 300_000);
    }
  });
});
