/**
 * Paths of the unpacked iFlow export layout. Pure string helpers, forward and back slashes
 * (and URIs, and `archive.zip!/inner` paths) alike. No Node built-ins.
 *
 *   <root>/META-INF/MANIFEST.MF
 *   <root>/src/main/resources/parameters.prop
 *   <root>/src/main/resources/scenarioflows/integrationflow/<Name>.iflw
 */

import { isUriString, withoutQueryOrFragment } from '../paths';

const IFLOW_DIR = ['src', 'main', 'resources', 'scenarioflows', 'integrationflow'];

/** True when the path names an `.iflw` file (case-insensitive extension), wherever it is. */
export function isIFlowPath(p: string): boolean {
  if (typeof p !== 'string') return false;
  const s = isUriString(p) ? withoutQueryOrFragment(p) : p;
  return /\.iflw$/i.test(s);
}

function separatorOf(p: string): string {
  return p.includes('\\') && !p.includes('/') ? '\\' : '/';
}

/**
 * The export root: the folder above `src/main/resources/scenarioflows/integrationflow/` that
 * directly holds the `.iflw`. `''` when the path starts with `src/…` (relative to the root);
 * undefined when the path is not in that layout. The segments match case-insensitively.
 */
export function exportRootOf(iflwPath: string): string | undefined {
  if (typeof iflwPath !== 'string') return undefined;
  const parts = iflwPath.split(/[\\/]/);
  const n = parts.length;
  if (n < IFLOW_DIR.length + 1 || !parts[n - 1]) return undefined;
  for (let k = 0; k < IFLOW_DIR.length; k++) {
    if (parts[n - 1 - IFLOW_DIR.length + k].toLowerCase() !== IFLOW_DIR[k]) return undefined;
  }
  // Cut the original string (keeping its separators) just before the `src` segment.
  let cut = iflwPath.length;
  for (let seen = 0; seen < IFLOW_DIR.length + 1; seen++) {
    const a = iflwPath.lastIndexOf('/', cut - 1);
    const b = iflwPath.lastIndexOf('\\', cut - 1);
    cut = Math.max(a, b);
    if (cut < 0) break;
  }
  if (cut < 0) return '';
  return iflwPath.slice(0, cut);
}

function join(root: string, rel: string[]): string {
  if (root === '') return rel.join('/');
  const sep = separatorOf(root);
  const base = root.endsWith('/') || root.endsWith('\\') ? root.slice(0, -1) : root;
  return base + sep + rel.join(sep);
}

/** `<root>/META-INF/MANIFEST.MF` with the root's separator style. */
export function manifestPathOf(root: string): string {
  return join(root, ['META-INF', 'MANIFEST.MF']);
}

/** `<root>/src/main/resources/parameters.prop` with the root's separator style. */
export function parametersPathOf(root: string): string {
  return join(root, ['src', 'main', 'resources', 'parameters.prop']);
}

/**
 * The file name without directories and without a trailing `.iflw`, from a path with `/` or `\`
 * separators or a URI (percent-escapes decoded, query and fragment dropped).
 */
export function iflowBaseName(file: string): string {
  if (typeof file !== 'string') return '';
  let p = file;
  const isUri = isUriString(p);
  if (isUri) p = withoutQueryOrFragment(p);
  const parts = p.split(/[\\/]/);
  let base = parts[parts.length - 1] || parts[parts.length - 2] || '';
  if (isUri) {
    try {
      base = decodeURIComponent(base);
    } catch {
      /* keep as is */
    }
  }
  return base.replace(/\.iflw$/i, '');
}
