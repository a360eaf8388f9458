import * as vscode from 'vscode';
import { EXCLUDED_FOLDERS } from '../core/defaults';
import { findByWalking, type DirectoryEntry, type FileSystemPort, type FileType, type FoundFiles } from '../core/project/fileSystem';
import { sortPaths } from '../core/project/paths';

const EXCLUDE = `**/{${EXCLUDED_FOLDERS.join(',')}}/**`;

const typeOf = (t: vscode.FileType): FileType | undefined =>
  t & vscode.FileType.Directory ? 'directory' : t & vscode.FileType.File ? 'file' : undefined;

const notFound = (e: unknown): boolean => e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'FileIsADirectory');

/**
 * Glob patterns that can be searched as one, `**\/{a,b/c}`: all start with `**\/` and hold no
 * other `**` or braces (alternatives do not nest). Others are searched one by one.
 */
function asOneGlob(patterns: readonly string[]): string[] {
  if (patterns.length > 1 && patterns.every((p) => p.startsWith('**/') && !p.slice(3).includes('**') && !/[{}]/.test(p))) return [`**/{${patterns.map((p) => p.slice(3)).join(',')}}`];
  return [...patterns];
}

/**
 * The project model's port onto the workspace: `vscode.workspace.fs` (local, remote and virtual
 * workspaces alike), the workspace's file search, and the open documents, whose unsaved edits win
 * over the disk. Paths are URI strings.
 */
export class WorkspaceFileSystem implements FileSystemPort {
  /**
   * Each read is a round trip to the window (VS Code asks it, for every read, whether the file
   * system is ready), even when the extension host reads the disk itself: many in flight.
   */
  readonly readsAtOnce = 256;

  async readBytes(path: string): Promise<Uint8Array | undefined> {
    try {
      return await vscode.workspace.fs.readFile(vscode.Uri.parse(path));
    } catch (e) {
      if (notFound(e)) return undefined;
      throw new Error((e as Error).message, { cause: e });
    }
  }

  /** Only a document with unsaved edits differs from the disk; a clean one reads the same from either. */
  openText(path: string): string | undefined {
    const doc = vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.toString() === path);
    return doc?.getText();
  }

  async stat(path: string): Promise<FileType | undefined> {
    try {
      return typeOf((await vscode.workspace.fs.stat(vscode.Uri.parse(path))).type);
    } catch (e) {
      if (notFound(e)) return undefined;
      throw new Error((e as Error).message, { cause: e });
    }
  }

  async findFiles(folder: string, patterns: readonly string[]): Promise<FoundFiles> {
    const base = vscode.Uri.parse(folder);
    try {
      // Each search walks the whole folder: as few as can be.
      const found = await Promise.all(asOneGlob(patterns).map((p) => vscode.workspace.findFiles(new vscode.RelativePattern(base, p), EXCLUDE)));
      return { files: sortPaths(new Set(found.flat().map((u) => u.toString()))), problems: [] };
    } catch {
      // No file search here (some virtual workspaces): list the folders instead.
      return findByWalking(async (dir) => this.list(dir), (dir, name) => this.join(dir, name), folder, patterns);
    }
  }

  join(folder: string, relative: string): string {
    return vscode.Uri.joinPath(vscode.Uri.parse(folder), ...relative.split('/').filter(Boolean)).toString();
  }

  private async list(dir: string): Promise<DirectoryEntry[]> {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(dir));
    return entries.flatMap(([name, type]): DirectoryEntry[] => {
      const t = typeOf(type);
      return t ? [{ name, type: t }] : [];
    });
  }
}
