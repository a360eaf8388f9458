/**
 * Externalized parameters: `src/main/resources/parameters.prop` (Java .properties syntax) and
 * `{{name}}` placeholder substitution. Pure: no 'vscode', no Node built-ins.
 */
import type { ParameterSet, ResolvedValue } from '../model';

function isJavaWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\f';
}

/** Number of consecutive backslashes ending `s`. */
function trailingBackslashes(s: string): number {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n;
}

/** One entry (logical line) of a .properties text, with where its value sits in the source. */
export interface PropertiesEntry {
  /** The key and value, unescaped as java.util.Properties reads them. */
  key: string;
  value: string;
  /**
   * Source offset just after the separator (after the key when there is none): replacing
   * [valueStart, end) replaces the value, continuation lines included.
   */
  valueStart: number;
  /** Source offset where the entry ends: before the line break of its last physical line. */
  end: number;
  /** False for a line that is a key alone (no `=`, `:` or whitespace after it). */
  separator: boolean;
}

/**
 * The entries of a .properties text, split the way java.util.Properties.load does: comment and
 * blank lines skipped, continuation lines joined (leading whitespace dropped), the key ending at
 * the first unescaped `=`, `:` or whitespace. Offsets are the text's own (a BOM included).
 */
export function propertiesEntries(text: string): PropertiesEntry[] {
  const src = typeof text === 'string' ? text : '';
  const physical: Array<{ start: number; end: number }> = [];
  const re = /\r\n|\r|\n/g;
  let at = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    physical.push({ start: at, end: m.index });
    at = m.index + m[0].length;
  }
  physical.push({ start: at, end: src.length });

  const entries: PropertiesEntry[] = [];
  let i = 0;
  while (i < physical.length) {
    let { start, end } = physical[i++];
    while (start < end && isJavaWhitespace(src[start])) start++; // never part of a key
    if (start === end) continue; // blank line
    if (src[start] === '#' || src[start] === '!') continue; // comment lines are never continued
    // The logical line, and the source offset each of its pieces starts at.
    let line = '';
    const pieces: Array<{ at: number; from: number }> = [];
    let lastEnd: number;
    for (;;) {
      const physicalText = src.slice(start, end);
      pieces.push({ at: line.length, from: start });
      lastEnd = end;
      if (trailingBackslashes(physicalText) % 2 === 1) {
        line += physicalText.slice(0, -1);
        if (i >= physical.length) break; // a continuation at end of input: backslash dropped
        ({ start, end } = physical[i++]);
        while (start < end && isJavaWhitespace(src[start])) start++;
        continue;
      }
      line += physicalText;
      break;
    }
    let k = 0;
    let keyEnd = line.length;
    let valueStart = line.length;
    let separator = false;
    while (k < line.length) {
      const c = line[k];
      if (c === '\\') {
        k += 2; // an escaped character belongs to the key
        continue;
      }
      if (c === '=' || c === ':' || isJavaWhitespace(c)) {
        keyEnd = k;
        let j = k + 1;
        if (isJavaWhitespace(c)) {
          while (j < line.length && isJavaWhitespace(line[j])) j++;
          if (j < line.length && (line[j] === '=' || line[j] === ':')) j++;
        }
        valueStart = j;
        separator = true;
        break;
      }
      k++;
    }
    while (valueStart < line.length && isJavaWhitespace(line[valueStart])) valueStart++;
    // Replacing [valueStart, end) replaces the value: it starts right after the separator (or the
    // key), so continuation breaks before the value's first character are replaced with it.
    let sourceStart = pieces[0].from;
    if (valueStart > 0) {
      let p = pieces.length - 1;
      while (pieces[p].at > valueStart - 1) p--;
      sourceStart = pieces[p].from + (valueStart - 1 - pieces[p].at) + 1;
    }
    entries.push({
      key: unescapeJava(line.slice(0, Math.min(keyEnd, line.length))),
      value: unescapeJava(line.slice(valueStart)),
      valueStart: sourceStart,
      end: lastEnd,
      separator,
    });
  }
  return entries;
}

/** Java's loadConvert: `\uXXXX`, `\t \n \r \f`, and `\x` → `x` for any other character. */
function unescapeJava(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= s.length) break; // lone trailing backslash (only after continuation removal)
    const e = s[++i];
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        const hex = s.slice(i + 1, i + 5);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else {
          // Java throws "Malformed \uxxxx encoding"; keep the text verbatim instead.
          out += '\\u';
        }
        break;
      }
      default: out += e;
    }
  }
  return out;
}

/** Parse the text of a Java .properties file (last duplicate key wins, as in Java). */
export function parseParameters(text: string, file?: string): ParameterSet {
  const values = new Map<string, string>();
  for (const entry of propertiesEntries(text)) values.set(entry.key, entry.value);
  return file === undefined ? { values } : { file, values };
}

const PLACEHOLDER = /\{\{([^{}]+)\}\}/g;

/** True when the value contains at least one `{{name}}` placeholder. */
export function hasPlaceholder(value: string): boolean {
  return typeof value === 'string' && /\{\{[^{}]+\}\}/.test(value);
}

/** Names of the `{{name}}` placeholders in a value, in order, without duplicates. */
export function placeholderNames(value: string): string[] {
  const names: string[] = [];
  for (const m of value.matchAll(PLACEHOLDER)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

/**
 * Substitute every `{{name}}` with its parameter value (the value is used as is: no recursive
 * substitution). Names without a value are listed in `unresolved` and left verbatim. Works on
 * decoded values, so a name written `{{&lt;x&gt;}}` in the XML is looked up as `<x>`.
 */
export function resolveParameters(value: string, params: ParameterSet | undefined): ResolvedValue {
  const resolved: string[] = [];
  const unresolved: string[] = [];
  const values = params?.values;
  const out = value.replace(PLACEHOLDER, (m, name: string) => {
    if (values && values.has(name)) {
      if (!resolved.includes(name)) resolved.push(name);
      return values.get(name) as string;
    }
    if (!unresolved.includes(name)) unresolved.push(name);
    return m;
  });
  return { value: out, unresolved, resolved };
}
