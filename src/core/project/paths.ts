/**
 * Path strings as the project model sees them: absolute paths with `/` separators (`/a/b`,
 * `C:/a/b`) or URI strings (`file:///a/b`, `vscode-vfs://github/org/repo/a`). Archive members are
 * `<archive>!/<inner path>`. Pure string helpers; joining a relative path to a folder is the
 * file-system port's (a URI encodes what a plain path does not).
 */

const URI_PREFIX = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/;
const DRIVE_PREFIX = /^[a-zA-Z]:(?=\/|$)/;

/** Length of the part no parent is taken from: `scheme://authority`, `C:`, or nothing. */
function prefixLength(p: string): number {
  return URI_PREFIX.exec(p)?.[0].length ?? DRIVE_PREFIX.exec(p)?.[0].length ?? 0;
}

/** The folder holding `p`; undefined at a root (`/`, `C:/`, `file:///`). */
export function parentOf(p: string): string | undefined {
  const prefix = prefixLength(p);
  const trimmed = p.length > prefix + 1 && p.endsWith('/') ? p.slice(0, -1) : p;
  const slash = trimmed.lastIndexOf('/');
  if (slash < prefix || trimmed.length <= prefix + 1) return undefined;
  return slash === prefix ? trimmed.slice(0, prefix + 1) : trimmed.slice(0, slash);
}

/** True when `p` is `folder` or lies below it. */
export function isUnder(p: string, folder: string): boolean {
  if (p === folder) return true;
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return p.startsWith(prefix);
}

/** Joins plain paths (the in-memory and Node ports; a URI port joins with its own encoding). */
export function joinPlain(folder: string, relative: string): string {
  if (relative === '') return folder;
  return `${folder.endsWith('/') ? folder.slice(0, -1) : folder}/${relative.replace(/^\.\//, '')}`;
}

const SLASH = 0x2f;

/**
 * Order of files in every listing: segment by segment, so a folder's files stay together
 * (`a/b` before `a-c`), as a recursive walk of sorted folders yields them.
 */
export function comparePaths(a: string, b: string): number {
  // Character by character with `/` below every other character: the same order as comparing
  // segment by segment, without splitting (sorting thousands of paths compares each many times).
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x === SLASH) return -1;
    if (y === SLASH) return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * The paths in comparePaths order, sorted as strings with `/` made the lowest character: the same
 * order, with the engine's own comparison (thousands of long URIs share most of their length).
 * A path holds no NUL, so NUL can stand for `/`.
 */
export function sortPaths(paths: Iterable<string>): string[] {
  const keyed = [...paths].map((p) => ({ key: p.replaceAll('/', '\u0000'), p }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.p);
}
