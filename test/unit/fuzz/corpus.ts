/**
 * The seeds and mutations the fuzz suite works with: the real iFlow fixtures (whole, and each
 * sender channel cut out into a small iFlow so most mutations land on authorization data), the
 * hand-written edge cases, and the mutation operators the security issue names (byte flips,
 * truncation, duplicated and deleted tags, random entities and escapes, huge attribute values,
 * CDATA, BOMs, UTF-16, CRLF).
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { decodeText } from '../../../src/core/iflow/encoding';
import { filesUnder } from '../support/files';

export const FIXTURES = path.join(__dirname, '../../../../test/fixtures');

export interface Seed {
  name: string;
  text: string;
}

/** Every `.iflw` under test/fixtures (real exports, hand-written edge cases, hostile ones). */
export function iflowFiles(): string[] {
  return filesUnder(FIXTURES, (f) => f.endsWith('.iflw'));
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<bpmn2:definitions xmlns:bpmn2="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:ifl="http:///com.sap.ifl.model/Ifl.xsd" id="Definitions_1">\n  <bpmn2:collaboration id="Collaboration_1">\n';
const TAIL = '\n  </bpmn2:collaboration>\n</bpmn2:definitions>\n';

/** Real iFlows, whole. */
export function realSeeds(): Seed[] {
  return filesUnder(path.join(FIXTURES, 'real'), (f) => f.endsWith('.iflw')).map((f) => ({ name: path.relative(FIXTURES, f), text: fs.readFileSync(f, 'utf8') }));
}

/**
 * Small seeds: the hand-written fixtures, plus every messageFlow of every real iFlow cut out and
 * wrapped in minimal definitions (a few kB each, so thousands of cases stay fast), plus a
 * channel with a realistic escaped certificate table.
 */
export function smallSeeds(): Seed[] {
  // The hand-written fixtures, and the older iFlows whose authorization sits on the sender participant.
  const seeds: Seed[] = ['iflows', 'legacy'].flatMap((dir) => filesUnder(path.join(FIXTURES, dir), (f) => f.endsWith('.iflw')))
    .map((f) => ({ name: path.relative(FIXTURES, f), text: fs.readFileSync(f, 'utf8') }));
  for (const real of realSeeds()) {
    const flows = real.text.match(/<bpmn2:messageFlow[\s\S]*?<\/bpmn2:messageFlow>/g) ?? [];
    flows.forEach((flow, i) => {
      if (/>\s*Sender\s*</.test(flow)) seeds.push({ name: `${real.name}#flow${i}`, text: HEAD + flow + TAIL });
    });
  }
  const table = (rows: Array<[string, string]>): string => rows
    .map(([s, i]) => `&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;${s}&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;${i}&lt;/cell&gt;&lt;/row&gt;`)
    .join('');
  seeds.push({
    name: 'synthetic#client-certificate',
    text: `${HEAD}    <bpmn2:messageFlow id="MessageFlow_1" name="HTTPS_In" sourceRef="P" targetRef="S">
      <bpmn2:extensionElements>
        <ifl:property><key>ComponentType</key><value>HTTPS</value></ifl:property>
        <ifl:property><key>direction</key><value>Sender</value></ifl:property>
        <ifl:property><key>senderAuthType</key><value>ClientCertificate</value></ifl:property>
        <ifl:property><key>userRole</key><value>{{role}}</value></ifl:property>
        <ifl:property><key>clientCertificates</key><value>${table([
    ['CN=acme-client, O=ACME, C=DE', 'CN=ACME Issuing CA, O=ACME, C=DE'],
    ['CN=a &amp;amp; b, O=X', ''],
    ['{{subject}}', 'CN=ACME Issuing CA, O=ACME, C=DE'],
  ])}</value></ifl:property>
      </bpmn2:extensionElements>
    </bpmn2:messageFlow>${TAIL}`,
  });
  return seeds;
}

// ---------------------------------------------------------------------------------------------
// mutations

/** A text the engine would see, plus a label of what was done (shown when a property fails). */
export interface Mutated {
  text: string;
  ops: string[];
}

const ENTITIES = [
  '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&', '&;', '&#;', '&#x;', '&#0;', '&#x0;', '&#xD800;', '&#xDFFF;', '&#x110000;',
  '&#99999999999999999999;', '&#x41;', '&#65;', '&nbsp;', '&bogus;', '&lol9;', '&amp;lt;', '&amp;amp;lt;row&amp;amp;gt;',
  '&lt;row&gt;', '&lt;/row&gt;', '&lt;cell id=\'clientCertificate.subjectDN\'&gt;', '&lt;/cell&gt;', '&lt;cell&gt;', '{{', '}}',
  '{{p}}', '{{ a b }}', '\\u0000', '%xx;', '&%;',
];
const FRAGMENTS = [
  '<![CDATA[', ']]>', '<![CDATA[<value>x</value>]]>', '<![CDATA[&lt;row&gt;]]>', '<!-- c -->', '<!--', '-->', '<?pi x?>', '<?xml version="1.0"?>',
  '<!DOCTYPE x>', '<!DOCTYPE x [<!ENTITY a "b">]>', '<!DOCTYPE x SYSTEM "file:///etc/passwd">', '<!ENTITY % p SYSTEM "http://127.0.0.1/x">',
  '<', '>', '/>', '</', '"', "'", '=', '\u0000', '\uFEFF', '\uFFFE', '\uD800', '\uDC00', '\r', '\r\n', '\n', '\t', ':', 'xmlns="urn:x"',
  'xmlns:bpmn2="urn:other"', 'xmlns:ifl=""', '<ifl:property><key>senderAuthType</key><value>ClientCertificate</value></ifl:property>',
  '<ifl:property><key>direction</key><value>Sender</value></ifl:property>', '<key>', '</key>', '<value>', '</value>', '<value/>',
  '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', 'MIIB', '==', 'CN=', ',', '+', '\\,', '\\',
];

/** Offsets of `<` in the text (tag starts), capped so huge texts do not cost much. */
function tagStarts(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('<'); i >= 0 && out.length < 20000; i = text.indexOf('<', i + 1)) out.push(i);
  return out;
}

function tagAt(text: string, pick: number): [number, number] | undefined {
  const starts = tagStarts(text);
  if (starts.length === 0) return undefined;
  const s = starts[pick % starts.length];
  const e = text.indexOf('>', s);
  return [s, e < 0 ? text.length : e + 1];
}

/** Whole element (start tag to its matching-looking end tag) around a tag start, best effort. */
function elementAt(text: string, pick: number): [number, number] | undefined {
  const t = tagAt(text, pick);
  if (!t) return undefined;
  const name = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(t[0], t[1]))?.[1];
  if (!name) return t;
  const close = text.indexOf(`</${name}>`, t[1]);
  return close < 0 ? t : [t[0], close + name.length + 3];
}

type Op = (text: string, r: number[]) => Mutated | string;

const clampPos = (text: string, r: number): number => (text.length === 0 ? 0 : r % (text.length + 1));

/** Text operators; each takes the text and a few random integers. */
export const TEXT_OPS: Record<string, Op> = {
  truncate: (t, [a]) => t.slice(0, clampPos(t, a)),
  deleteRange: (t, [a, b]) => {
    const s = clampPos(t, a);
    return t.slice(0, s) + t.slice(Math.min(t.length, s + (b % 64)));
  },
  duplicateTag: (t, [a, b]) => {
    const tag = tagAt(t, a);
    if (!tag) return t;
    const at = clampPos(t, b);
    return t.slice(0, at) + t.slice(tag[0], tag[1]) + t.slice(at);
  },
  deleteTag: (t, [a]) => {
    const tag = tagAt(t, a);
    return tag ? t.slice(0, tag[0]) + t.slice(tag[1]) : t;
  },
  duplicateElement: (t, [a]) => {
    const el = elementAt(t, a);
    return el ? t.slice(0, el[1]) + t.slice(el[0], el[1]) + t.slice(el[1]) : t;
  },
  deleteElement: (t, [a]) => {
    const el = elementAt(t, a);
    return el ? t.slice(0, el[0]) + t.slice(el[1]) : t;
  },
  swapTagName: (t, [a, b]) => {
    const tag = tagAt(t, a);
    if (!tag) return t;
    const names = ['bpmn2:messageFlow', 'ifl:property', 'key', 'value', 'bpmn2:extensionElements', 'bpmn2:collaboration', 'x:y', 'bpmn2:definitions'];
    return t.slice(0, tag[0]) + t.slice(tag[0], tag[1]).replace(/^(<\/?)[^\s/>]+/, `$1${names[b % names.length]}`) + t.slice(tag[1]);
  },
  insertEntity: (t, [a, b]) => {
    const at = clampPos(t, a);
    return t.slice(0, at) + ENTITIES[b % ENTITIES.length] + t.slice(at);
  },
  insertFragment: (t, [a, b]) => {
    const at = clampPos(t, a);
    return t.slice(0, at) + FRAGMENTS[b % FRAGMENTS.length] + t.slice(at);
  },
  escapeRange: (t, [a, b]) => {
    const s = clampPos(t, a);
    const e = Math.min(t.length, s + (b % 200));
    return t.slice(0, s) + t.slice(s, e).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + t.slice(e);
  },
  unescapeRange: (t, [a, b]) => {
    const s = clampPos(t, a);
    const e = Math.min(t.length, s + (b % 400));
    return t.slice(0, s) + t.slice(s, e).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') + t.slice(e);
  },
  hugeAttribute: (t, [a, b, c]) => {
    const tag = tagAt(t, a);
    if (!tag) return t;
    const nameEnd = t.slice(tag[0], tag[1]).search(/[\s/>]/);
    const at = nameEnd < 0 ? tag[1] : tag[0] + nameEnd;
    // Mostly 1–64 kB; one case in 32 is 1 MB.
    const size = c % 32 === 0 ? 1 << 20 : 1024 + (b % (64 * 1024));
    const ch = ['x', '&amp;', ' ', '"', '&#x41;', '<'][b % 6];
    return `${t.slice(0, at)} huge${b % 3}="${ch.repeat(Math.ceil(size / ch.length))}"${t.slice(at)}`;
  },
  hugeText: (t, [a, b]) => {
    const at = clampPos(t, a);
    // Up to 100,000 characters; up to 10,000 escaped rows (each row is a finding to report, so
    // more rows measure the machine rather than find a hang).
    const piece = ['a', '&lt;row&gt;', ' ', '&amp;', '\t\r\n'][b % 5];
    return t.slice(0, at) + piece.repeat(Math.ceil((1000 + (b % 100_000)) / piece.length)) + t.slice(at);
  },
  cdataWrap: (t, [a, b]) => {
    const s = clampPos(t, a);
    const e = Math.min(t.length, s + (b % 300));
    return `${t.slice(0, s)}<![CDATA[${t.slice(s, e)}]]>${t.slice(e)}`;
  },
  bom: (t, [a]) => (a % 2 === 0 ? `\uFEFF${t}` : `\uFEFF\uFEFF${t}`),
  bomInside: (t, [a]) => {
    const at = clampPos(t, a);
    return `${t.slice(0, at)}\uFEFF${t.slice(at)}`;
  },
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  loneCr: (t) => t.replace(/\r?\n/g, '\r'),
  splice: (t, [a, b, c]) => {
    const s = clampPos(t, a);
    const e = Math.min(t.length, s + (b % 2000));
    const at = clampPos(t, c);
    return t.slice(0, at) + t.slice(s, e) + t.slice(at);
  },
  nestDeep: (t, [a, b]) => {
    const at = clampPos(t, a);
    const n = 100 + (b % 5000);
    return t.slice(0, at) + '<d>'.repeat(n) + (b % 2 ? '</d>'.repeat(n) : '') + t.slice(at);
  },
  randomChars: (t, [a, b, c]) => {
    const at = clampPos(t, a);
    let s = '';
    for (let i = 0; i < 1 + (b % 16); i++) s += String.fromCharCode((c * (i + 7) * 2654435761) % 0x10000);
    return t.slice(0, at) + s + t.slice(at);
  },
};

/**
 * Byte-level operators: the text is encoded (UTF-8, UTF-16 LE/BE with or without BOM), bytes
 * are flipped, inserted or cut, and decoded the way the CLI and archive reader decode files.
 * Undefined when the bytes are no longer text (the tools refuse such a file before parsing).
 */
export function byteMutate(text: string, encoding: number, flips: Array<[number, number]>, cut: number | undefined): Mutated | undefined {
  const enc = ['utf8', 'utf8bom', 'utf16le', 'utf16be', 'utf16le-nobom'][encoding % 5];
  let bytes: Buffer;
  if (enc === 'utf8') bytes = Buffer.from(text, 'utf8');
  else if (enc === 'utf8bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  else {
    const le = Buffer.from(text, 'utf16le');
    if (enc === 'utf16be') {
      const be = Buffer.alloc(le.length);
      for (let i = 0; i + 1 < le.length; i += 2) { be[i] = le[i + 1]; be[i + 1] = le[i]; }
      bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    } else bytes = enc === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), le]) : le;
  }
  const b = Buffer.from(bytes);
  for (const [pos, mask] of flips) if (b.length > 0) b[pos % b.length] ^= mask & 0xff || 1;
  const bytesOut = cut === undefined ? b : b.subarray(0, b.length === 0 ? 0 : cut % (b.length + 1));
  const d = decodeText(new Uint8Array(bytesOut));
  if (d.error !== undefined) {
    // The CLI stops here; but an editor may still hand the parser a lossy decoding: try that too.
    return { text: bytesOut.toString('latin1'), ops: [`bytes:${enc}`, 'latin1'] };
  }
  return { text: d.text, ops: [`bytes:${enc}`, `flips:${flips.length}`, cut === undefined ? 'whole' : 'cut'] };
}

const OP_NAMES = Object.keys(TEXT_OPS);

/** An arbitrary stack of 1–4 text mutations. */
export const textMutations = fc.array(
  fc.tuple(fc.constantFrom(...OP_NAMES), fc.array(fc.nat(), { minLength: 3, maxLength: 3 })),
  { minLength: 1, maxLength: 4 },
);

export function applyMutations(text: string, muts: Array<[string, number[]]>): Mutated {
  let t = text;
  const ops: string[] = [];
  for (const [name, r] of muts) {
    const out = TEXT_OPS[name](t, r);
    t = typeof out === 'string' ? out : out.text;
    ops.push(name);
  }
  return { text: t, ops };
}

/** FUZZ_SCALE multiplies every suite's number of runs (e.g. 10 for a long local session). */
const FUZZ_SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
export const fuzzRuns = (n: number): number => Math.max(1, Math.round(n * FUZZ_SCALE));

/** fast-check parameters from the environment: FUZZ_SEED and FUZZ_PATH re-run a failure, FUZZ_SHRINK shrinks it. */
export const fuzzParameters = (): Partial<fc.Parameters<unknown>> => ({
  endOnFailure: !process.env.FUZZ_SHRINK,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
});
