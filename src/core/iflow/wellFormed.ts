/**
 * An XML 1.0 well-formedness check for whole documents: one iterative pass over the text
 * (charCodeAt and indexOf only, no recursion, no regular expressions), linear in the length of
 * any input — 100,000-deep nesting, a 50 MB text node or a tag with 100,000 attributes included.
 * Builds nothing; returns the first problem with its offset in the original text, or undefined.
 * Pure: no 'vscode', no Node built-ins.
 *
 * Checked (as an XML 1.0 parser does): exactly one root element; start and end tags matched
 * (names compared exactly); attributes `name="v"` / `name='v'`, whitespace between them, no `<`
 * in a value, no attribute twice on one element; comments (unterminated, `--` inside); CDATA
 * sections (only inside the root, terminated); processing instructions (a target name, `xml` in
 * any case reserved, terminated); the XML declaration only at the very start (after a BOM); a
 * DOCTYPE only in the prolog, at most one, terminated; entity and character references
 * `&name;` `&#N;` `&#xH;` in text and attribute values (a character reference must denote a
 * legal XML character; named references are not resolved — `&foo;` is well-formed syntax, and
 * undefined entities are left to the consumer, as before); no text outside the root except
 * whitespace; no `<!…>` other than comments, CDATA and DOCTYPE.
 *
 * Deliberately lenient (documents a strict parser would refuse, accepted here — none of it
 * changes what the rules read):
 * - names: the ASCII part of the Name production is checked exactly; any character ≥ U+0080 is
 *   accepted as a name character (the production excludes some, e.g. U+00D7 '×' and U+00F7 '÷');
 * - characters: the Char production is not checked (control characters such as U+0001, lone
 *   surrogates, U+FFFE/U+FFFF are accepted in text and values), nor `]]>` in character data;
 * - the XML declaration's content (version, encoding, standalone) is not checked here
 *   (parse.ts's scanner checks its quotes pair up), nor a DOCTYPE's internal subset beyond
 *   quotes and brackets (parse.ts refuses ENTITY declarations before this runs).
 */

export interface WellFormedError {
  /** What is wrong, without a "not well-formed XML" prefix. */
  message: string;
  /** Offset of the problem in the text (0 ≤ offset ≤ text.length). */
  offset: number;
}

// Character classes for ASCII: bit 1 = name start char, bit 2 = name char.
const NAME_START = 1;
const NAME_CHAR = 2;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 58; /* : */
  const digitish = (c >= 48 && c <= 57) || c === 45 /* - */ || c === 46; /* . */
  ASCII_CLASS[c] = (letter ? NAME_START | NAME_CHAR : 0) | (digitish ? NAME_CHAR : 0);
}

function isNameStart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c] & NAME_START) !== 0 : true;
}

/** Index just after the name starting at `i` (i itself when there is no name there). */
function nameEnd(text: string, i: number, n: number): number {
  if (i >= n || !isNameStart(text.charCodeAt(i))) return i;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c < 128 && (ASCII_CLASS[c] & NAME_CHAR) === 0) break;
    j++;
  }
  return j;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** A slice of the text for a message, clipped so a hostile 50 MB name stays readable. */
function show(text: string, start: number, end: number): string {
  return end - start > 80 ? `${text.slice(start, start + 80)}…` : text.slice(start, end);
}

/** 1-based line of an offset (LF, CRLF and CR line ends). Only used to build messages. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) line++;
  }
  return line;
}

function isXmlChar(cp: number): boolean {
  return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Index just after the entity or character reference at `i` (text[i] is `&`), or -1 when it is
 * not a well-formed one; -2 when it is a character reference to a character XML does not allow.
 */
function referenceEnd(text: string, i: number, n: number): number {
  let j = i + 1;
  if (j < n && text.charCodeAt(j) === 35 /* # */) {
    j++;
    const hex = j < n && text.charCodeAt(j) === 120; /* x (lowercase only, as the spec says) */
    if (hex) j++;
    const digitsStart = j;
    let cp = 0;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (hex && c >= 97 && c <= 102) d = c - 87;
      else if (hex && c >= 65 && c <= 70) d = c - 55;
      else break;
      cp = Math.min(cp * (hex ? 16 : 10) + d, 0x110000); // clamped: a million digits stay a number
    }
    if (j === digitsStart || j >= n || text.charCodeAt(j) !== 59 /* ; */) return -1;
    return isXmlChar(cp) ? j + 1 : -2;
  }
  const e = nameEnd(text, j, n);
  if (e === j || e >= n || text.charCodeAt(e) !== 59) return -1;
  return e + 1;
}

/** Index after the DOCTYPE declaration at `i` (quotes and the internal subset skipped), or -1. */
export function doctypeEnd(text: string, i: number, n: number): number {
  let depth = 0;
  let quote = 0;
  for (let j = i + 9; j < n; j++) {
    const c = text.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 91 /* [ */) depth++;
    else if (c === 93 /* ] */) depth = Math.max(0, depth - 1);
    else if (c === 62 /* > */ && depth === 0) return j + 1;
  }
  return -1;
}

/**
 * The first well-formedness error of an XML document, or undefined when it is well-formed (see
 * the module comment for exactly what is checked).
 */
export function checkWellFormed(text: string): WellFormedError | undefined {
  const n = text.length;
  const first = n > 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (message: string, offset: number): WellFormedError => ({ message, offset: Math.max(0, Math.min(offset, n)) });

  // Open elements: offset of each start tag's `<` and its name length.
  const openAt: number[] = [];
  const openLen: number[] = [];
  let depth = 0;
  let rootSeen = false;
  let rootClosed = false;
  let doctypeSeen = false;
  // Attributes of the start tag being read (name start, name length); a Set beyond a few.
  const attrAt: number[] = [];
  const attrLen: number[] = [];
  let attrSet: Set<string> | undefined;
  // Cached next positions of '<' and '&' (n when none): each search runs forward only.
  let nextLt = -1;
  let nextAmp = -1;
  const ltFrom = (from: number): number => {
    if (nextLt < from) {
      nextLt = text.indexOf('<', from);
      if (nextLt < 0) nextLt = n;
    }
    return nextLt;
  };
  const ampFrom = (from: number): number => {
    if (nextAmp < from) {
      nextAmp = text.indexOf('&', from);
      if (nextAmp < 0) nextAmp = n;
    }
    return nextAmp;
  };
  const referenceError = (at: number, end: number): WellFormedError =>
    end === -2
      ? fail(`${show(text, at, text.indexOf(';', at) + 1)} refers to a character that XML does not allow`, at)
      : fail("'&' that does not start a reference such as &amp; or &#38; (write &amp; for a literal '&')", at);

  let i = first;
  while (i < n) {
    if (depth > 0) {
      // Character data: jump to the next '<' or '&'.
      const lt = ltFrom(i);
      const amp = ampFrom(i);
      if (amp < lt) {
        const e = referenceEnd(text, amp, n);
        if (e < 0) return referenceError(amp, e);
        i = e;
        continue;
      }
      i = lt;
      if (i >= n) break;
    } else {
      const c = text.charCodeAt(i);
      if (c !== 60 /* < */) {
        if (isSpace(c)) {
          i++;
          continue;
        }
        return fail(rootSeen ? 'text after the root element' : 'text before the root element', i);
      }
    }

    // text[i] === '<'
    const c1 = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (c1 === 33 /* ! */) {
      if (text.startsWith('<!--', i)) {
        const dd = text.indexOf('--', i + 4);
        if (dd < 0) return fail('unterminated comment (no -->)', i);
        if (text.charCodeAt(dd + 2) !== 62) return fail("'--' inside a comment", dd);
        i = dd + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        if (depth === 0) return fail('CDATA section outside the root element', i);
        const e = text.indexOf(']]>', i + 9);
        if (e < 0) return fail('unterminated CDATA section (no ]]>)', i);
        i = e + 3;
      } else if (text.startsWith('<!DOCTYPE', i)) {
        if (rootSeen || depth > 0) return fail('DOCTYPE after the start of the root element (it must come before)', i);
        if (doctypeSeen) return fail('a second DOCTYPE', i);
        if (!isSpace(i + 9 < n ? text.charCodeAt(i + 9) : -1)) return fail('malformed DOCTYPE', i);
        const e = doctypeEnd(text, i, n);
        if (e < 0) return fail('unterminated DOCTYPE', i);
        doctypeSeen = true;
        i = e;
      } else {
        return fail(`unknown markup ${show(text, i, Math.min(n, i + 10))} (only comments, CDATA sections and a DOCTYPE start with <!)`, i);
      }
      continue;
    }

    if (c1 === 63 /* ? */) {
      const t = i + 2;
      const te = nameEnd(text, t, n);
      if (te === t) return fail('processing instruction without a target name', i);
      if (te - t === 3 && (text.charCodeAt(t) | 32) === 120 && (text.charCodeAt(t + 1) | 32) === 109 && (text.charCodeAt(t + 2) | 32) === 108) {
        if (!text.startsWith('xml', t)) return fail(`the processing instruction target ${text.slice(t, te)} is reserved`, i);
        if (i !== first) return fail('the XML declaration <?xml …?> is allowed only at the very start of the file', i);
      }
      const after = te < n ? text.charCodeAt(te) : -1;
      if (!isSpace(after) && !(after === 63 && text.charCodeAt(te + 1) === 62)) return fail(`malformed processing instruction <?${show(text, t, te)}`, i);
      const e = text.indexOf('?>', te);
      if (e < 0) return fail(`unterminated processing instruction <?${show(text, t, te)} (no ?>)`, i);
      i = e + 2;
      continue;
    }

    if (c1 === 47 /* / */) {
      const ns = i + 2;
      const ne = nameEnd(text, ns, n);
      if (ne === ns) return fail("'</' not followed by a tag name", i);
      let j = ne;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (j >= n || text.charCodeAt(j) !== 62) return fail(`malformed end tag </${show(text, ns, ne)}: expected '>'`, j < n ? j : i);
      if (depth === 0) return fail(`</${show(text, ns, ne)}> has no matching start tag`, i);
      const at = openAt[depth - 1];
      const len = openLen[depth - 1];
      let same = len === ne - ns;
      for (let k = 0; same && k < len; k++) same = text.charCodeAt(at + 1 + k) === text.charCodeAt(ns + k);
      if (!same) {
        return fail(`</${show(text, ns, ne)}> does not match <${show(text, at + 1, at + 1 + len)}> opened at line ${lineOf(text, at)}`, i);
      }
      depth--;
      if (depth === 0) rootClosed = true;
      i = j + 1;
      continue;
    }

    // A start tag.
    const ns = i + 1;
    const ne = nameEnd(text, ns, n);
    if (ne === ns) return fail("'<' not followed by a tag name (write &lt; for a literal '<')", i);
    if (depth === 0 && rootClosed) return fail(`<${show(text, ns, ne)}> is a second root element (a document has exactly one)`, i);
    let j = ne;
    let selfClosing = false;
    let attrs = 0;
    attrSet = undefined;
    for (;;) {
      const ws = j;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (j >= n) return fail(`the file ends inside the start tag <${show(text, ns, ne)}>`, i);
      const c = text.charCodeAt(j);
      if (c === 62 /* > */) break;
      if (c === 47 /* / */) {
        if (text.charCodeAt(j + 1) !== 62) return fail(`unexpected '/' in the start tag <${show(text, ns, ne)}>`, j);
        selfClosing = true;
        j++;
        break;
      }
      const an = j;
      const ae = nameEnd(text, an, n);
      if (ae === an) return fail(`unexpected ${JSON.stringify(text.charAt(j))} in the start tag <${show(text, ns, ne)}>`, j);
      if (j === ws) return fail(`attribute ${show(text, an, ae)} of <${show(text, ns, ne)}> must be separated from what precedes it by whitespace`, an);
      j = ae;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (j >= n || text.charCodeAt(j) !== 61 /* = */) return fail(`attribute ${show(text, an, ae)} of <${show(text, ns, ne)}> has no value (expected ="…")`, an);
      j++;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const q = j < n ? text.charCodeAt(j) : -1;
      if (q !== 34 && q !== 39) return fail(`the value of attribute ${show(text, an, ae)} of <${show(text, ns, ne)}> must be in quotes`, j < n ? j : an);
      const close = text.indexOf(q === 34 ? '"' : "'", j + 1);
      if (close < 0) return fail(`the value of attribute ${show(text, an, ae)} of <${show(text, ns, ne)}> has no closing quote`, j);
      const lt = ltFrom(j + 1);
      if (lt < close) return fail(`'<' in the value of attribute ${show(text, an, ae)} of <${show(text, ns, ne)}> (write &lt;, or is a closing quote missing?)`, lt);
      for (let amp = ampFrom(j + 1); amp < close; amp = ampFrom(amp + 1)) {
        const e = referenceEnd(text, amp, n);
        if (e < 0 || e > close) return referenceError(amp, e < 0 ? e : -1);
      }
      // Duplicates: compare with the earlier names (a Set once there are many).
      const len = ae - an;
      if (attrSet) {
        const name = text.slice(an, ae);
        if (attrSet.has(name)) return fail(`attribute ${show(text, an, ae)} appears twice on <${show(text, ns, ne)}>`, an);
        attrSet.add(name);
      } else {
        for (let k = 0; k < attrs; k++) {
          if (attrLen[k] !== len) continue;
          const at = attrAt[k];
          let same = true;
          for (let m = 0; same && m < len; m++) same = text.charCodeAt(at + m) === text.charCodeAt(an + m);
          if (same) return fail(`attribute ${show(text, an, ae)} appears twice on <${show(text, ns, ne)}>`, an);
        }
        attrAt[attrs] = an;
        attrLen[attrs] = len;
        if (attrs + 1 >= 16) {
          attrSet = new Set();
          for (let k = 0; k <= attrs; k++) attrSet.add(text.slice(attrAt[k], attrAt[k] + attrLen[k]));
        }
      }
      attrs++;
      j = close + 1;
    }
    // text[j] === '>'
    rootSeen = true;
    if (selfClosing) {
      if (depth === 0) rootClosed = true;
    } else {
      openAt[depth] = i;
      openLen[depth] = ne - ns;
      depth++;
    }
    i = j + 1;
  }

  if (depth > 0) {
    let end = n;
    while (end > first && isSpace(text.charCodeAt(end - 1))) end--;
    const at = openAt[depth - 1];
    const innermost = show(text, at + 1, at + 1 + openLen[depth - 1]);
    return fail(`the file ends while ${depth} element${depth === 1 ? ' is' : 's are'} still open (innermost <${innermost}>); was it saved completely?`, Math.max(0, end - 1));
  }
  if (!rootSeen) return fail('no root element', n);
  return undefined;
}
