import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SenderAuthApi } from '../../src/vscode/extension';

export const EXTENSION_ID = 'iflow-sender-auth.iflow-sender-auth';

/** The activated extension's API, after its first workspace scan. */
export async function api(): Promise<SenderAuthApi> {
  const ext = vscode.extensions.getExtension<SenderAuthApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  const extensionApi = await ext.activate();
  await extensionApi.ready;
  return extensionApi;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export const iflowUri = (name: string): vscode.Uri =>
  workspaceUri(name, 'src/main/resources/scenarioflows/integrationflow', `${name}.iflw`);

/**
 * Waits until `probe` returns a value (not undefined/false). Not a timed assertion: the limit
 * only turns a hang into a readable failure naming what never happened.
 */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'iflow-auth');

export const codeOf = (d: vscode.Diagnostic): string =>
  typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);

export function withCode(uri: vscode.Uri, code: string): vscode.Diagnostic[] {
  return ours(uri).filter((d) => codeOf(d) === code);
}

/** The file's text under a diagnostic's range. */
export async function textUnder(uri: vscode.Uri, d: vscode.Diagnostic): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return doc.getText(d.range);
}
