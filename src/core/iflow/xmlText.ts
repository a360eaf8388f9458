/**
 * Small helpers over XML source text: entity decoding (with an offset map back to the source),
 * start-tag scanning. Pure: no 'vscode', no Node built-ins.
 */

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode one entity reference body (between `&` and `;`), or undefined when not decodable. */
function entityValue(body: string): string | undefined {
  if (body.charCodeAt(0) === 35 /* # */) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const digits = body.slice(hex ? 2 : 1);
    if (!digits || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return undefined;
    const cp = parseInt(digits, hex ? 16 : 10);
    if (!Number.isFinite(cp) || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    return String.fromCodePoint(cp);
  }
  return Object.prototype.hasOwnProperty.call(NAMED, body) ? NAMED[body] : undefined;
}

const ENTITY_RE = /&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,9}|[A-Za-z][A-Za-z0-9._-]{0,31});/g;

/**
 * Decode the five predefined XML entities and character references; anything else (unknown
 * names, malformed references) stays verbatim. Does not treat markup (use decodeXmlContent).
 */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY_RE, (m, body: string) => entityValue(body) ?? m);
}

/**
 * Escape XML character content: `&`, `<`, `>`. Quotes stay, as SAP's designer writes them (its
 * escaped certificate tables read `id='clientCertificate.subjectDN'`); the project never writes
 * attribute values.
 */
export function escapeXmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface DecodedText {
  text: string;
  /** map[i] = source offset where decoded code unit i comes from; map[text.length] = source end. */
  map: number[];
}

/**
 * Decode the character content `src[start, end)` of an element: entities and character
 * references decoded, CDATA sections taken literally, comments and processing instructions
 * dropped. With `withMap`, also return where each decoded code unit sits in `src`.
 */
export function decodeXmlContent(src: string, start: number, end: number): string;
export function decodeXmlContent(src: string, start: number, end: number, withMap: true): DecodedText;
export function decodeXmlContent(src: string, start: number, end: number, withMap?: boolean): string | DecodedText {
  const out: string[] = [];
  const map: number[] | undefined = withMap ? [] : undefined;
  let i = start;
  const push = (s: string, at: number, step: number): void => {
    out.push(s);
    if (map) for (let k = 0; k < s.length; k++) map.push(at + (step ? k : 0));
  };
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 38 /* & */) {
      // A reference is at most 34 characters long: look no further for its `;` (an indexOf to the
      // next `;` made a value of thousands of bare `&` quadratic).
      const limit = Math.min(end, i + 35);
      let semi = i + 1;
      while (semi < limit && src.charCodeAt(semi) !== 59 /* ; */) semi++;
      if (semi > i + 1 && semi < limit) {
        const v = entityValue(src.slice(i + 1, semi));
        if (v !== undefined) {
          push(v, i, 0);
          i = semi + 1;
          continue;
        }
      }
      push('&', i, 1);
      i++;
    } else if (c === 60 /* < */) {
      if (src.startsWith('<![CDATA[', i)) {
        const close = src.indexOf(']]>', i + 9);
        const stop = close < 0 || close > end ? end : close;
        push(src.slice(i + 9, stop), i + 9, 1);
        i = close < 0 || close > end ? end : close + 3;
      } else if (src.startsWith('<!--', i)) {
        const close = src.indexOf('-->', i + 4);
        i = close < 0 || close > end ? end : close + 3;
      } else if (src.startsWith('<?', i)) {
        const close = src.indexOf('?>', i + 2);
        i = close < 0 || close > end ? end : close + 2;
      } else {
        push('<', i, 1);
        i++;
      }
    } else {
      // Copy a run of plain characters at once.
      let j = i + 1;
      while (j < end) {
        const d = src.charCodeAt(j);
        if (d === 38 || d === 60) break;
        j++;
      }
      push(src.slice(i, j), i, 1);
      i = j;
    }
  }
  const text = out.join('');
  if (!map) return text;
  map.push(end);
  return { text, map };
}

/**
 * Index just after the `>` that closes the tag starting at `start` (a `<`), skipping quoted
 * attribute values; `src.length` when unterminated.
 */
export function startTagEnd(src: string, start: number): number {
  let quote = 0;
  for (let i = start + 1; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62 /* > */) {
      return i + 1;
    }
  }
  return src.length;
}

/** Length of the qualified name right after a `<` at `start`. */
export function tagNameLength(src: string, start: number): number {
  let i = start + 1;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 62 || c === 47 || c === 32 || c === 9 || c === 10 || c === 13) break;
    i++;
  }
  return i - start - 1;
}
