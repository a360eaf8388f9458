/**
 * Minimal edits of an export's `parameters.prop` (Java .properties). Pure.
 */
import { propertiesEntries } from '../iflow/parameters';
import type { TextEdit } from './types';

/** The file's line end: the first one found, else '\n'. */
export function detectEol(text: string | undefined): string {
  const m = /\r\n|\n|\r/.exec(text ?? '');
  return m ? m[0] : '\n';
}

/**
 * Escape like java.util.Properties.store: `\\`, controls, non-ASCII as \uXXXX; keys also ` :=#!`;
 * values only where they start with one of those (after a key and blanks it would read as a separator).
 */
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
    else if ((isKey || i === 0) && (c === ':' || c === '=' || c === '#' || c === '!')) out += `\\${c}`;
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
  const found = propertiesEntries(src).filter((e) => e.key === name).pop();
  if (found) return { start: found.valueStart, end: found.end, newText: found.separator ? escaped : `=${escaped}` };
  const entry = `${escapePropertiesKey(name)}=${escaped}`;
  const eol = detectEol(text);
  if (src.length === 0 || src.length === bom) return { start: src.length, end: src.length, newText: `${entry}${eol}` };
  const finalEol = /\r\n$|\r$|\n$/.exec(src)?.[0];
  const endsWithEol = finalEol !== undefined;
  // A last line ending in an odd number of backslashes continues into the next one: an empty
  // line in between takes the continuation, so the new entry stays an entry of its own. (Its
  // break repeats the text's last one: a '\n' after a final '\r' would only make it a CRLF.)
  const continued = /(?:^|[^\\])(?:\\\\)*\\(?:\r\n|\r|\n)?$/.test(src) ? finalEol ?? eol : '';
  return endsWithEol
    ? { start: src.length, end: src.length, newText: `${continued}${entry}${eol}` }
    : { start: src.length, end: src.length, newText: `${eol}${continued}${entry}` };
}
