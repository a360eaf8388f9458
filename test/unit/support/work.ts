/**
 * Work counted, not timed. Tests must pass on a loaded 2-core machine, where a time bound either
 * fails for no reason or is set so loose that it catches nothing; speed is measured by the bench
 * (test/bench/). What a test can say instead is how much work the code did, which is the same on
 * every machine:
 *
 * - countWork runs a function with JavaScript's string, regular-expression and array primitives
 *   instrumented and returns how many characters they examined (a scan with charCodeAt counts
 *   one per character, an indexOf the stretch it searched, a slice what it copied, a regex
 *   search the stretch from where it started to where it matched). The scanners of src/core
 *   read text through these primitives, so a scan that starts over again and again shows up.
 *   Bytes turned into text count too (TextDecoder.decode, String.fromCharCode), so reading
 *   bytes as text is seen, and the elements array methods visit (push, map, filter, join…), so
 *   code that builds a list per item of a list is seen.
 * - assertLinearWork compares that count for an input and one `factor` times as large: linear
 *   code does about `factor` times the work, quadratic code `factor`² times.
 * - assertWorkWithin bounds the count for one input (e.g. "a few passes over the text": nothing
 *   expanded, nothing read twice over).
 *
 * What the count cannot see: backtracking inside one regex search, and for/for…of loops over
 * arrays and bytes (tests count those with a spy on the function doing them, e.g. the
 * inflater's output).
 * How fast the hostile inputs are read is measured by the bench (test/bench/).
 * The unit suite's mocha timeout (.mocharc.json, 120 s) only stops a runaway test: set far above
 * any test's time on an idle machine, so a loaded one never fails a test for being slow.
 */
import * as assert from 'assert';
import { Inflate } from 'fflate';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the primitives differ in their receivers and arguments
type Method = (this: any, ...args: never[]) => unknown;

/** Characters a call examined, from its receiver, arguments and result. */
type Cost = (self: string, args: unknown[], result: unknown) => number;

const len = (s: unknown): number => (typeof s === 'string' ? s.length : 0);
const from = (self: string, at: unknown): number => Math.min(self.length, Math.max(0, Math.trunc(Number(at) || 0)));

const STRING_COSTS: Record<string, Cost> = {
  charCodeAt: () => 1,
  codePointAt: () => 1,
  charAt: () => 1,
  at: () => 1,
  indexOf: (s, [needle, at], r) => {
    const start = from(s, at);
    return Math.max(1, (r as number) < 0 ? s.length - start : (r as number) - start + len(needle));
  },
  lastIndexOf: (s, [needle, at], r) => {
    const start = at === undefined ? s.length : from(s, at);
    return Math.max(1, (r as number) < 0 ? start : start - (r as number) + len(needle));
  },
  includes: (s, [, at]) => Math.max(1, s.length - from(s, at)),
  startsWith: (_s, [needle]) => Math.max(1, len(needle)),
  endsWith: (_s, [needle]) => Math.max(1, len(needle)),
  slice: (_s, _a, r) => Math.max(1, len(r)),
  substring: (_s, _a, r) => Math.max(1, len(r)),
  substr: (_s, _a, r) => Math.max(1, len(r)),
  trim: (s) => Math.max(1, s.length),
  trimStart: (s) => Math.max(1, s.length),
  trimEnd: (s) => Math.max(1, s.length),
  toUpperCase: (s) => Math.max(1, s.length),
  toLowerCase: (s) => Math.max(1, s.length),
  normalize: (s) => Math.max(1, s.length),
  repeat: (_s, _a, r) => Math.max(1, len(r)),
  padStart: (_s, _a, r) => Math.max(1, len(r)),
  padEnd: (_s, _a, r) => Math.max(1, len(r)),
  // With a regex these go through RegExp.prototype.exec (counted there); with a string, one pass.
  split: (s, [sep]) => (sep instanceof RegExp ? 1 : Math.max(1, s.length)),
  replace: (s, [pattern]) => (pattern instanceof RegExp ? 1 : Math.max(1, s.length)),
  replaceAll: (s, [pattern]) => (pattern instanceof RegExp ? 1 : Math.max(1, s.length)),
};

/**
 * Array methods, by the elements they visited or produced (a search that stops early is counted
 * whole: an upper bound). Loops written with for/for…of are not seen.
 */
const ARRAY_COSTS: Record<string, (self: unknown[], args: unknown[], result: unknown) => number> = {
  push: (_self, args) => Math.max(1, args.length),
  unshift: (_self, args) => Math.max(1, args.length),
  concat: (_self, _args, r) => Math.max(1, (r as unknown[]).length),
  slice: (_self, _args, r) => Math.max(1, (r as unknown[]).length),
  splice: (self) => Math.max(1, self.length),
  join: (self) => Math.max(1, self.length),
  map: (self) => Math.max(1, self.length),
  filter: (self) => Math.max(1, self.length),
  forEach: (self) => Math.max(1, self.length),
  some: (self) => Math.max(1, self.length),
  every: (self) => Math.max(1, self.length),
  find: (self) => Math.max(1, self.length),
  findIndex: (self) => Math.max(1, self.length),
  indexOf: (self) => Math.max(1, self.length),
  includes: (self) => Math.max(1, self.length),
  reduce: (self) => Math.max(1, self.length),
  flatMap: (self) => Math.max(1, self.length),
  sort: (self) => Math.max(1, self.length),
};

/** A regex search: from where it started to the end of the match (or of the input). */
function execCost(re: RegExp, input: string, lastIndexBefore: number, result: RegExpExecArray | null): number {
  const start = re.global || re.sticky ? Math.min(lastIndexBefore, input.length) : 0;
  if (result) return Math.max(1, result.index + result[0].length - start);
  return re.sticky ? 1 : Math.max(1, input.length - start);
}

/**
 * Runs `fn` with the string and regex primitives counting the characters they examine; returns
 * its result and the count. Synchronous code only (the primitives are restored when `fn` returns).
 */
export function countWork<T>(fn: () => T): { result: T; work: number } {
  let work = 0;
  const restores: Array<() => void> = [];
  const proto = String.prototype as unknown as Record<string, Method>;
  for (const [name, cost] of Object.entries(STRING_COSTS)) {
    const original = proto[name];
    proto[name] = function counted(this: string, ...args: never[]): unknown {
      const result = original.apply(this, args);
      work += cost(this, args, result);
      return result;
    };
    restores.push(() => { proto[name] = original; });
  }
  // Changing RegExp.prototype.exec takes V8 off its regex fast paths: test, match, matchAll,
  // replace, search and split all call exec then, and are counted through it.
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function counted(this: RegExp, input: string): RegExpExecArray | null {
    const text = String(input);
    const before = this.lastIndex;
    const result = exec.call(this, text);
    work += execCost(this, text, before, result);
    return result;
  };
  restores.push(() => { RegExp.prototype.exec = exec; });
  const decode = TextDecoder.prototype.decode;
  TextDecoder.prototype.decode = function counted(this: TextDecoder, input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
    work += Math.max(1, input?.byteLength ?? 0);
    return decode.call(this, input, options);
  };
  restores.push(() => { TextDecoder.prototype.decode = decode; });
  const fromCharCode = String.fromCharCode;
  String.fromCharCode = function counted(...codes: number[]): string {
    work += Math.max(1, codes.length);
    return fromCharCode(...codes);
  };
  restores.push(() => { String.fromCharCode = fromCharCode; });
  const arrayProto = Array.prototype as unknown as Record<string, Method>;
  for (const [name, cost] of Object.entries(ARRAY_COSTS)) {
    const original = arrayProto[name];
    arrayProto[name] = function counted(this: unknown[], ...args: never[]): unknown {
      const result = original.apply(this, args);
      work += cost(this, args, result);
      return result;
    };
    restores.push(() => { arrayProto[name] = original; });
  }
  work = 0; // the instrumenting above used arrays too
  try {
    const result = fn();
    return { result, work };
  } finally {
    for (const restore of restores.reverse()) restore();
  }
}

/**
 * Asserts that `run` does linear work in `n`: the input made for `factor`·n costs at most
 * `slack`·`factor` times the work of the input made for n (quadratic work would cost `factor`²
 * times). Returns both counts, for messages.
 */
export function assertLinearWork<I>(what: string, make: (n: number) => I, run: (input: I) => unknown, n: number, factor = 4, slack = 1.25): { small: number; large: number } {
  const smallInput = make(n);
  const small = countWork(() => run(smallInput)).work;
  const largeInput = make(n * factor);
  const large = countWork(() => run(largeInput)).work;
  assert.ok(small > 0, `${what}: the work is counted (${small})`);
  assert.ok(large <= small * factor * slack,
    `${what}: ${factor}× the input cost ${(large / small).toFixed(1)}× the work (${small} → ${large} characters examined); linear work would cost about ${factor}×`);
  return { small, large };
}

/**
 * Runs `run` counting its work and asserts the count stays within `limit` characters (e.g. a few
 * times the input's length: a single pass or a few, nothing expanded, nothing re-read per item).
 */
export function assertWorkWithin<T>(what: string, limit: number, run: () => T): { result: T; work: number } {
  const counted = countWork(run);
  assert.ok(counted.work <= limit, `${what}: ${counted.work} characters examined, more than ${limit}`);
  return counted;
}

/**
 * Most work per character of input for code under fuzzing. The engine on real fixtures and on the
 * hostile suite's inputs does 1–25 (a few passes of the checker, the scanner and the rules), on
 * fuzzed mapping files up to about 70; a reader that starts over does thousands per character on
 * an input of some kilobytes (about half its length). WORK_BASE covers the fixed work of small
 * inputs (rule messages, names, defaults).
 */
export const WORK_PER_CHAR = 256;
export const WORK_BASE = 100_000;

/** assertWorkWithin with the fuzz suites' bound for an input of `size` characters (or bytes). */
export function assertWorkPerChar<T>(what: string, size: number, run: () => T): { result: T; work: number } {
  return assertWorkWithin(`${what} (${size} of input, at most ${WORK_PER_CHAR} per character + ${WORK_BASE})`, WORK_PER_CHAR * size + WORK_BASE, run);
}

/**
 * Runs `fn` counting the bytes fflate's streaming Inflate hands out (what an archive reader
 * inflated) and the compressed bytes pushed into it: a zip bomb must be refused before or while
 * inflating, which these counts show on any machine.
 */
export function countInflated<T>(fn: () => T): { result: T; inflated: number; pushed: number } {
  let inflated = 0;
  let pushed = 0;
  const push = Inflate.prototype.push;
  Inflate.prototype.push = function counted(this: Inflate, chunk: Uint8Array, final?: boolean): void {
    pushed += chunk.length;
    const ondata = this.ondata;
    this.ondata = (data, last) => {
      inflated += data.length;
      ondata.call(this, data, last);
    };
    try {
      push.call(this, chunk, final);
    } finally {
      this.ondata = ondata;
    }
  };
  try {
    const result = fn();
    return { result, inflated, pushed };
  } finally {
    Inflate.prototype.push = push;
  }
}
