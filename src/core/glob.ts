/**
 * Glob patterns, as the configuration file and the editor's settings write them (`**`, `*`, `?`,
 * `[…]`, `{a,b}`; `!` in front negates). minimatch, because its matcher does not backtrack: a
 * pattern from a hostile repository (`*a*a*a…b`) cannot hang the tool, as regex-compiled globs can.
 * Brace alternatives are capped, so `{a,b}{a,b}…` cannot expand into millions of patterns.
 */
import { braceExpand, Minimatch, type MinimatchOptions } from 'minimatch';

/** Longest pattern accepted; longer ones are reported by the configuration's validation. */
export const MAX_GLOB_LENGTH = 1000;
/** Most patterns one `{…}` expansion may produce. */
export const MAX_BRACE_EXPANSIONS = 256;

/** Paths: dot files and folders match (VS Code's globs do too); `.CER` is a certificate like `.cer`. */
const PATH_OPTIONS: MinimatchOptions = { dot: true, nocase: true, noext: true, nocomment: true, braceExpandMax: MAX_BRACE_EXPANSIONS, platform: 'linux' };
/** Role names: case matters (CPI's roles are case-sensitive), no path separators. */
const NAME_OPTIONS: MinimatchOptions = { ...PATH_OPTIONS, nocase: false };

/** Why a pattern is refused, or undefined when it is fine. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'an empty pattern';
  if (pattern.length > MAX_GLOB_LENGTH) return `a pattern of ${pattern.length} characters (at most ${MAX_GLOB_LENGTH})`;
  if (/[{}]/.test(pattern) && braceExpand(pattern, { braceExpandMax: MAX_BRACE_EXPANSIONS + 1 }).length > MAX_BRACE_EXPANSIONS) {
    return `a pattern whose {…} alternatives make more than ${MAX_BRACE_EXPANSIONS} patterns`;
  }
  return undefined;
}

export type Matcher = (value: string) => boolean;

function compile(patterns: readonly string[], options: MinimatchOptions): Matcher {
  const usable = patterns.filter((p) => globProblem(p.startsWith('!') ? p.slice(1) : p) === undefined);
  const positive = usable.filter((p) => !p.startsWith('!')).map((p) => new Minimatch(p, options));
  const negative = usable.filter((p) => p.startsWith('!')).map((p) => new Minimatch(p.slice(1), options));
  return (value) => {
    if (negative.some((m) => m.match(value))) return false;
    return positive.length === 0 ? negative.length > 0 : positive.some((m) => m.match(value));
  };
}

/**
 * Matches paths relative to the patterns' folder (`/`-separated, as `relativePath` returns them).
 * A path matches when some pattern matches and no `!pattern` does. Unusable patterns are left out
 * (validation reports them).
 */
export function pathMatcher(patterns: readonly string[]): Matcher {
  const m = compile(patterns.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '')), PATH_OPTIONS);
  return (path) => m(path.replace(/^\.\//, ''));
}

/**
 * Matches names such as roles: allowed when some pattern matches and no `!pattern` does; only
 * `!patterns` allow everything else. No patterns: nothing matches.
 */
export function nameMatcher(patterns: readonly string[]): Matcher {
  return compile(patterns, NAME_OPTIONS);
}

/**
 * A glob for VS Code's file search and watchers that matches what `pathMatcher` matches: each
 * ASCII letter outside `[…]` becomes `[xX]` (those search case-sensitively on Linux).
 */
export function caseInsensitiveGlob(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      out += c + pattern[++i];
    } else if (inClass) {
      out += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (/[a-zA-Z]/.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    } else {
      out += c;
    }
  }
  return out;
}
