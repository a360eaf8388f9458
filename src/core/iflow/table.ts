/**
 * The escaped `clientCertificates` table: the property value is XML text escaped once more,
 * `<row><cell id='clientCertificate.subjectDN'>…</cell><cell id='clientCertificate.issuerDN'>…</cell></row>`
 * repeated with no separator. Pure: no 'vscode', no Node built-ins.
 */
import type { CertificateEntry, IFlowProperty, TableCell, TextRange } from '../model';
import { decodeEntities, decodeXmlContent } from './xmlText';

interface InnerTag {
  /** Index of `<` in the once-decoded text. */
  start: number;
  /** Index after `>`. */
  end: number;
  name: string;
  closing: boolean;
  selfClosing: boolean;
  attrs: Map<string, string>;
}

/** Read the tag starting at `<` index `i` of the once-decoded table text. */
function readTag(s: string, i: number): InnerTag | undefined {
  let j = i + 1;
  const closing = s[j] === '/';
  if (closing) j++;
  const nameStart = j;
  while (j < s.length && /[^\s/<>]/.test(s[j])) j++;
  const name = s.slice(nameStart, j);
  if (!name) return undefined;
  const attrs = new Map<string, string>();
  let quote = '';
  const attrStart = j;
  for (; j < s.length; j++) {
    const c = s[j];
    // '<' is not allowed inside a tag (not even in attribute values): not a tag. This also keeps
    // the scan linear, since every '<' starts at most one scan up to the next '<'.
    if (c === '<') return undefined;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      break;
    }
  }
  if (j >= s.length) return undefined;
  const attrText = s.slice(attrStart, j);
  const selfClosing = /\/\s*$/.test(attrText);
  readAttributes(attrText, attrs);
  return { start: i, end: j + 1, name: localName(name), closing, selfClosing, attrs };
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isNameChar = (c: string): boolean => !isSpace(c) && c !== '=' && c !== '/' && c !== '"' && c !== "'";

/**
 * The `name="value"` / `name='value'` pairs of a tag's text, in one pass that never goes back (a
 * regex search for them restarted inside every run of name characters: quadratic on a long one).
 * Quotes pair up as readTag paired them: a quoted stretch that is no attribute value is skipped whole.
 */
function readAttributes(text: string, attrs: Map<string, string>): void {
  const skipSpace = (k: number): number => {
    while (k < text.length && isSpace(text.charAt(k))) k++;
    return k;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return;
      i = close + 1;
    } else if (!isNameChar(c)) {
      i++;
    } else {
      const nameStart = i;
      while (i < text.length && isNameChar(text.charAt(i))) i++;
      const name = text.slice(nameStart, i);
      const eq = skipSpace(i);
      if (text.charAt(eq) !== '=') continue;
      const open = skipSpace(eq + 1);
      const quote = text.charAt(open);
      if (quote !== '"' && quote !== "'") {
        i = open;
        continue;
      }
      const close = text.indexOf(quote, open + 1);
      if (close < 0) return;
      attrs.set(name, decodeEntities(text.slice(open + 1, close)));
      i = close + 1;
    }
  }
}

function localName(qname: string): string {
  const c = qname.indexOf(':');
  return c >= 0 ? qname.slice(c + 1) : qname;
}

/** Next tag at or after `from` (undefined when none). */
function nextTag(s: string, from: number, limit: number): InnerTag | undefined {
  let i = s.indexOf('<', from);
  while (i >= 0 && i < limit) {
    const t = readTag(s, i);
    if (t && t.end <= limit) return t;
    i = s.indexOf('<', i + 1);
  }
  return undefined;
}

/**
 * Decode the rows of a `clientCertificates` property. Cells are matched by id suffix
 * (`subjectDN` / `issuerDN`, case-insensitive), in any order; a missing cell becomes an empty
 * cell placed just before the row's end. Each cell's value is fully decoded (both levels of
 * escaping) and its range is the cell content in the original source.
 */
export function parseCertificateTable(source: string, prop: IFlowProperty | undefined): CertificateEntry[] {
  if (!prop || prop.selfClosing || prop.range.end <= prop.range.start) return [];
  const { text: s, map } = decodeXmlContent(source, prop.range.start, prop.range.end, true);
  const range = (a: number, b: number): TextRange => ({ start: map[a], end: map[b] });
  const entries: CertificateEntry[] = [];
  let pos = 0;
  const guard = s.length + 1;
  for (let iter = 0; iter < guard; iter++) {
    const row = nextTag(s, pos, s.length);
    if (!row) break;
    if (row.closing || row.name !== 'row') {
      pos = row.end;
      continue;
    }
    let rowEnd: number; // index after the row's closing tag
    let bodyEnd: number; // index of the row's closing tag
    let subject: TableCell | undefined;
    let issuer: TableCell | undefined;
    if (row.selfClosing) {
      bodyEnd = row.end;
      rowEnd = row.end;
    } else {
      let p = row.end;
      bodyEnd = s.length;
      rowEnd = s.length;
      for (let k = 0; k < guard; k++) {
        const t = nextTag(s, p, s.length);
        if (!t) break;
        if (t.name === 'row') {
          if (t.closing) {
            bodyEnd = t.start;
            rowEnd = t.end;
          } else {
            // An unterminated row followed by another row: this one ends here.
            bodyEnd = t.start;
            rowEnd = t.start;
          }
          break;
        }
        if (t.name === 'cell' && !t.closing) {
          let cell: TableCell;
          if (t.selfClosing) {
            cell = { value: '', range: range(t.end, t.end) };
            p = t.end;
          } else {
            const close = findClose(s, t.end, 'cell');
            cell = { value: decodeXmlContent(s, t.end, close.start), range: range(t.end, close.start) };
            p = close.end;
          }
          const id = (t.attrs.get('id') ?? '').toLowerCase();
          if (id.endsWith('subjectdn')) subject ??= cell;
          else if (id.endsWith('issuerdn')) issuer ??= cell;
          continue;
        }
        p = t.end;
      }
    }
    const empty = (): TableCell => ({ value: '', range: range(bodyEnd, bodyEnd) });
    entries.push({
      index: entries.length,
      subjectDN: subject ?? empty(),
      issuerDN: issuer ?? empty(),
      range: range(row.start, rowEnd),
    });
    pos = Math.max(rowEnd, row.end);
  }
  return entries;
}

/**
 * The closing tag of an element whose content starts at `from`; for an unterminated element, an
 * empty span where the next row or cell begins (or the end of the text).
 */
function findClose(s: string, from: number, name: string): { start: number; end: number } {
  let p = from;
  for (;;) {
    const t = nextTag(s, p, s.length);
    if (!t) return { start: s.length, end: s.length };
    if (t.closing && t.name === name) return t;
    if (t.name === 'row' || (t.name === name && !t.closing)) return { start: t.start, end: t.start };
    p = t.end;
  }
}
