/**
 * The glob matcher (src/core/glob.ts) against minimatch, the library it replaced (kept as a test
 * dependency, the oracle): for generated patterns and paths, pathMatcher and nameMatcher answer as
 * minimatch did with the options the tool used (paths: dot files, any case, no extglobs, no
 * comments, `\` a separator; names: the same, case-sensitive), including `!` negation and `{…}`.
 * And escapeGlob's pattern matches its path and no other.
 *
 * Re-run a failure with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>); FUZZ_SCALE multiplies the runs.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { Minimatch, type MinimatchOptions } from 'minimatch';
import { fuzzParameters, fuzzRuns } from './corpus';
import { escapeGlob, globProblem, MAX_BRACE_EXPANSIONS, nameMatcher, pathMatcher, type Matcher } from '../../../src/core/glob';

/** The options the tool gave minimatch (paths); names the same but case-sensitive. */
const PATH_OPTIONS: MinimatchOptions = { dot: true, nocase: true, noext: true, nocomment: true, braceExpandMax: MAX_BRACE_EXPANSIONS, platform: 'linux', windowsPathsNoEscape: true };
const NAME_OPTIONS: MinimatchOptions = { ...PATH_OPTIONS, nocase: false, windowsPathsNoEscape: false };

/** The tool's matcher as it was, over minimatch: some pattern matches and no `!pattern` does; only `!patterns`: the rest. */
function oracle(patterns: readonly string[], options: MinimatchOptions): Matcher {
  const usable = patterns.filter((p) => globProblem(p.startsWith('!') ? p.slice(1) : p) === undefined);
  const positive = usable.filter((p) => !p.startsWith('!')).map((p) => new Minimatch(p, options));
  const negative = usable.filter((p) => p.startsWith('!')).map((p) => new Minimatch(p.slice(1), options));
  return (value) => {
    if (negative.some((m) => m.match(value))) return false;
    return positive.length === 0 ? negative.length > 0 : positive.some((m) => m.match(value));
  };
}
const oraclePaths = (patterns: readonly string[]): Matcher => {
  const m = oracle(patterns.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '')), PATH_OPTIONS);
  return (path) => m(path.replace(/^\.\//, ''));
};

// Pieces chosen to reach each rule: case (incl. Unicode folds: ſ is s, K is k), dots, classes
// (negated, ranges, POSIX, unclosed, one character), braces (lists, ranges, nested, unbalanced),
// escapes, `**`, separators, `.`/`..` segments, negation.
const PATTERN_PIECES = ['a', 'b', 'A', 'S', 'k', '.', '..', '*', '?', '**', '/', '//', '[ab]', '[!a]', '[^.]', '[a-c]', '[c-a]', '[[:alpha:]]', '[[:digit:]]', '[', ']', '[]]', '[.]', '[-a]', '[a-]', '{a,b}', '{,a}', '{1..3}', '{a}', '{', '}', ',', '\\*', '\\', '!', '#', '1', '-', 'ſ', '\u212a', '\u{1F600}'];
const PATH_PIECES = ['a', 'b', 'A', 'B', 's', 'S', 'ſ', 'k', 'K', '\u212a', '.', '..', '.a', 'ab', 'ba', '1', '2', '3', '[', ']', '{', '}', ',', '!', '*', '#', '-', '\u{1F600}'];

const pattern = fc.array(fc.constantFrom(...PATTERN_PIECES), { minLength: 1, maxLength: 8 }).map((p) => p.join(''));
const patterns = fc.array(fc.oneof(pattern, pattern.map((p) => `!${p}`)), { minLength: 1, maxLength: 3 });
const segment = fc.array(fc.constantFrom(...PATH_PIECES), { minLength: 1, maxLength: 3 }).map((s) => s.join(''));
const path = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.constantFrom('', '', '', '/', './'), fc.constantFrom('', '', '', '/'))
  .map(([segments, lead, trail]) => `${lead}${segments.join('/')}${trail}`);

describe('fuzz: the glob matcher answers as minimatch did', () => {
  it('pathMatcher (any case, dot files, `\\` a separator)', () => {
    fc.assert(
      fc.property(patterns, fc.array(path, { minLength: 1, maxLength: 6 }), (ps, paths) => {
        const ours = pathMatcher(ps);
        const theirs = oraclePaths(ps);
        for (const p of paths) assert.strictEqual(ours(p), theirs(p), `${JSON.stringify(ps)} on ${JSON.stringify(p)}`);
      }),
      { numRuns: fuzzRuns(3000), ...fuzzParameters() },
    );
  });

  it('pathMatcher on paths each pattern was made to match (a segment per piece)', () => {
    // Random paths rarely match random patterns: make the path from the pattern, replacing magic.
    const instance = fc.array(fc.tuple(fc.constantFrom(...PATTERN_PIECES), fc.constantFrom(...PATH_PIECES)), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(instance, (pairs) => {
        const p = pairs.map(([piece]) => piece).join('');
        const made = pairs.map(([piece, filler]) => (/^[a-zA-Z0-9./,!#-]+$/.test(piece) ? piece : filler)).join('');
        for (const candidate of [made, made.toUpperCase(), `x/${made}`]) {
          assert.strictEqual(pathMatcher([p])(candidate), oraclePaths([p])(candidate), `${JSON.stringify(p)} on ${JSON.stringify(candidate)}`);
        }
      }),
      { numRuns: fuzzRuns(3000), ...fuzzParameters() },
    );
  });

  it('nameMatcher (case-sensitive, `\\` escapes)', () => {
    fc.assert(
      fc.property(patterns, fc.array(segment, { minLength: 1, maxLength: 6 }), (ps, names) => {
        const ours = nameMatcher(ps);
        const theirs = oracle(ps, NAME_OPTIONS);
        for (const n of names) assert.strictEqual(ours(n), theirs(n), `${JSON.stringify(ps)} on ${JSON.stringify(n)}`);
      }),
      { numRuns: fuzzRuns(3000), ...fuzzParameters() },
    );
  });

  it('escapeGlob: the pattern matches its path, and not a path that differs', () => {
    // A relative path as relativePath writes it: no `.` or `..` segments.
    const named = segment.filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(named, { minLength: 1, maxLength: 4 }), named, (segments, other) => {
        const p = segments.join('/');
        const m = pathMatcher([escapeGlob(p)]);
        assert.ok(m(p), `${escapeGlob(p)} does not match ${p}`);
        const q = `${p}/${other}`;
        assert.ok(!m(q), `${escapeGlob(p)} matches ${q}`);
        // Unicode's case folding makes ſ an s, K (Kelvin) a k: compatibility forms, then lower case.
        const folded = (t: string): string => t.normalize('NFKC').toLowerCase();
        if (folded(p) !== folded(other)) assert.ok(!m(other), `${escapeGlob(p)} matches ${other}`);
      }),
      { numRuns: fuzzRuns(2000), ...fuzzParameters() },
    );
  });
});
