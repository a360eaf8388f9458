import * as vscode from 'vscode';
import { setTrustedRootData } from '../core/certs/trustedRoots';

/** Where the bundle step copies src/core/certs/trusted-roots.json, inside the extension's folder. */
export const TRUSTED_ROOTS_FILE = ['dist', 'trusted-roots.json'] as const;

/**
 * Reads the shipped trusted roots from the extension's folder and hands them to the core. The
 * extension's bundles leave the 44 KB of data out (scripts/bundle.mjs) to stay small; the file
 * is the same, so every trust check is the same. workspace.fs reads the extension's own files
 * in the web worker too.
 */
export async function loadTrustedRoots(extensionUri: vscode.Uri): Promise<void> {
  const uri = vscode.Uri.joinPath(extensionUri, ...TRUSTED_ROOTS_FILE);
  try {
    setTrustedRootData(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))));
  } catch (err) {
    throw new Error(`iFlow Sender Auth cannot read its trusted roots (${uri.toString(true)}): ${err instanceof Error ? err.message : String(err)}. Reinstall the extension.`, { cause: err });
  }
}
