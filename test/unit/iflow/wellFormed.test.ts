import * as assert from 'assert';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import * as fs from 'fs';
import * as path from 'path';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { checkWellFormed } from '../../../src/core/iflow/wellFormed';
import { fixture } from './helpers';
import { filesUnder } from '../support/files';
import { assertLinearWork } from '../support/work';

/**
 * checkWellFormed (src/core/iflow/wellFormed.ts) replaced fast-xml-parser's XMLValidator in
 * parseIFlow. The differential tests below run both on the fixtures and on thousands of
 * mutations of them and require the same verdict (well-formed or not), except where the
 * verdicts differ for one of the deliberate reasons listed in DIFFERENCES: each is a place where
 * fast-xml-parser's validator departs from XML 1.0 (and checkWellFormed follows the spec), or a
 * leniency of checkWellFormed documented in its module comment. A difference that fits none of
 * them fails the test with the input.
 *
 * Re-run a failing property with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>); FUZZ_SCALE=<factor>
 * multiplies the number of mutation runs.
 */

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
const seedParams = (): Partial<fc.Parameters<unknown>> => {
  const p: Partial<fc.Parameters<unknown>> = {};
  if (process.env.FUZZ_SEED) p.seed = Number(process.env.FUZZ_SEED);
  if (process.env.FUZZ_PATH) p.path = process.env.FUZZ_PATH;
  return p;
};

/** Offset of a fast-xml-parser validator position (it strips a BOM, splits lines on \r?\n). */
function fxpOffset(text: string, line: number, col: number | undefined): number {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    i = nl + 1;
  }
  return Math.min(text.length, i + Math.max(0, (col ?? 1) - 1));
}

interface Verdicts {
  ours: { message: string; offset: number } | undefined;
  fxp: true | { err: { code: string; msg: string; line: number; col?: number } };
}

function both(text: string): Verdicts {
  return { ours: checkWellFormed(text), fxp: XMLValidator.validate(text, { allowBooleanAttributes: false }) as Verdicts['fxp'] };
}

/** A well-formed reference per the XML 1.0 productions (names: ASCII exact, ≥ U+0080 leniently). */
const REFERENCE_RE = /^&(?:#([0-9]+);|#x([0-9a-fA-F]+);|[A-Za-z_:\u0080-\uffff][A-Za-z0-9_:.\-\u0080-\uffff]*;)/;
function isLegalCharRef(m: RegExpExecArray): boolean {
  if (m[1] === undefined && m[2] === undefined) return true;
  const cp = m[1] !== undefined ? Number(m[1]) : parseInt(m[2], 16);
  return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}
function wellFormedReferenceAt(text: string, at: number): boolean {
  const m = REFERENCE_RE.exec(text.slice(at, at + 200));
  return m !== null && isLegalCharRef(m);
}

/**
 * The deliberate differences. Each takes the text and both verdicts (they disagree) and returns
 * true when the disagreement is this one — checking the spec fact at the reported offset, so a
 * wrong verdict of ours cannot hide behind a label.
 */
const DIFFERENCES: Record<string, (text: string, v: Verdicts) => boolean> = {
  // fast-xml-parser does not look inside attribute values: `<a b="x<y"/>` is refused by XML 1.0
  // (AttValue excludes '<').
  'lt in attribute value': (t, v) => /^'<' in the value of attribute/.test(v.ours!.message) && t[v.ours!.offset] === '<',
  // Nor at references inside attribute values (`<a b="x & y"/>`), and in text it accepts
  // `&#;`, `&#x;`, `&1a;` and references to characters XML forbids (`&#0;`, `&#xFFFE;`).
  'malformed reference': (t, v) =>
    /reference|refers to a character/.test(v.ours!.message) && t[v.ours!.offset] === '&' && !wellFormedReferenceAt(t, v.ours!.offset),
  // fast-xml-parser does not check comments: `<!-- a -- b -->` and `<!-- a --->` are refused by
  // XML 1.0 ('--' must not occur inside a comment).
  'double hyphen in comment': (t, v) => /^'--' inside a comment/.test(v.ours!.message) && t.startsWith('--', v.ours!.offset) && t[v.ours!.offset + 2] !== '>',
  // It runs an unterminated comment, CDATA section or processing instruction to the end of the
  // file without complaint once no element is open: `<a/><!-- x`.
  'unterminated markup': (t, v) => {
    const m = /^unterminated (comment|CDATA section|processing instruction|DOCTYPE)/.exec(v.ours!.message);
    if (!m) return false;
    const at = v.ours!.offset;
    const close = { comment: '-->', 'CDATA section': ']]>', 'processing instruction': '?>', DOCTYPE: '>' }[m[1]]!;
    return m[1] === 'DOCTYPE' || m[1] === 'comment' ? t.indexOf(close, at + 4) < 0 || m[1] === 'DOCTYPE' : t.indexOf(close, at + 2) < 0;
  },
  // Its attribute tokenizer skips a stray '=' (or other character) where the next attribute name
  // should start: `<a b="1"= c="2"/>` and `<a b="1" ="2"/>` pass. XML 1.0 wants S Name Eq AttValue.
  'stray character in a start tag': (t, v) => {
    if (!/^unexpected .* in the start tag/.test(v.ours!.message)) return false;
    const ch = t.charCodeAt(v.ours!.offset);
    return !(ch >= 65 && ch <= 90) && !(ch >= 97 && ch <= 122) && ch !== 95 && ch !== 58 && ch < 128 && ch !== 62;
  },
  // It accepts CDATA sections outside the root element (`<![CDATA[x]]><a/>`); XML 1.0 allows
  // them only in content.
  'CDATA outside the root': (t, v) => /^CDATA section outside/.test(v.ours!.message) && t.startsWith('<![CDATA[', v.ours!.offset),
  // It skips any `<!…` it does not know (`<a><!x></a>`, `<a><!-- x -- ></a>` half-read) and
  // accepts a DOCTYPE anywhere, twice, or glued to its name (`<!DOCTYPEa>`).
  'unknown or misplaced declaration': (t, v) =>
    /^(unknown markup|DOCTYPE after|a second DOCTYPE|malformed DOCTYPE)/.test(v.ours!.message) && t.startsWith('<!', v.ours!.offset),
  // It only notices the end of the root element at an end tag, so after a self-closing root it
  // accepts a second root and text: `<a/><b/>`, `<a/>x`, `<a/>&amp;`. It also accepts `&amp;`
  // after an end-tag-closed root (`<a></a>&amp;`).
  'after the root': (t, v) => /^(text after the root element|<.*> is a second root element)/.test(v.ours!.message),
  // Processing instructions: it accepts no target (`<? x?>`), `<?XML …?>` (the target `xml` is
  // reserved in any case), a target glued to what follows (`<?a/?>`), and `<?xml` not at the
  // start when a line break follows the target.
  'processing instruction': (t, v) =>
    /^(processing instruction without a target|the processing instruction target .* is reserved|malformed processing instruction|the XML declaration)/.test(v.ours!.message) &&
    t.startsWith('<?', v.ours!.offset),
  // The other way round — fast-xml-parser refuses, XML 1.0 allows: a named reference longer than
  // 20 characters or with '-', '.', ':' or a non-ASCII character in its name (`&a-b;`).
  'long or punctuated entity name': (t, v) => {
    if (v.ours !== undefined || v.fxp === true || v.fxp.err.msg !== "char '&' is not expected.") return false;
    const at = fxpOffset(t, v.fxp.err.line, v.fxp.err.col);
    return t[at] === '&' && wellFormedReferenceAt(t, at);
  },
  // Leniency of checkWellFormed (module comment): any character ≥ U+0080 is a name character,
  // so `<a×b/>` passes here while fast-xml-parser (rightly) refuses it.
  'non-ASCII name (leniency)': (t, v) =>
    v.ours === undefined && v.fxp !== true && /is an invalid name\.$/.test(v.fxp.err.msg) && /[\u0080-\uffff]/.test(v.fxp.err.msg),
};

const seen = new Map<string, number>();

/** Same verdict, or a listed difference; our offset always within the text. */
function assertAgree(text: string, label: string): void {
  const v = both(text);
  if (v.ours) assert.ok(v.ours.offset >= 0 && v.ours.offset <= text.length, `${label}: offset ${v.ours.offset} in range`);
  if ((v.ours === undefined) === (v.fxp === true)) return;
  for (const [name, fits] of Object.entries(DIFFERENCES)) {
    // Stricter than fast-xml-parser: only where ours says not well-formed.
    if (name !== 'long or punctuated entity name' && name !== 'non-ASCII name (leniency)' && v.ours === undefined) continue;
    if (fits(text, v)) {
      seen.set(name, (seen.get(name) ?? 0) + 1);
      return;
    }
  }
  const at = v.ours ? v.ours.offset : fxpOffset(text, (v.fxp as { err: { line: number } }).err.line, (v.fxp as { err: { col?: number } }).err.col);
  assert.fail(
    `${label}: verdicts differ and no listed difference explains it\n  ours: ${JSON.stringify(v.ours)}\n  fast-xml-parser: ${JSON.stringify(v.fxp)}\n  near: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 60))}`,
  );
}

function listFixtures(): string[] {
  return filesUnder(fixture(), (f) => /\.(iflw|xml)$/.test(f));
}

describe('checkWellFormed', () => {
  const files = listFixtures();
  // Relative to the fixtures folder: the checkout's own path may contain a folder named `real`.
  const realTexts = files.filter((f) => path.relative(fixture(), f).split(path.sep)[0] === 'real' && f.endsWith('.iflw')).map((f) => fs.readFileSync(f, 'utf8'));

  describe('differential against fast-xml-parser XMLValidator', () => {
    after(() => {
      // Which deliberate differences the run met (visible with FUZZ_VERBOSE=1).
      if (process.env.FUZZ_VERBOSE) console.log(`      differences met: ${JSON.stringify(Object.fromEntries(seen))}`);
    });

    it('every fixture (iflw/xml), also as CRLF, with a BOM, and truncated at 20 points', () => {
      assert.ok(files.length >= 25, `fixtures: ${files.length}`);
      assert.ok(realTexts.length >= 15, `real fixtures: ${realTexts.length}`);
      let cases = 0;
      for (const file of files) {
        const text = fs.readFileSync(file, 'latin1').includes('\u0000') ? fs.readFileSync(file, 'latin1') : fs.readFileSync(file, 'utf8');
        const name = path.relative(fixture(), file);
        const crlf = text.replace(/\r?\n/g, '\r\n');
        const variants: Array<[string, string]> = [
          [name, text],
          [`${name} (CRLF)`, crlf],
          [`${name} (BOM)`, `\ufeff${text}`],
          [`${name} (CRLF, BOM)`, `\ufeff${crlf}`],
        ];
        for (const [label, t] of variants) {
          assertAgree(t, label);
          cases++;
          for (let k = 1; k <= 20; k++) {
            const cut = Math.floor((t.length * k) / 21) + (k % 3);
            assertAgree(t.slice(0, cut), `${label} cut at ${cut}`);
            cases++;
          }
        }
      }
      assert.ok(cases >= 2500, `cases: ${cases}`);
    });

    it('the valid fixtures are valid for both, and so is each real fixture', () => {
      for (const t of realTexts) {
        assert.strictEqual(checkWellFormed(t), undefined);
        assert.strictEqual(XMLValidator.validate(t), true);
      }
    });

    // Mutations of the real fixtures.
    const SPECIALS = ['<', '>', '&', '"', "'", '/', '=', '!', '?', '-', ';', ' ', '#', 'x', ']', '[', ':', '&amp;', '&#60;', '&#;', '&a-b;', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '</', '/>', '<!DOCTYPE a>', '\u00d7', '\u00e9'];
    type Op = [kind: number, a: number, b: number, c: number];
    const pos = (t: string, a: number): number => (t.length === 0 ? 0 : a % (t.length + 1));
    /** The tag (`<` … `>`) at or after a position, as [start, end). */
    const tagAt = (t: string, a: number): [number, number] | undefined => {
      const s = t.indexOf('<', pos(t, a));
      if (s < 0) return undefined;
      const e = t.indexOf('>', s);
      return e < 0 ? undefined : [s, e + 1];
    };
    const OPS: Array<(t: string, a: number, b: number, c: number) => string> = [
      // flip one bit of an ASCII character (stays ASCII)
      (t, a, b) => {
        const p = a % Math.max(1, t.length);
        const ch = t.charCodeAt(p);
        return ch < 128 ? t.slice(0, p) + String.fromCharCode(ch ^ (1 << (b % 7))) + t.slice(p + 1) : t;
      },
      // delete 1–8 characters
      (t, a, b) => {
        const p = pos(t, a);
        return t.slice(0, p) + t.slice(p + 1 + (b % 8));
      },
      // insert a special character or snippet
      (t, a, b) => {
        const p = pos(t, a);
        return t.slice(0, p) + SPECIALS[b % SPECIALS.length] + t.slice(p);
      },
      // duplicate a tag right after itself, or somewhere else
      (t, a, b, c) => {
        const g = tagAt(t, a);
        if (!g) return t;
        const at = c % 2 ? g[1] : pos(t, b);
        return t.slice(0, at) + t.slice(g[0], g[1]) + t.slice(at);
      },
      // delete a tag
      (t, a) => {
        const g = tagAt(t, a);
        return g ? t.slice(0, g[0]) + t.slice(g[1]) : t;
      },
      // duplicate an attribute within its tag (or glue it on without whitespace)
      (t, a, b) => {
        const re = /\s([A-Za-z_:][\w:.-]*)\s*=\s*("[^"<]*"|'[^'<]*')/g;
        re.lastIndex = pos(t, a);
        const m = re.exec(t);
        if (!m) return t;
        const end = m.index + m[0].length;
        return t.slice(0, end) + (b % 3 === 0 ? m[0].trimStart() : m[0]) + t.slice(end);
      },
      // insert a whole element copy (from a start tag to its matching end tag) after itself
      (t, a) => {
        const g = tagAt(t, a);
        if (!g || t[g[0] + 1] === '/' || t[g[0] + 1] === '!' || t[g[0] + 1] === '?') return t;
        const name = /^<([^\s/>]+)/.exec(t.slice(g[0], g[1]))?.[1];
        if (!name) return t;
        if (t[g[1] - 2] === '/') return t.slice(0, g[1]) + t.slice(g[0], g[1]) + t.slice(g[1]);
        const close = t.indexOf(`</${name}>`, g[1]);
        if (close < 0) return t;
        const e = close + name.length + 3;
        return t.slice(0, e) + t.slice(g[0], e) + t.slice(e);
      },
      // benign insertions after a '>': a comment, a reference, a PI, whitespace
      (t, a, b) => {
        const p = t.indexOf('>', pos(t, a));
        if (p < 0) return t;
        const ins = ['<!-- note -->', '&amp;', '&#x3C;', '<?pi data?>', ' \r\n\t', '<![CDATA[ <x> ]]>', '&lt;b&gt;'][b % 7];
        return t.slice(0, p + 1) + ins + t.slice(p + 1);
      },
      // swap the case of a letter (names are case-sensitive)
      (t, a) => {
        const p = a % Math.max(1, t.length);
        const ch = t[p] ?? '';
        const sw = ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase();
        return sw.length === 1 ? t.slice(0, p) + sw + t.slice(p + 1) : t;
      },
    ];
    const op: fc.Arbitrary<Op> = fc.tuple(fc.nat(OPS.length - 1), fc.nat(), fc.nat(), fc.nat());
    const RUNS = Math.max(1, Math.round(3200 * SCALE));

    it(`${RUNS} mutations of the real fixtures (bit flips, deletions, tags and attributes duplicated or deleted, stray & < quotes)`, function () {
      this.timeout(180_000);
      let valid = 0;
      let invalid = 0;
      fc.assert(
        fc.property(fc.nat(), fc.array(op, { minLength: 1, maxLength: 3 }), fc.boolean(), (pick, ops, crlf) => {
          let t = realTexts[pick % realTexts.length];
          if (crlf) t = t.replace(/\r?\n/g, '\r\n');
          for (const [k, a, b, c] of ops) t = OPS[k](t, a, b, c);
          assertAgree(t, `mutation ${JSON.stringify(ops)}`);
          if (checkWellFormed(t)) invalid++;
          else valid++;
        }),
        { numRuns: RUNS, ...seedParams() },
      );
      // Both verdicts are exercised (not just "everything broken").
      assert.ok(valid > RUNS / 20 && invalid > RUNS / 5, `valid ${valid}, invalid ${invalid}`);
    });

    it('each deliberate difference, on a small example', () => {
      const cases: Array<[string, string, boolean]> = [
        ['<a b="x<y"/>', 'lt in attribute value', false],
        ['<a b="x & y"/>', 'malformed reference', false],
        ['<a>&#;</a>', 'malformed reference', false],
        ['<a>&1a;</a>', 'malformed reference', false],
        ['<a>&#0;</a>', 'malformed reference', false],
        ['<a><!-- a -- b --></a>', 'double hyphen in comment', false],
        ['<a><!-- a ---></a>', 'double hyphen in comment', false],
        ['<a/><!-- x', 'unterminated markup', false],
        ['<a/><?pi x', 'unterminated markup', false],
        ['<a b="1"= c="2"/>', 'stray character in a start tag', false],
        ['<![CDATA[x]]><a/>', 'CDATA outside the root', false],
        ['<a><!x></a>', 'unknown or misplaced declaration', false],
        ['<a><!DOCTYPE a></a>', 'unknown or misplaced declaration', false],
        ['<!DOCTYPE a><!DOCTYPE a><a/>', 'unknown or misplaced declaration', false],
        ['<a/><b/>', 'after the root', false],
        ['<a/>x', 'after the root', false],
        ['<a></a>&amp;', 'after the root', false],
        ['<a><? x?></a>', 'processing instruction', false],
        ['<a><?XML x?></a>', 'processing instruction', false],
        ['<a><?a/?></a>', 'processing instruction', false],
        ['<a>&abcdefghijklmnopqrstuvwxyz;</a>', 'long or punctuated entity name', true],
        ['<a>&a-b;</a>', 'long or punctuated entity name', true],
        ['<a\u00d7b/>', 'non-ASCII name (leniency)', true],
      ];
      for (const [text, name, oursValid] of cases) {
        const v = both(text);
        assert.strictEqual(v.ours === undefined, oursValid, `${text}: ours ${JSON.stringify(v.ours)}`);
        assert.strictEqual(v.fxp === true, !oursValid, `${text}: fast-xml-parser ${JSON.stringify(v.fxp)}`);
        assert.ok(DIFFERENCES[name](text, v), `${text} is "${name}"`);
      }
    });
  });

  describe('errors: message and offset', () => {
    const cases: Array<[text: string, message: RegExp, offset: number | ((t: string) => number)]> = [
      ['', /^no root element$/, 0],
      ['  \n', /^no root element$/, 3],
      ['<?xml version="1.0"?>\n<!-- c -->', /^no root element$/, 32],
      ['hello', /^text before the root element$/, 0],
      ['<a/>hello', /^text after the root element$/, 4],
      ['<a></a>\n&amp;', /^text after the root element$/, 8],
      ['<a/><b/>', /^<b> is a second root element/, 4],
      ['<a></a><b></b>', /^<b> is a second root element/, 7],
      ['<a>\n<b>\n</c>\n</a>', /^<\/c> does not match <b> opened at line 2$/, 8],
      ['<a></a></a>', /^<\/a> has no matching start tag$/, 7],
      ['<a></A>', /^<\/A> does not match <a> opened at line 1$/, 3],
      ['<a></ab>', /^<\/ab> does not match <a> opened at line 1$/, 3],
      ['<a></a x>', /^malformed end tag <\/a: expected '>'$/, 7],
      ['<a></ a>', /^'<\/' not followed by a tag name$/, 3],
      ['<a>\n<b>\n<c>x', /^the file ends while 3 elements are still open \(innermost <c>\); was it saved completely\?$/, 11],
      ['<a>  \n', /^the file ends while 1 element is still open \(innermost <a>\); was it saved completely\?$/, 2],
      ['<a>< b/></a>', /^'<' not followed by a tag name \(write &lt; for a literal '<'\)$/, 3],
      ['<a>1 < 2</a>', /^'<' not followed by a tag name/, 5],
      ['<a b="1"', /^the file ends inside the start tag <a>$/, 0],
      ['<a b="1"c="2"/>', /^attribute c of <a> must be separated from what precedes it by whitespace$/, 8],
      ['<a b/>', /^attribute b of <a> has no value/, 3],
      ['<a b=1/>', /^the value of attribute b of <a> must be in quotes$/, 5],
      ['<a b="1/>', /^the value of attribute b of <a> has no closing quote$/, 5],
      ['<a>\n<b x="1></b>\n</a>', /^the value of attribute x of <b> has no closing quote$/, 9],
      ['<a>\n<b x="1></b>\n<c y="2"/></a>', /^'<' in the value of attribute x of <b> \(write &lt;, or is a closing quote missing\?\)$/, 12],
      ['<a b="1" b=\'2\'/>', /^attribute b appears twice on <a>$/, 9],
      ['<a b="1" "/>', /^unexpected "\\"" in the start tag <a>$/, 9],
      ['<a b="1"/ >', /^unexpected '\/' in the start tag <a>$/, 8],
      ['<a>AT&T</a>', /^'&' that does not start a reference/, 5],
      ['<a b="AT&T"/>', /^'&' that does not start a reference/, 8],
      ['<a>&#x;</a>', /^'&' that does not start a reference/, 3],
      ['<a>&#X41;</a>', /^'&' that does not start a reference/, 3],
      ['<a>&#1;</a>', /^&#1; refers to a character that XML does not allow$/, 3],
      ['<a>&#xD800;</a>', /refers to a character that XML does not allow$/, 3],
      ['<a><!-- x -- y --></a>', /^'--' inside a comment$/, 10],
      ['<a><!-- x', /^unterminated comment/, 3],
      ['<a><![CDATA[ x ]]', /^unterminated CDATA section/, 3],
      ['<![CDATA[x]]><a/>', /^CDATA section outside the root element$/, 0],
      ['<a><!ELEMENT a></a>', /^unknown markup <!ELEMENT /, 3],
      ['<a/><!DOCTYPE a>', /^DOCTYPE after the start of the root element/, 4],
      ['<!DOCTYPE a><!DOCTYPE a><a/>', /^a second DOCTYPE$/, 12],
      ['<!DOCTYPEa><a/>', /^malformed DOCTYPE$/, 0],
      ['<!DOCTYPE a [ <!ELEMENT a ANY> <a/>', /^unterminated DOCTYPE$/, 0],
      ['<a><?pi x</a>', /^unterminated processing instruction <\?pi/, 3],
      ['<a><? x?></a>', /^processing instruction without a target name$/, 3],
      ['<a><?XmL x?></a>', /^the processing instruction target XmL is reserved$/, 3],
      ['<a><?pi/?></a>', /^malformed processing instruction <\?pi$/, 3],
      [' <?xml version="1.0"?><a/>', /^the XML declaration <\?xml …\?> is allowed only at the very start of the file$/, 1],
      ['<a/><?xml version="1.0"?>', /^the XML declaration/, 4],
    ];
    for (const [text, message, offset] of cases) {
      it(`${JSON.stringify(text)}: ${message.source}`, () => {
        const e = checkWellFormed(text);
        assert.ok(e, 'an error');
        assert.match(e!.message, message);
        assert.strictEqual(e!.offset, typeof offset === 'number' ? offset : offset(text));
        // The same through parseIFlow, with the prefix and a range at the offset.
        const doc = parseIFlow(text, 'x.iflw');
        assert.strictEqual(doc.error?.message, `not well-formed XML: ${e!.message}`);
        assert.strictEqual(doc.error!.range.start, Math.min(e!.offset, text.length));
      });
    }

    it('a BOM is skipped (also before the XML declaration); offsets stay in the original text', () => {
      assert.strictEqual(checkWellFormed('\ufeff<?xml version="1.0"?><a/>'), undefined);
      assert.deepStrictEqual(checkWellFormed('\ufeff<a></b>'), { message: '</b> does not match <a> opened at line 1', offset: 4 });
      assert.strictEqual(checkWellFormed('\ufeff\ufeff<a/>')?.message, 'text before the root element');
    });

    it('line numbers count LF, CRLF and CR line ends', () => {
      for (const nl of ['\n', '\r\n', '\r']) {
        assert.match(checkWellFormed(`<a>${nl}${nl}<b>${nl}</c></b></a>`)!.message, /opened at line 3$/, JSON.stringify(nl));
      }
    });

    it('a hostile 100 KB name is clipped in the message', () => {
      const name = 'n'.repeat(100_000);
      const e = checkWellFormed(`<${name}>`)!;
      assert.ok(e.message.length < 300, e.message.slice(0, 300));
      assert.match(e.message, /n…>\); was it saved completely\?$/);
    });
  });

  describe('accepted', () => {
    for (const text of [
      '<a/>',
      ' \r\n\t<a/> \r\n',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><?pi?><!DOCTYPE a SYSTEM "a.dtd" [ <!ELEMENT a ANY> ]>\n<a/>\n<!-- after -->\n<?pi after?>\n',
      '<a b = "1"\tc=\'x"y\' d="&amp;&lt;&#60;&#x3c;&#x1F600;&foo;"  ></a >',
      '<a><b/><![CDATA[ <not> & a ]] tag ]]>text &gt; more > ] ]]<!----></a>',
      '<ns:a xmlns:ns="u" ns:b="1" b="2"><_x-y.z:w/></ns:a>',
      '<\u00e9l\u00e9ment attr\u00ee="\u00e9">caf\u00e9 \ud83d\ude00</\u00e9l\u00e9ment>',
      '<a>&#1114111;&#x10FFFF;&#9;&#10;&#13;</a>',
      `<a ${Array.from({ length: 40 }, (_, k) => `a${k}="${k}"`).join(' ')}/>`,
    ]) {
      it(JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text), () => {
        assert.strictEqual(checkWellFormed(text), undefined);
      });
    }

    it('many attributes: duplicates are found past the first 16 too', () => {
      const attrs = Array.from({ length: 40 }, (_, k) => `a${k}="${k}"`);
      assert.match(checkWellFormed(`<a ${attrs.join(' ')} a3="x"/>`)!.message, /^attribute a3 appears twice on <a>$/);
      assert.match(checkWellFormed(`<a ${attrs.join(' ')} a39="x"/>`)!.message, /^attribute a39 appears twice/);
    });
  });

  describe('linear work on hostile input', () => {
    // Each case's work counted at two sizes (4× the input must cost about 4× the work), then
    // read at its full size (the verdict, no stack overflow; the mocha timeout is only a hang
    // guard).
    // How fast the full sizes are read is measured by the bench (npm run bench).
    const cases: Array<[string, (n: number) => string, number, boolean]> = [
      ['100,000-deep nesting, closed', (n) => '<a>'.repeat(n) + '</a>'.repeat(n), 100_000, true],
      ['100,000-deep nesting, never closed', (n) => '<a>'.repeat(n), 100_000, false],
      ['a 50 MB text node', (n) => `<a>${'x'.repeat(n)}</a>`, 50_000_000, true],
      ['a 50 MB attribute value', (n) => `<a b="${'x'.repeat(n)}"/>`, 50_000_000, true],
      ['a 50 MB unterminated attribute value', (n) => `<a b="${'x'.repeat(n)}`, 50_000_000, false],
      ['100,000 attributes on one element', (n) => `<a ${Array.from({ length: n }, (_, k) => `a${k}="1"`).join(' ')}/>`, 100_000, true],
      ['1,000,000 references', (n) => `<a>${'&amp;'.repeat(n)}</a>`, 1_000_000, true],
      ['a million-digit character reference', (n) => `<a>&#${'9'.repeat(n)};</a>`, 1_000_000, false],
      ['10 MB of whitespace in a tag', (n) => `<a${' '.repeat(n)}/>`, 10_000_000, true],
      ['1,000,000 comments with hyphens', (n) => `<a>${'<!-- - -->'.repeat(n)}</a>`, 1_000_000, true],
      ['a 10 MB comment of hyphen pairs', (n) => `<a><!--${'- '.repeat(n)}--></a>`, 5_000_000, true],
    ];
    for (const [name, make, full, ok] of cases) {
      it(name, function () {
        this.timeout(60_000);
        // Counted first: with a quadratic scan the full size would take hours, not fail.
        assertLinearWork(name, make, checkWellFormed, Math.max(1000, Math.round(full / 200)));
        const result = checkWellFormed(make(full));
        assert.strictEqual(result === undefined, ok, JSON.stringify(result));
      });
    }
  });
});
