/**
 * The file-system port: everything the project model reads goes through it, so the same model
 * runs on Node's `fs` (the CLI), on `vscode.workspace.fs` (the editor, desktop and web) and in
 * memory (tests). Changes are not watched here: the host hands changed paths to
 * `Project.update()`.
 */
import { EXCLUDED_FOLDERS } from '../defaults';
import { pathMatcher } from '../glob';
import { relativePath } from '../paths';
import { comparePaths } from './paths';

export type FileType = 'file' | 'directory';

/** A file or folder that could not be read, with a message a person understands. */
export interface FileProblem {
  file: string;
  message: string;
}

export interface FoundFiles {
  files: string[];
  /** Folders that could not be listed (the search went on without them). */
  problems: FileProblem[];
}

export interface FileSystemPort {
  /** The file's bytes; undefined when it does not exist. Throws (with a readable message) when it cannot be read. */
  readBytes(path: string): Promise<Uint8Array | undefined>;
  /** The text of an open editor for the file (its unsaved edits win over the disk); undefined when none. */
  openText?(path: string): string | undefined;
  /** What the path is; undefined when nothing is there. */
  stat(path: string): Promise<FileType | undefined>;
  /** Files below `folder` whose path relative to it matches any of the glob patterns. */
  findFiles(folder: string, patterns: readonly string[]): Promise<FoundFiles>;
  /** `folder` + a relative path with `/` separators, in the port's path syntax. */
  join(folder: string, relative: string): string;
}

export interface DirectoryEntry {
  name: string;
  type: FileType;
}

/**
 * Whether a file below `folder` is one findFiles returns: it matches a pattern and lies in no
 * folder no one lints (node_modules, version control).
 */
export function foundFileMatcher(folder: string, patterns: readonly string[]): (path: string) => boolean {
  const match = pathMatcher(patterns);
  return (path) => {
    const relative = relativePath(folder, path);
    if (relative === undefined || relative === '' || relative.startsWith('../')) return false;
    const segments = relative.split('/');
    for (let i = 0; i < segments.length - 1; i++) if (EXCLUDED_FOLDERS.includes(segments[i])) return false;
    return match(relative);
  };
}

/** findFiles for ports that can only list a folder (Node's fs): a walk of sorted folders. */
export async function findByWalking(
  list: (folder: string) => Promise<DirectoryEntry[]>,
  join: (folder: string, name: string) => string,
  folder: string,
  patterns: readonly string[],
): Promise<FoundFiles> {
  const match = foundFileMatcher(folder, patterns);
  const found: FoundFiles = { files: [], problems: [] };
  const walk = async (dir: string): Promise<void> => {
    let entries: DirectoryEntry[];
    try {
      entries = await list(dir);
    } catch (e) {
      found.problems.push({ file: dir, message: `cannot read folder: ${(e as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(dir, entry.name);
      if (entry.type === 'directory') {
        if (!EXCLUDED_FOLDERS.includes(entry.name)) await walk(child);
      } else if (match(child)) {
        found.files.push(child);
      }
    }
  };
  await walk(folder);
  found.files.sort(comparePaths);
  return found;
}
