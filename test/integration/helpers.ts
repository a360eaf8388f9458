import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SenderAuthApi } from '../../src/vscode/extension';
import type { SenderAuthNode, SenderAuthTree } from '../../src/vscode/tree';

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

/**
 * A file beside the workspace folder, not in it. The runners open a temp copy of the workspace
 * (…/<temp>/workspace), so its parent is scratch space; the same URI scheme as the workspace, so it
 * also works from the browser's web-worker host, which has no os.tmpdir.
 */
export function outsideWorkspaceUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceUri(), '..', 'outside-workspace', name);
}

const decoder = new TextDecoder();

/** A file's text on disk; undefined when it does not exist. */
export async function readFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** A file's text as the user sees it: the open document's (unsaved edits included), else the disk's. */
export async function textOf(uri: vscode.Uri): Promise<string | undefined> {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText() ?? readFile(uri);
}

/** A file of the repository (the extension under development), in any extension host. */
export function repoUri(relativePath: string): vscode.Uri {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return vscode.Uri.joinPath(ext.extensionUri, ...relativePath.split('/'));
}

export const iflowUri = (name: string): vscode.Uri =>
  workspaceUri(name, 'src/main/resources/scenarioflows/integrationflow', `${name}.iflw`);

/**
 * Waits until `probe` returns a value (not undefined/false). Not a timed assertion: the limit
 * only turns a hang into a readable failure naming what never happened.
 */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, limitMs = 120_000): Promise<T> {
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

/** The workspace's files as the suite found them: uri → bytes. */
let pristine: Map<string, Uint8Array> | undefined;

async function filesUnder(dir: vscode.Uri, out = new Map<string, Uint8Array>()): Promise<Map<string, Uint8Array>> {
  for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
    const uri = vscode.Uri.joinPath(dir, name);
    if (type & vscode.FileType.Directory) await filesUnder(uri, out);
    else if (type & vscode.FileType.File) out.set(uri.toString(), await vscode.workspace.fs.readFile(uri));
  }
  return out;
}

/** Records the workspace's files once, before the first test (test/integration/index.ts calls it). */
export async function snapshotWorkspace(): Promise<void> {
  pristine ??= await filesUnder(workspaceUri());
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Puts the workspace back as the suite found it, so no test depends on what another one left
 * behind (the suite runs in any order: INTEGRATION_ORDER): unsaved changes reverted, editors
 * closed, settings reset, every file's bytes restored, files a test created deleted, and the
 * extension's model rebuilt from that.
 */
export async function restoreWorkspace(): Promise<void> {
  if (!pristine) return;
  await vscode.commands.executeCommand('refactorPreview.discard'); // a preview left open blocks the next fix
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc, { preview: false });
    await until(`${doc.uri.path} in the active editor`, () => vscode.window.activeTextEditor?.document === doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until(`${doc.uri.path} reverted`, () => !doc.isDirty);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  const config = vscode.workspace.getConfiguration('iflowAuth');
  for (const key of ['rules', 'expiryWarningDays', 'genericRoles', 'mappingFile', 'certificateGlobs', 'flowRole', 'certificatesFolder', 'trustedRoots']) {
    if (config.inspect(key)?.workspaceValue !== undefined) await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
  const now = await filesUnder(workspaceUri());
  for (const [uri, bytes] of pristine) {
    const current = now.get(uri);
    if (!current || !sameBytes(current, bytes)) await vscode.workspace.fs.writeFile(vscode.Uri.parse(uri), bytes);
  }
  for (const uri of now.keys()) {
    if (!pristine.has(uri) && !uri.includes('/.vscode/')) await vscode.workspace.fs.delete(vscode.Uri.parse(uri), { useTrash: false });
  }
  // Folders a test created (now empty) go too.
  const folders = async (dir: vscode.Uri): Promise<void> => {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(dir)) {
      if (!(type & vscode.FileType.Directory) || name === '.vscode') continue;
      const uri = vscode.Uri.joinPath(dir, name);
      if (![...pristine!.keys()].some((k) => k.startsWith(`${uri.toString()}/`))) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
      else await folders(uri);
    }
  };
  await folders(workspaceUri());
  const { workspace } = await api();
  await workspace.reloadAll();
}

/** A tree row as VS Code holds it once the user points at it: with its tooltip (resolveTreeItem). */
export function resolvedItem(tree: SenderAuthTree, node: SenderAuthNode): Promise<vscode.TreeItem> {
  return tree.resolveTreeItem(tree.getTreeItem(node), node);
}
