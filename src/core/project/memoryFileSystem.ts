import { foundFileMatcher, type FileSystemPort, type FileType, type FoundFiles } from './fileSystem';
import { comparePaths, isUnder, joinPlain } from './paths';

const encoder = new TextEncoder();

/**
 * A file system held in memory, for tests and for hosts that hand files over as data. Counts
 * every read, so a test can assert what an update re-read.
 */
export class MemoryFileSystem implements FileSystemPort {
  private readonly files = new Map<string, Uint8Array>();
  private readonly open = new Map<string, string>();
  /** Reads per path (readBytes and openText) since the last resetCounts(). */
  readonly reads = new Map<string, number>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  write(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? encoder.encode(content) : content);
  }

  delete(path: string): void {
    this.files.delete(path);
    for (const key of [...this.files.keys()]) if (isUnder(key, path)) this.files.delete(key);
  }

  /** An open editor's text for the path (undefined: closed). */
  setOpenText(path: string, text: string | undefined): void {
    if (text === undefined) this.open.delete(path);
    else this.open.set(path, text);
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  text(path: string): string | undefined {
    const bytes = this.files.get(path);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  resetCounts(): void {
    this.reads.clear();
  }

  private count(path: string): void {
    this.reads.set(path, (this.reads.get(path) ?? 0) + 1);
  }

  async readBytes(path: string): Promise<Uint8Array | undefined> {
    this.count(path);
    return this.files.get(path);
  }

  openText(path: string): string | undefined {
    const text = this.open.get(path);
    if (text !== undefined) this.count(path);
    return text;
  }

  async stat(path: string): Promise<FileType | undefined> {
    if (this.files.has(path)) return 'file';
    for (const key of this.files.keys()) if (key !== path && isUnder(key, path)) return 'directory';
    return undefined;
  }

  async findFiles(folder: string, patterns: readonly string[]): Promise<FoundFiles> {
    const match = foundFileMatcher(folder, patterns);
    return { files: [...this.files.keys()].filter(match).sort(comparePaths), problems: [] };
  }

  join(folder: string, relative: string): string {
    return joinPlain(folder, relative);
  }
}
