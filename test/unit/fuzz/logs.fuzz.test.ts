/**
 * Property-based fuzzing of the log readers and the analysis: generated access-log lines (random
 * callers with spaces and `@`, statuses, times, clients) mixed with mutated lines, junk, binary
 * bytes and trace records, fed in random chunk sizes, as bytes and as text, plain, `.gz` and `.zip`.
 * The analysis must always answer: no throw, every request on a line of its file, the summary
 * adding up, each file's requests in line order, and the same verdicts however the input is chunked.
 * FUZZ_SCALE / FUZZ_SEED / FUZZ_PATH as in the engine's fuzz suite.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { gzipSync, zipSync } from 'fflate';
import { parseAccessLine } from '../../../src/core/logs/accessLine';
import { analyzeLogs } from '../../../src/core/logs/analyzer';
import { memorySource, openLogInputs, textInput, type LogInput } from '../../../src/core/logs/input';
import { VERDICTS, type AnalyzedRequest } from '../../../src/core/logs/types';
import { workspace } from '../logs/support';

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
const params = (n: number): fc.Parameters<unknown> => {
  const p: fc.Parameters<unknown> = { numRuns: runs(n), endOnFailure: !process.env.FUZZ_SHRINK };
  if (process.env.FUZZ_SEED) p.seed = Number(process.env.FUZZ_SEED);
  if (process.env.FUZZ_PATH) p.path = process.env.FUZZ_PATH;
  return p;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');
const clf = (ms: number): string => {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
};

const callerArb = fc.oneof(
  fc.constant('-'),
  fc.constantFrom('SHIPPING_PARTNER', 'S0012345678', 'oauth_client_7f3e', 'initech-b2b@Initech CA', 'acme-client@ACME Issuing CA G2', 'ORDERS_USER'),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\n\r]/.test(s) && !s.includes(' [') && s.trim() === s && s !== ''),
);
const requestArb = fc.record({
  time: fc.integer({ min: Date.UTC(2026, 10, 26), max: Date.UTC(2026, 10, 26, 0, 30) }),
  client: fc.constantFrom('203.0.113.10', '203.0.113.11', '198.51.100.7'),
  caller: callerArb,
  method: fc.constantFrom('GET', 'POST', 'PUT'),
  path: fc.constantFrom('/http/https_shipments', '/http/https_orders', '/cxf/vendor/stock/x', '/http/none', '/http/https_orders?a=1'),
  status: fc.constantFrom(200, 201, 302, 400, 401, 401, 401, 403, 403, 404, 405, 500, 503),
});
type Request = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;
const lineOf = (r: Request): string => `10.117.18.4 (${r.client}) - ${r.caller} [${clf(r.time)}] ${r.method} ${r.path} HTTP/1.1 ${r.status} 5 12 host:443 -`;

/** A line as the generators make it, or broken: cut, a byte changed, junk, a trace record. */
const lineArb = fc.oneof(
  { weight: 6, arbitrary: requestArb.map(lineOf) },
  { weight: 1, arbitrary: fc.tuple(requestArb.map(lineOf), fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))) },
  { weight: 1, arbitrary: fc.tuple(requestArb.map(lineOf), fc.nat(), fc.integer({ min: 0, max: 0xffff })).map(([l, n, c]) => { const i = n % l.length; return l.slice(0, i) + String.fromCharCode(c) + l.slice(i + 1); }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('2026 11 26 00:00:07#+00#ERROR#c##u#t###n#Unauthorized|', 'FILE_TYPE:x', 'HEADER_END', '\tat x(Y.java:1)', '', '\u0000') },
);

function splitEvery(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

async function run(inputs: LogInput[]): Promise<{ requests: AnalyzedRequest[]; summary: Record<string, number>; count: number }> {
  const requests: AnalyzedRequest[] = [];
  const result = await analyzeLogs(inputs, workspace(), { onRequest: (r) => requests.push(r) });
  return { requests, summary: result.summary, count: result.requests };
}

function check(text: string, got: Awaited<ReturnType<typeof run>>): void {
  const lineCount = text.split('\n').length;
  assert.strictEqual(got.requests.length, got.count);
  assert.strictEqual(VERDICTS.reduce((n, v) => n + got.summary[v], 0), got.count);
  const lastLine = new Map<string, number>();
  for (const r of got.requests) {
    assert.ok(VERDICTS.includes(r.verdict));
    assert.ok(r.record.line >= 1 && r.record.line <= lineCount, `line ${r.record.line} of ${lineCount}`);
    assert.strictEqual(typeof r.message, 'string');
    assert.ok(r.record.line > (lastLine.get(r.record.file) ?? 0), 'each file\'s requests in line order');
    lastLine.set(r.record.file, r.record.line);
  }
}

const shape = (requests: AnalyzedRequest[]): string => requests.map((r) => `${r.record.line}:${r.verdict}`).join(' ');

describe('fuzz: logs', function () {
  this.timeout(10 * 60_000);

  it('access lines the generator writes parse back to their fields (callers with spaces and @ included)', () => {
    fc.assert(fc.property(requestArb, (r) => {
      const f = parseAccessLine(lineOf(r));
      assert.ok(f, lineOf(r));
      assert.deepStrictEqual([f.time, f.client, f.caller, f.method, f.target, f.status], [Math.floor(r.time / 1000) * 1000, r.client, r.caller, r.method, r.path, r.status]);
    }), params(800));
  });

  it('any string: parseAccessLine answers without throwing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => {
      parseAccessLine(s);
    }), params(2000));
  });

  it('mixed, broken and junk lines in random chunks: the analysis answers in bounds, the same however chunked, as bytes or as text', async () => {
    await fc.assert(fc.asyncProperty(fc.array(lineArb, { maxLength: 120 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }), async (lines, sizes) => {
      const text = lines.join('\n');
      const bytes = new TextEncoder().encode(text);
      const name = 'http_access_fuzz_2026-11-26.log';
      const whole = await run((await openLogInputs(name, memorySource(bytes))).inputs);
      check(text, whole);
      const chunked: LogInput = { file: name, name: { kind: 'access', node: 'fuzz', date: '2026-11-26' }, chunks: async function* () { yield* splitEvery(bytes, sizes); } };
      const pieces = await run([chunked]);
      assert.strictEqual(shape(pieces.requests), shape(whole.requests), 'chunking changes nothing');
      const asText = await run([textInput(name, text, sizes[0])]);
      assert.strictEqual(shape(asText.requests), shape(whole.requests), 'text and bytes agree');
    }), params(300));
  });

  it('the same lines gzipped, zipped, truncated or as random bytes: notes, never a throw', async () => {
    await fc.assert(fc.asyncProperty(fc.array(lineArb, { maxLength: 60 }), fc.nat(), fc.uint8Array({ maxLength: 2000 }), async (lines, cut, junk) => {
      const bytes = new TextEncoder().encode(lines.join('\n'));
      const gz = gzipSync(bytes);
      const zip = zipSync({ 'http_access_a_2026-11-26.log': bytes, 'http_access_b_2026-11-26.log.gz': gz });
      for (const [name, data] of [['a.log.gz', gz], ['a.zip', zip], ['cut.gz', gz.subarray(0, cut % (gz.length + 1))], ['cut.zip', zip.subarray(0, cut % (zip.length + 1))], ['junk.log', junk], ['junk.zip', new Uint8Array([0x50, 0x4b, 3, 4, ...junk])], ['junk.gz', new Uint8Array([0x1f, 0x8b, ...junk])]] as const) {
        const opened = await openLogInputs(name, memorySource(data));
        const got = await run(opened.inputs);
        assert.strictEqual(VERDICTS.reduce((n, v) => n + got.summary[v], 0), got.count, name);
      }
    }), params(60));
  });
});
