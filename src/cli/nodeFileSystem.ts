import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { findByWalking, type DirectoryEntry, type FileSystemPort, type FileType, type FoundFiles } from '../core/project/fileSystem';
import { joinPlain } from '../core/project/paths';

/** An errno as a person reads it. */
export function ioMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    default: return err.message ?? String(e);
  }
}

const missing = (e: unknown): boolean => ['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '');

/** A path as the project model names files: absolute, `/` separators. */
export function projectPath(cwd: string, p: string): string {
  return path.resolve(cwd, p).split(path.sep).join('/');
}

/**
 * The project model's port onto Node's fs. Synchronous underneath on purpose: a CLI run waits for
 * every file anyway, and one round trip through the thread pool per file and folder left the
 * process idle for most of a 1,000-iFlow run.
 */
export class NodeFileSystem implements FileSystemPort {
  async readBytes(file: string): Promise<Uint8Array | undefined> {
    try {
      const b = readFileSync(file);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    } catch (e) {
      if (missing(e)) return undefined;
      throw new Error(ioMessage(e), { cause: e });
    }
  }

  async stat(file: string): Promise<FileType | undefined> {
    try {
      const s = statSync(file);
      return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : undefined;
    } catch (e) {
      if (missing(e)) return undefined;
      throw new Error(ioMessage(e), { cause: e });
    }
  }

  findFiles(folder: string, patterns: readonly string[]): Promise<FoundFiles> {
    return findByWalking(async (dir) => this.list(dir), joinPlain, folder, patterns);
  }

  join(folder: string, relative: string): string {
    return joinPlain(folder, relative);
  }

  private list(dir: string): DirectoryEntry[] {
    try {
      return readdirSync(dir, { withFileTypes: true }).flatMap((e): DirectoryEntry[] => (
        e.isDirectory() ? [{ name: e.name, type: 'directory' }] : e.isFile() ? [{ name: e.name, type: 'file' }] : []));
    } catch (e) {
      throw new Error(ioMessage(e), { cause: e });
    }
  }
}
