import * as vscode from 'vscode';
import { DEFAULT_CF_EXPORT_FOLDER, DEFAULT_NEO_EXPORT_FOLDER } from '../core/defaults';
import { cfExport, neoExport, planExportWrite, type ExportFile, type ExportResult, type FolderEntry } from '../core/mapping/export';
import type { MappingFile } from '../core/mapping/types';
import type { CommandContext } from './commands';

const KINDS = {
  neo: { label: 'Neo', run: neoExport, hint: 'payloads for POST /api/v1/CertificateUserMappings', folder: DEFAULT_NEO_EXPORT_FOLDER },
  cf: { label: 'Cloud Foundry', run: cfExport, hint: 'service-instance parameters and certificate_external service keys', folder: DEFAULT_CF_EXPORT_FOLDER },
} as const;

type Item<T> = vscode.QuickPickItem & { value: T };

const relative = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false);

/** What the folder holds now (missing: nothing); symbolic links are not followed. */
async function folderEntries(folder: vscode.Uri): Promise<FolderEntry[]> {
  const exists = await vscode.workspace.fs.stat(folder).then((s) => (s.type & vscode.FileType.Directory) !== 0, () => false);
  if (!exists) return [];
  const names = await vscode.workspace.fs.readDirectory(folder);
  return Promise.all(names.map(async ([name, type]): Promise<FolderEntry> => {
    if (type & vscode.FileType.SymbolicLink) return { name, link: true };
    if (!(type & vscode.FileType.File)) return { name, folder: true };
    return { name, bytes: await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)) };
  }));
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));

/**
 * Writes a file atomically through vscode.workspace.fs — a temporary file beside it, renamed over
 * it — and only while it still holds `expected` (undefined: it must not exist).
 */
async function writeAtomic(uri: vscode.Uri, bytes: Uint8Array, expected: Uint8Array | undefined): Promise<void> {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const tmp = vscode.Uri.joinPath(uri, '..', `.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  await vscode.workspace.fs.writeFile(tmp, bytes);
  try {
    const now = await vscode.workspace.fs.readFile(uri).then((b) => b, () => undefined);
    if (!sameBytes(now, expected)) throw new Error(`${name} changed while the export was written; it was left alone`);
    await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
  } catch (e) {
    await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
    throw e;
  }
}

/**
 * Where to export: the default folder next to the mapping file, a folder typed (new ones are
 * made), or one picked in the folder dialog, which opens at the mapping file's folder.
 */
async function chooseFolder(ctx: CommandContext, kind: keyof typeof KINDS, mappingFolder: vscode.Uri): Promise<vscode.Uri | undefined> {
  const { label, hint, folder } = KINDS[kind];
  const fallback = vscode.Uri.joinPath(mappingFolder, folder);
  const picked = await ctx.prompter.pick<Item<'default' | 'type' | 'browse'>>([
    { label: `$(folder) ${relative(fallback)}`, description: 'a folder of its own, next to the mapping file (recommended)', value: 'default' },
    { label: '$(edit) Type a folder…', description: 'relative to the mapping file’s folder; a new folder is made', value: 'type' },
    { label: '$(folder-opened) Browse…', value: 'browse' },
  ], { title: `Export Mappings for ${label}: where to`, placeholder: hint });
  const choice = picked?.[0]?.value;
  if (choice === 'default') return fallback;
  if (choice === 'type') {
    const typed = await ctx.prompter.input({
      title: `Export Mappings for ${label}: folder`,
      prompt: `A folder relative to ${relative(mappingFolder) || 'the workspace'} (made if missing)`,
      value: folder,
      validate: (v) => (!v.trim() ? 'A folder is required' : v.split(/[\\/]/).includes('..') ? 'Stay inside the workspace (no "..")' : undefined),
    });
    return typed === undefined ? undefined : vscode.Uri.joinPath(mappingFolder, ...typed.trim().split(/[\\/]+/).filter(Boolean));
  }
  if (choice === 'browse') {
    return (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: mappingFolder, openLabel: 'Export here', title: `Export Mappings for ${label} (${hint})` }))?.[0];
  }
  return undefined;
}

/**
 * Export mappings for Neo / Cloud Foundry: writes the core's export files into a folder of their
 * own. Files iflow-auth did not write there are never overwritten unless the user confirms it
 * (or `options.force`); every file is written atomically. Entries without a certificate are never
 * exported half-filled: they are listed instead.
 */
export const exportMappings = (kind: keyof typeof KINDS) => (ctx: CommandContext) => async (target?: vscode.Uri, options: { force?: boolean } = {}): Promise<ExportResult | undefined> => {
  const { label, run } = KINDS[kind];
  const mapping: MappingFile | undefined = ctx.workspace.current.mappingFor();
  if (!mapping) {
    void vscode.window.showWarningMessage(`Export Mappings for ${label}: there is no ${ctx.workspace.current.settingsFor().mappingFile.value} in the workspace yet. Move a channel's certificates there with the quick fix, or use Import Certificate….`);
    return undefined;
  }
  if (mapping.error) {
    void vscode.window.showErrorMessage(`Export Mappings for ${label}: the mapping file ${mapping.error.message}.`);
    return undefined;
  }
  const result = run(mapping);
  if (result.refused) {
    void vscode.window.showErrorMessage(`Export Mappings for ${label}: not exported: ${result.refused}`);
    return result;
  }
  const folder = target ?? (await chooseFolder(ctx, kind, vscode.Uri.joinPath(vscode.Uri.parse(ctx.workspace.current.mappingPathFor()), '..')));
  if (!folder) return undefined;
  const where = relative(folder);
  let entries = await folderEntries(folder);
  let plan = planExportWrite(kind, result, entries, options);
  if (plan.refused) {
    const over = plan.overwrite.length > 0;
    const writeAnyway = await ctx.prompter.confirm({
      title: `Export Mappings for ${label}: ${where} holds files iflow-auth did not write.`,
      detail: `${plan.refused[0].toUpperCase()}${plan.refused.slice(1)}.\n\n${over ? `Overwrite ${plan.overwrite.join(', ')}` : 'Write the export beside them'}? Every other file stays. Cancel and choose another folder to leave ${where} as it is.`,
      action: over ? 'Overwrite' : 'Write Anyway',
    });
    if (!writeAnyway) {
      void vscode.window.showWarningMessage(`Export Mappings for ${label}: nothing written to ${where}: ${plan.refused}.`);
      return { ...result, files: [], refused: plan.refused };
    }
    entries = await folderEntries(folder);
    plan = planExportWrite(kind, result, entries, { force: true });
  }
  const encoder = new TextEncoder();
  // Each file only while it still holds what the plan was made from; the index first and last.
  const seen = new Map(entries.filter((e) => e.bytes).map((e) => [e.name, e.bytes]));
  const write = async (file: ExportFile): Promise<void> => {
    const uri = vscode.Uri.joinPath(folder, file.name);
    const bytes = encoder.encode(file.content);
    const expected = seen.has(file.name) ? seen.get(file.name) : await vscode.workspace.fs.readFile(uri).then((b) => b, () => undefined);
    await writeAtomic(uri, bytes, expected);
    seen.set(file.name, bytes);
  };
  try {
    await vscode.workspace.fs.createDirectory(folder);
    await write(plan.indexFirst);
    for (const file of plan.write) await write(file);
    for (const name of plan.remove) await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, name));
  } catch (e) {
    void vscode.window.showErrorMessage(`Export Mappings for ${label}: cannot write to ${where}: ${(e as Error).message}`);
    return undefined;
  }
  const open = 'Open Folder';
  const removed = plan.remove.length > 0 ? ` Removed ${plan.remove.join(', ')} (no longer exported).` : '';
  const message = result.blocking.length > 0
    ? vscode.window.showWarningMessage(`Exported ${plan.write.length} files for ${label} to ${where}; ${result.blocking.length} mapping(s) not exported: ${result.blocking.join('; ')}${removed}`, open)
    : vscode.window.showInformationMessage(`Exported ${plan.write.length} files for ${label} to ${where}.${removed}`, open);
  void message.then(async (chosen) => {
    if (chosen !== open) return;
    await vscode.commands.executeCommand('revealInExplorer', folder);
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'README.md'), { preview: true });
  });
  return { ...result, files: plan.write };
};
