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

/** Split into logical lines the way java.util.Properties.load does. */
function logicalLines(text: string): string[] {
  const natural = text.split(/\r\n|\r|\n/);
  const lines: string[] = [];
  let i = 0;
  while (i < natural.length) {
    let line = natural[i++];
    // Leading whitespace is never part of a key.
    let k = 0;
    while (k < line.length && isJavaWhitespace(line[k])) k++;
    line = line.slice(k);
    if (line.length === 0) continue; // blank line
    if (line[0] === '#' || line[0] === '!') continue; // comment lines are never continued
    let logical = '';
    for (;;) {
      if (trailingBackslashes(line) % 2 === 1) {
        logical += line.slice(0, -1);
        if (i >= natural.length) break; // a continuation at end of input: backslash dropped
        let next = natural[i++];
        let w = 0;
        while (w < next.length && isJavaWhitespace(next[w])) w++;
        next = next.slice(w);
        line = next;
        continue;
      }
      logical += line;
      break;
    }
    lines.push(logical);
  }
  return lines;
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
  const src = typeof text === 'string' ? (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) : '';
  for (const line of logicalLines(src)) {
    let i = 0;
    let keyEnd = line.length;
    let valueStart = line.length;
    while (i < line.length) {
      const c = line[i];
      if (c === '\\') {
        i += 2; // escaped character belongs to the key
        continue;
      }
      if (c === '=' || c === ':') {
        keyEnd = i;
        valueStart = i + 1;
        break;
      }
      if (isJavaWhitespace(c)) {
        keyEnd = i;
        let j = i + 1;
        while (j < line.length && isJavaWhitespace(line[j])) j++;
        if (j < line.length && (line[j] === '=' || line[j] === ':')) j++;
        valueStart = j;
        break;
      }
      i++;
    }
    let v = valueStart;
    while (v < line.length && isJavaWhitespace(line[v])) v++;
    const key = unescapeJava(line.slice(0, Math.min(keyEnd, line.length)));
    const value = unescapeJava(line.slice(v));
    values.set(key, value);
  }
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
