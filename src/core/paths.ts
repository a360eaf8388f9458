/**
 * Pure helpers for the names files go by: POSIX paths, Windows paths and URI strings (the editor
 * names files by `vscode.Uri.toString()`). No Node built-ins, so the core runs in a web worker.
 */

const URI_RE = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
const DRIVE_RE = /^[a-zA-Z]:(?:[\\/]|$)/;

export const isUriString = (p: string): boolean => URI_RE.test(p);

/**
 * A URI without its query and fragment (`?…`, `#…`). Cut at an index: `/[?#].*$/` restarts at
 * every `?` of a run and scans the rest of its line each time, quadratic on a long run.
 */
export function withoutQueryOrFragment(uri: string): string {
  const cut = uri.search(/[?#]/);
  return cut < 0 ? uri : uri.slice(0, cut);
}

/** `text` without the `char`s it ends with (a loop: `/x+$/` restarts in every run of x, quadratic on long runs). */
export function trimEndOf(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text.charAt(end - 1) === char) end--;
  return text.slice(0, end);
}

/** True for `/x`, `\x`, `C:\x`, `C:/x` and URIs: names that do not depend on a base folder. */
export const isAbsolutePath = (p: string): boolean => isUriString(p) || p.startsWith('/') || p.startsWith('\\') || DRIVE_RE.test(p);

/** A name split into its root (`file:///`, `/`, `C:/`, or '' for a relative path) and decoded segments. */
interface Split {
  root: string;
  segments: string[];
  uri: boolean;
}

function split(p: string): Split {
  if (isUriString(p)) {
    const bare = withoutQueryOrFragment(p);
    const authorityEnd = bare.indexOf('/', bare.indexOf('://') + 3);
    const root = authorityEnd < 0 ? bare : bare.slice(0, authorityEnd);
    const segments = (authorityEnd < 0 ? '' : bare.slice(authorityEnd)).split('/').filter((s) => s !== '').map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    return { root: `${root.toLowerCase()}/`, segments, uri: true };
  }
  const forward = p.replace(/\\/g, '/');
  let root = '';
  let rest = forward;
  if (DRIVE_RE.test(forward)) {
    root = `${forward[0].toLowerCase()}:/`;
    rest = forward.slice(2);
  } else if (forward.startsWith('/')) {
    root = '/';
  }
  return { root, segments: rest.split('/').filter((s) => s !== '' && s !== '.'), uri: false };
}

/** `segments` with `..` applied; undefined when `..` climbs above the root of an absolute name. */
function normalize(segments: string[], absolute: boolean): string[] | undefined {
  const out: string[] = [];
  for (const s of segments) {
    if (s === '.' || s === '') continue;
    if (s === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (absolute) return undefined;
      else out.push('..');
    } else {
      out.push(s);
    }
  }
  return out;
}

/** The last segment of a path (either slash) or URI (decoded), for messages: `a/b/c.cer` → `c.cer`. */
export function baseNameOf(file: string): string {
  const name = trimEndOf(file.replace(/\\/g, '/'), '/');
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (!isUriString(file)) return last;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The folder a file is in, in the file's own notation; '' for a bare relative file name. */
export function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  if (cut < 0) return '';
  if (isUriString(file)) {
    const rootEnd = file.indexOf('/', file.indexOf('://') + 3);
    return rootEnd < 0 || cut <= rootEnd ? file.slice(0, rootEnd < 0 ? file.length : rootEnd + 1) : file.slice(0, cut);
  }
  if (cut === 0) return file[0];
  if (cut === 2 && DRIVE_RE.test(file)) return file.slice(0, 3);
  return file.slice(0, cut);
}

/** How the editor's URIs spell a path segment: everything but unreserved characters percent-encoded. */
const encodeUriSegment = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `relative` resolved against the folder `base` (`..` and `.` applied), in the base's notation:
 * a URI stays a URI (segments percent-encoded as VS Code writes them), a Windows path keeps its
 * backslashes. An absolute `relative` is returned as it is; `base` '' means the working directory.
 */
export function joinPath(base: string, relative: string): string {
  if (isAbsolutePath(relative) || base === '') return relative;
  const b = split(base);
  const joined = normalize([...b.segments, ...relative.split(/[\\/]/)], b.root !== '');
  if (joined === undefined) return relative;
  if (b.uri) {
    const rootEnd = base.indexOf('/', base.indexOf('://') + 3);
    const root = rootEnd < 0 ? base : base.slice(0, rootEnd);
    return `${root}/${joined.map(encodeUriSegment).join('/')}`;
  }
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  const root = b.root === '' ? '' : DRIVE_RE.test(base) ? `${base.slice(0, 2)}${sep}` : sep;
  return root + joined.join(sep);
}

/**
 * `file` relative to the folder `base`, with `/` separators and decoded URI segments (`../` where
 * it lies outside), as glob patterns in a configuration file are written; undefined when the two
 * share no root (another drive, another URI authority, one relative and one absolute).
 */
export function relativePath(base: string, file: string): string | undefined {
  const b = split(base);
  const f = split(file);
  if (b.root !== f.root || b.uri !== f.uri) return undefined;
  const bs = normalize(b.segments, b.root !== '');
  const fs = normalize(f.segments, f.root !== '');
  if (!bs || !fs) return undefined;
  let common = 0;
  while (common < bs.length && common < fs.length && bs[common] === fs[common] && bs[common] !== '..') common++;
  if (bs.slice(common).includes('..')) return undefined;
  return [...bs.slice(common).map(() => '..'), ...fs.slice(common)].join('/');
}
