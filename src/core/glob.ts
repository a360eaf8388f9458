/**
 * Glob patterns, as the configuration file and the editor's settings write them (`**`, `*`, `?`,
 * `[…]` with POSIX classes, `{a,b}` and `{1..9}`; `!` in front negates; `\` escapes).
 *
 * The matcher is our own, tested against minimatch (the test oracle: the same answers on generated
 * patterns and paths, with the options we used it with): minimatch and its dependencies were 36 KB of
 * the extension's main bundle (a sixth), and the matcher is needed synchronously from activation on
 * (which files are certificates, rules, configuration checks), so it could not load on first use.
 * Braces are expanded by brace-expansion (minimatch's own). Like minimatch, matching never
 * backtracks: a `*` run is matched greedily (linear per pattern), `**` by dynamic programming over
 * the path's segments, so a pattern from a hostile repository (`*a*a*a…b`) cannot hang the tool, as
 * regex-compiled globs can. Brace alternatives are capped, so `{a,b}{a,b}…` cannot expand into
 * millions of patterns.
 */
import { expand } from 'brace-expansion';

/** Longest pattern accepted; longer ones are reported by the configuration's validation. */
export const MAX_GLOB_LENGTH = 1000;
/** Most patterns one `{…}` expansion may produce. */
export const MAX_BRACE_EXPANSIONS = 256;

/** Every pattern `{…}` makes of `pattern`, at most `max` (brace-expansion reads `\\` as one escaped `\`: kept as two). */
function expandBraces(pattern: string, max: number): string[] {
  return /\{(?:(?!\{).)*\}/.test(pattern) ? expand(pattern.replace(/\\\\/g, '\\\\\\\\'), { max }) : [pattern];
}

/** Why a pattern is refused, or undefined when it is fine. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'an empty pattern';
  if (pattern.length > MAX_GLOB_LENGTH) return `a pattern of ${pattern.length} characters (at most ${MAX_GLOB_LENGTH})`;
  if (expandBraces(pattern, MAX_BRACE_EXPANSIONS + 1).length > MAX_BRACE_EXPANSIONS) {
    return `a pattern whose {…} alternatives make more than ${MAX_BRACE_EXPANSIONS} patterns`;
  }
  return undefined;
}

/**
 * A pattern for pathMatcher that matches exactly `text`, for a path written into a configuration
 * file: magic characters go into classes (`[*]`; pathMatcher reads `\` as a separator, so it cannot
 * escape), and a leading `!` into braces (`{!,!}`), which keep it from negating the pattern.
 */
export function escapeGlob(text: string): string {
  const e = text.replace(/[?*[\]{}]/g, '[$&]');
  return e.startsWith('!') ? `{!,!}${e.slice(1)}` : e;
}

export type Matcher = (value: string) => boolean;

// ---- one path segment ----

/** One character of a segment pattern: a literal, `?`, a class, or `*` (STAR). */
type Token = string | typeof ANY | typeof STAR | RegExp;
const ANY = 0;
const STAR = 1;
/** The `**` segment. */
const GLOBSTAR = 2;

/** Matches one character: a literal's case-folding (Unicode's, as a regex flag `iu` folds). */
const foldCache = new Map<string, RegExp>();
function fold(ch: string): RegExp {
  let re = foldCache.get(ch);
  if (!re) foldCache.set(ch, (re = new RegExp(`^${ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')}$`, 'iu')));
  return re;
}

const POSIX_CLASSES: Record<string, [string, boolean?]> = {
  '[:alnum:]': ['\\p{L}\\p{Nl}\\p{Nd}'],
  '[:alpha:]': ['\\p{L}\\p{Nl}'],
  '[:ascii:]': ['\\x00-\\x7f'],
  '[:blank:]': ['\\p{Zs}\\t'],
  '[:cntrl:]': ['\\p{Cc}'],
  '[:digit:]': ['\\p{Nd}'],
  '[:graph:]': ['\\p{Z}\\p{C}', true],
  '[:lower:]': ['\\p{Ll}'],
  '[:print:]': ['\\p{C}', true],
  '[:punct:]': ['\\p{P}\\p{S}'],
  '[:space:]': ['\\p{Z}\\t\\r\\n\\v\\f'],
  '[:upper:]': ['\\p{Lu}'],
  '[:word:]': ['\\p{L}\\p{Nl}\\p{Nd}\\p{Pc}'],
  '[:xdigit:]': ['A-Fa-f0-9'],
};
const NEVER = /$./;
const classEscape = (s: string): string => s.replace(/[[\]\\-]/g, '\\$&');

/**
 * The class starting at `pattern[start]` (`[`): a regex testing one character, and how many
 * characters of the pattern it takes; 0 when it is not closed (the `[` is then a literal). A class
 * with nothing in it takes the rest of the segment and matches nothing.
 */
function parseClass(pattern: string, start: number, nocase: boolean): [RegExp, number] {
  const ranges: string[] = [];
  const negated: string[] = [];
  let i = start + 1;
  let sawStart = false;
  let escaping = false;
  let negate = false;
  let end = start;
  let rangeStart = '';
  scan: while (i < pattern.length) {
    const c = String.fromCodePoint(pattern.codePointAt(i)!);
    if ((c === '!' || c === '^') && i === start + 1) {
      negate = true;
      i++;
      continue;
    }
    if (c === ']' && sawStart && !escaping) {
      end = i + 1;
      break;
    }
    sawStart = true;
    if (c === '\\' && !escaping) {
      escaping = true;
      i++;
      continue;
    }
    if (c === '[' && !escaping) {
      for (const [name, [property, negative]] of Object.entries(POSIX_CLASSES)) {
        if (pattern.startsWith(name, i)) {
          if (rangeStart) return [NEVER, pattern.length - start];
          i += name.length;
          (negative ? negated : ranges).push(property);
          continue scan;
        }
      }
    }
    escaping = false;
    if (rangeStart) {
      if (c.codePointAt(0)! > rangeStart.codePointAt(0)!) ranges.push(`${classEscape(rangeStart)}-${classEscape(c)}`);
      else if (c === rangeStart) ranges.push(classEscape(c));
      rangeStart = '';
    } else if (pattern.startsWith('-]', i + c.length)) {
      ranges.push(classEscape(`${c}-`));
      i++;
    } else if (pattern.startsWith('-', i + c.length)) {
      rangeStart = c;
      i++;
    } else {
      ranges.push(classEscape(c));
    }
    i += c.length;
  }
  if (end < i) return [NEVER, 0];
  if (ranges.length === 0 && negated.length === 0) return [NEVER, pattern.length - start];
  const inRanges = `[${negate ? '^' : ''}${ranges.join('')}]`;
  const inNegated = `[${negate ? '' : '^'}${negated.join('')}]`;
  const body = ranges.length > 0 && negated.length > 0 ? `(${inRanges}|${inNegated})` : ranges.length > 0 ? inRanges : inNegated;
  return [new RegExp(`^${body}`, nocase ? 'iu' : 'u'), end - start];
}

/** The index of the `]` closing the class at `start` as a literal-or-not test sees it, or -1. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  for (let sawStart = false; i < pattern.length; i++) {
    if (pattern[i] === ']' && sawStart) return i;
    sawStart = true;
    if (pattern[i] === '\\') i++;
  }
  return -1;
}

/** The text a segment pattern matches when it has no magic (a class of one character counts as that character). */
function literalOf(pattern: string): string | undefined {
  let text = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      text += pattern[++i] ?? c;
    } else if (c === '*' || c === '?') {
      return undefined;
    } else if (c === '[') {
      const close = classEnd(pattern, i);
      if (close === -1) {
        text += c;
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('\\')) body = body.slice(1);
      if ([...body].length !== 1 || '!^'.includes(pattern[i + 1])) return undefined;
      text += body;
      i = close;
    } else {
      text += c;
    }
  }
  return text;
}

function tokenize(pattern: string, nocase: boolean): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = String.fromCodePoint(pattern.codePointAt(i)!);
    if (c === '\\') {
      const next = pattern.codePointAt(i + 1);
      const ch = next === undefined ? c : String.fromCodePoint(next);
      tokens.push(ch);
      i += 1 + ch.length;
      continue;
    }
    if (c === '[') {
      const [re, taken] = parseClass(pattern, i, nocase);
      if (taken > 0) {
        tokens.push(re);
        i += taken;
        continue;
      }
    }
    tokens.push(c === '*' ? STAR : c === '?' ? ANY : c);
    i += c.length;
  }
  return tokens;
}

/** Whether `tokens` (no `*` among them is needed) match `chars` wholly: greedy on `*`, never backtracking further than the last one. */
function matchTokens(tokens: Token[], chars: string[], nocase: boolean): boolean {
  const one = (t: Token, c: string): boolean =>
    t === ANY || (typeof t === 'string' ? t === c || (nocase && fold(t).test(c)) : t !== STAR && t.test(c));
  let ti = 0;
  let ci = 0;
  let starAt = -1;
  let starChar = 0;
  while (ci < chars.length) {
    if (tokens[ti] === STAR) {
      starAt = ti++;
      starChar = ci;
    } else if (ti < tokens.length && one(tokens[ti], chars[ci])) {
      ti++;
      ci++;
    } else if (starAt === -1) {
      return false;
    } else {
      ti = starAt + 1;
      ci = ++starChar;
    }
  }
  while (tokens[ti] === STAR) ti++;
  return ti === tokens.length;
}

/** A segment's test; `**` is GLOBSTAR. Dot files match (`*.pem` matches `.a.pem`); `.` and `..` only literally. */
type Segment = typeof GLOBSTAR | ((segment: string) => boolean);

function compileSegment(pattern: string, nocase: boolean): Segment {
  if (pattern === '**') return GLOBSTAR;
  const text = literalOf(pattern);
  if (text !== undefined && !(nocase && text.toUpperCase() !== text.toLowerCase())) return (s) => s === text;
  const tokens = tokenize(pattern, nocase);
  if (tokens.every((t) => typeof t === 'string')) return (s) => s !== '' && matchTokens(tokens, [...s], nocase);
  return (s) => s !== '' && s !== '.' && s !== '..' && matchTokens(tokens, [...s], nocase);
}

/** A pattern's segments: `/` runs are one separator, `**` twice in a row once, `x/..` gone. */
function segmentsOf(pattern: string): string[] {
  const parts: string[] = [];
  for (const part of pattern.split(/\/+/)) {
    const prev = parts[parts.length - 1];
    if (part === '**' && prev === '**') continue;
    if (part === '..' && prev && prev !== '..' && prev !== '.' && prev !== '**') parts.pop();
    else parts.push(part);
  }
  return parts.length === 0 ? [''] : parts;
}

/**
 * Whether the segments match the path's: `**` takes any number of segments but `.` and `..`, and at
 * least one when it ends the pattern; a path ending in `/` matches as without it.
 */
function matchSegments(pattern: Segment[], path: string[]): boolean {
  // can[j]: the pattern from segment i on matches the path from segment j on (filled from the end).
  let can = path.map((_, j) => j === path.length - 1 && path[j] === '').concat(true);
  for (let i = pattern.length - 1; i >= 0; i--) {
    const p = pattern[i];
    const next = new Array<boolean>(path.length + 1).fill(false);
    for (let j = path.length; j >= 0; j--) {
      if (p === GLOBSTAR) {
        const walkable = j < path.length && path[j] !== '.' && path[j] !== '..';
        next[j] = (i < pattern.length - 1 && can[j]) || (walkable && (next[j + 1] || can[j + 1]));
      } else {
        next[j] = j < path.length && p(path[j]) && can[j + 1];
      }
    }
    can = next;
  }
  return can[0];
}

/**
 * One pattern (no `!` of ours in front): `!` of its own negates it again, braces are alternatives.
 * `classBraces`: a brace in a class of its own (`[{]`, as escapeGlob writes it) is a character, not
 * the start or end of alternatives.
 */
function compileOne(pattern: string, nocase: boolean, classBraces: boolean): Matcher {
  const bangs = /^!*/.exec(pattern)![0].length;
  const rest = classBraces ? pattern.slice(bangs).replace(/\[([{}])\]/g, '[\\$1]') : pattern.slice(bangs);
  const rows = [...new Set(expandBraces(rest, MAX_BRACE_EXPANSIONS))].map((p) => segmentsOf(p).map((s) => compileSegment(s, nocase)));
  const negate = bangs % 2 === 1;
  return (value) => {
    const path = value.split(/\/+/);
    return rows.some((row) => matchSegments(row, path)) !== negate;
  };
}

function compile(patterns: readonly string[], nocase: boolean, classBraces: boolean): Matcher {
  const usable = patterns.filter((p) => globProblem(p.startsWith('!') ? p.slice(1) : p) === undefined);
  const positive = usable.filter((p) => !p.startsWith('!')).map((p) => compileOne(p, nocase, classBraces));
  const negative = usable.filter((p) => p.startsWith('!')).map((p) => compileOne(p.slice(1), nocase, classBraces));
  return (value) => {
    if (negative.some((m) => m(value))) return false;
    return positive.length === 0 ? negative.length > 0 : positive.some((m) => m(value));
  };
}

/**
 * Matches paths relative to the patterns' folder (`/`-separated, as `relativePath` returns them),
 * in any case (`.CER` is a certificate like `.cer`). A path matches when some pattern matches and no
 * `!pattern` does. Unusable patterns are left out (validation reports them).
 */
export function pathMatcher(patterns: readonly string[]): Matcher {
  const m = compile(patterns.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '')), true, true);
  return (path) => m(path.replace(/^\.\//, ''));
}

/**
 * Matches names such as roles, case-sensitively (CPI's roles are): allowed when some pattern
 * matches and no `!pattern` does; only `!patterns` allow everything else. No patterns: nothing matches.
 */
export function nameMatcher(patterns: readonly string[]): Matcher {
  return compile(patterns, false, false);
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
