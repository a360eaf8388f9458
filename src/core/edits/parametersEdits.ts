/**
 * Minimal edits of an export's `parameters.prop` (Java .properties). Pure.
 */
import { parseParameters } from '../iflow/parameters';
import type { TextEdit } from './types';

const isWs = (c: string): boolean => c === ' ' || c === '\t' || c === '\f';

function trailingBackslashes(s: string): number {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n;
}

/** The file's line end: the first one found, else '\n'. */
export function detectEol(text: string | undefined): string {
  const m = /\r\n|\n|\r/.exec(text ?? '');
  return m ? m[0] : '\n';
}

interface LogicalLine {
  /** The logical line as Java sees it (continuations joined, leading whitespace dropped). */
  text: string;
  /** map[i] = source offset of text[i]. */
  map: number[];
  /** Source offset where the logical line ends (before its last physical line's EOL). */
  end: number;
}

/** The logical lines of a properties text with a map back to source offsets. */
function logicalLines(src: string): LogicalLine[] {
  const physical: Array<{ start: number; end: number }> = [];
  const re = /\r\n|\r|\n/g;
  let at = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    physical.push({ start: at, end: m.index });
    at = m.index + m[0].length;
  }
  physical.push({ start: at, end: src.length });
  const out: LogicalLine[] = [];
  let i = 0;
  while (i < physical.length) {
    let { start, end } = physical[i++];
    while (start < end && isWs(src[start])) start++;
    if (start === end) continue;
    if (src[start] === '#' || src[start] === '!') continue;
    let text = '';
    const map: number[] = [];
    let lastEnd = end;
    for (;;) {
      const line = src.slice(start, end);
      lastEnd = end;
      if (trailingBackslashes(line) % 2 === 1) {
        for (let k = 0; k < line.length - 1; k++) map.push(start + k);
        text += line.slice(0, -1);
        if (i >= physical.length) break;
        ({ start, end } = physical[i++]);
        while (start < end && isWs(src[start])) start++;
        continue;
      }
      for (let k = 0; k < line.length; k++) map.push(start + k);
      text += line;
      break;
    }
    out.push({ text, map, end: lastEnd });
  }
  return out;
}

/** Escape like java.util.Properties.store: `\\`, controls, non-ASCII as \uXXXX; keys also ` :=#!`. */
function escapeJava(s: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === '\\') out += '\\\\';
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\f') out += '\\f';
    else if (c === ' ' && (isKey || i === 0)) out += '\\ ';
    else if (isKey && (c === ':' || c === '=' || c === '#' || c === '!')) out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

export const escapePropertiesKey = (key: string): string => escapeJava(key, true);
export const escapePropertiesValue = (value: string): string => escapeJava(value, false);

/**
 * Set `name=value`. When the key exists (the last occurrence: it is the one Java reads), only its
 * value text is replaced — continuation lines of the old value included; the key, the separator
 * and every other byte stay. Otherwise a line `key=value` is appended with the file's EOL (a file
 * without a final newline keeps having none). `text` undefined: the file does not exist yet.
 */
export function setParameterEdit(text: string | undefined, name: string, value: string): TextEdit {
  const src = text ?? '';
  const escaped = escapePropertiesValue(value);
  const bom = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  let found: { line: LogicalLine; valueStart: number; separator: boolean } | undefined;
  for (const line of logicalLines(src)) {
    const t = bom && line.map[0] === 0 ? line.text.slice(1) : line.text;
    const shift = line.text.length - t.length;
    let i = 0;
    let keyEnd = t.length;
    let valueStart = t.length;
    let separator = false;
    while (i < t.length) {
      const c = t[i];
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '=' || c === ':') {
        keyEnd = i;
        valueStart = i + 1;
        separator = true;
        break;
      }
      if (isWs(c)) {
        keyEnd = i;
        let j = i + 1;
        while (j < t.length && isWs(t[j])) j++;
        if (j < t.length && (t[j] === '=' || t[j] === ':')) j++;
        valueStart = j;
        separator = true;
        break;
      }
      i++;
    }
    while (valueStart < t.length && isWs(t[valueStart])) valueStart++;
    const key = [...parseParameters(t.slice(0, Math.min(keyEnd, t.length))).values.keys()][0] ?? '';
    if (key === name) found = { line, valueStart: valueStart + shift, separator };
  }
  if (found) {
    const { line, valueStart, separator } = found;
    const start = valueStart < line.text.length ? line.map[valueStart] : line.end;
    return { start, end: line.end, newText: separator ? escaped : `=${escaped}` };
  }
  const entry = `${escapePropertiesKey(name)}=${escaped}`;
  const eol = detectEol(text);
  if (src.length === 0 || src.length === bom) return { start: src.length, end: src.length, newText: `${entry}${eol}` };
  const endsWithEol = /[\r\n]$/.test(src);
  return endsWithEol
    ? { start: src.length, end: src.length, newText: `${entry}${eol}` }
    : { start: src.length, end: src.length, newText: `${eol}${entry}` };
}
