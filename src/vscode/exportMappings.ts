import * as vscode from 'vscode';
import { cfExport, neoExport, type ExportResult } from '../core/mapping/export';
import type { MappingFile } from '../core/mapping/types';
import type { CommandContext } from './commands';

const KINDS = {
  neo: { label: 'Neo', run: neoExport, hint: 'payloads for POST /api/v1/CertificateUserMappings' },
  cf: { label: 'Cloud Foundry', run: cfExport, hint: 'service-instance parameters and certificate_external service keys' },
} as const;

/**
 * Export mappings for Neo / Cloud Foundry: writes the core's export files into a folder the user
 * picks. Entries without a certificate are never exported half-filled: they are listed instead.
 */
export const exportMappings = (kind: keyof typeof KINDS) => (ctx: CommandContext) => async (target?: vscode.Uri): Promise<ExportResult | undefined> => {
  const { label, run, hint } = KINDS[kind];
  const mapping: MappingFile | undefined = ctx.workspace.mappingFile();
  if (!mapping) {
    void vscode.window.showWarningMessage(`Export mappings for ${label}: there is no ${ctx.workspace.currentSettings.mappingFile} in the workspace yet. Move a channel's certificates there with the quick fix, or use Import Certificate….`);
    return undefined;
  }
  if (mapping.error) {
    void vscode.window.showErrorMessage(`Export mappings for ${label}: the mapping file ${mapping.error.message}.`);
    return undefined;
  }
  const folder = target ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here', title: `Export mappings for ${label} (${hint})` }))?.[0];
  if (!folder) return undefined;
  const result = run(mapping);
  await vscode.workspace.fs.createDirectory(folder);
  const encoder = new TextEncoder();
  for (const file of result.files) {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, ...file.name.split('/')), encoder.encode(file.content));
  }
  const where = vscode.workspace.asRelativePath(folder, false);
  if (result.blocking.length > 0) {
    void vscode.window.showWarningMessage(`Exported ${result.files.length} files to ${where} for ${label}; ${result.blocking.length} mapping(s) not exported: ${result.blocking.join('; ')}`);
  } else {
    void vscode.window.showInformationMessage(`Exported ${result.files.length} files to ${where} for ${label}.`);
  }
  return result;
};
