import * as assert from 'assert';
import { parseAccessLine } from '../../../src/core/logs/accessLine';
import { logBaseNameOf, parseLogFileName } from '../../../src/core/logs/fileNames';
import { LineReader } from '../../../src/core/logs/lineReader';
import { parseRejectedCertificate, splitTraceColumns, TraceParser, type TraceFields } from '../../../src/core/logs/traceReader';
import { HOST } from './support';

const t = (iso: string): number => Date.parse(iso);

/** What a line says (without what the reader fills in, and without absent fields). */
function fields(line: string): Record<string, unknown> | undefined {
  const r = parseAccessLine(line);
  if (!r) return undefined;
  const { kind, file, line: n, node, ...rest } = r;
  assert.deepStrictEqual([kind, file, n, node], ['access', '', 0, undefined]);
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

describe('logs: readers', () => {
  describe('the Neo access-log line', () => {
    it('reads every field of a real line', () => {
      const line = `10.117.18.4 (203.0.113.10) - SHIPPING_PARTNER [26/Nov/2026:00:00:04 +0000] POST /http/https_shipments HTTP/1.1 200 112 245 ${HOST} 4f1c2b7e9d0a4c3e8b6f5a1d2c3e4f50`;
      assert.deepStrictEqual(fields(line), {
        time: t('2026-11-26T00:00:04Z'), client: '203.0.113.10', caller: 'SHIPPING_PARTNER', method: 'POST', target: '/http/https_shipments', status: 200, durationMs: 245,
      });
    });
    it('the caller runs to the ` [` of the date: spaces and brackets in it are kept', () => {
      assert.strictEqual(parseAccessLine(`10.0.0.1 (1.2.3.4) - acme client [EU]@ACME Issuing CA G2 [12/Apr/2021:00:00:03 +0000] POST /cxf/x HTTP/1.1 403 5 1 ${HOST} -`)?.caller, 'acme client [EU]@ACME Issuing CA G2');
      assert.strictEqual(parseAccessLine(`10.0.0.1 (1.2.3.4) - - [12/Apr/2021:00:00:03 +0000] POST /cxf/x HTTP/1.1 401 5 1 ${HOST} -`)?.caller, '-');
    });
    it('bytes may be `-`; the time zone is applied; the client is the bracketed address', () => {
      const f = parseAccessLine(`10.0.0.1 (198.51.100.7) - - [12/Apr/2021:02:00:03 +0200] GET /http/a?b=c HTTP/1.1 401 - 3 ${HOST} -`)!;
      assert.strictEqual(f.time, t('2021-04-12T00:00:03Z'));
      assert.strictEqual(f.durationMs, 3);
      assert.strictEqual(f.client, '198.51.100.7');
      assert.strictEqual(f.target, '/http/a?b=c');
    });
    it('the short form with an en dash (and the fields after the status missing)', () => {
      assert.deepStrictEqual(fields('203.0.113.5 – S0012345678 [12/Apr/2021:00:00:03 +0000] GET /http/orders HTTP/1.1 401'), {
        time: t('2021-04-12T00:00:03Z'), client: '203.0.113.5', caller: 'S0012345678', method: 'GET', target: '/http/orders', status: 401,
      });
      assert.strictEqual(parseAccessLine('203.0.113.5 – - [2021-04-12T00:00:03Z] GET /http/orders HTTP/1.1 200')?.time, t('2021-04-12T00:00:03Z'));
    });
    it('a quoted request line (common log format) parses too', () => {
      const f = parseAccessLine('203.0.113.5 - - [12/Apr/2021:00:00:03 +0000] "POST /http/a b HTTP/1.1" 404 0');
      assert.strictEqual(f?.target, '/http/a b');
      assert.strictEqual(f?.status, 404);
    });
    it('reads a line inside a larger text by offsets', () => {
      const text = `junk\n10.0.0.1 (1.2.3.4) - U [12/Apr/2021:00:00:03 +0000] GET /x HTTP/1.1 200 1 1 ${HOST} -\nmore`;
      const start = text.indexOf('\n') + 1;
      const end = text.lastIndexOf('\n');
      assert.strictEqual(parseAccessLine(text, start, end)?.caller, 'U');
    });
    it('anything else is no access line', () => {
      for (const line of [
        '', 'hello world', '{"time":"2021-04-12T00:00:03Z","status":401}',
        '10.0.0.1 (1.2.3.4) - - [32/Apr/2021:00:00:03 +0000] GET /x HTTP/1.1 200',
        '10.0.0.1 (1.2.3.4) - - [12/Foo/2021:00:00:03 +0000] GET /x HTTP/1.1 200',
        '10.0.0.1 (1.2.3.4) - - [12/Apr/2021:00:00:03 +0000] GET /x HTTP/1.1 2000',
        '10.0.0.1 (1.2.3.4) - - [12/Apr/2021:00:00:03 +0000] get /x HTTP/1.1 200',
        '10.0.0.1 (1.2.3.4) x - [12/Apr/2021:00:00:03 +0000] GET /x HTTP/1.1 200',
        '2021 04 14 00:00:07#+00#ERROR#x##u#t###n#m|',
      ]) assert.strictEqual(parseAccessLine(line), undefined, line);
    });
  });

  describe('file names', () => {
    it('kind, node and date from the tenant\'s names, plain and .gz, also inside archives', () => {
      assert.deepStrictEqual(parseLogFileName('logs/http_access_b7f2c1d5e9a04e31_2026-11-26.log'), { kind: 'access', node: 'b7f2c1d5e9a04e31', date: '2026-11-26' });
      assert.deepStrictEqual(parseLogFileName('C:\\dl\\ljs_trace_4a8e_2026-11-26.log.gz'), { kind: 'trace', node: '4a8e', date: '2026-11-26' });
      assert.deepStrictEqual(parseLogFileName('logs.zip!ljs_trace_node_1_2026-11-26.log'), { kind: 'trace', node: 'node_1', date: '2026-11-26' });
      assert.strictEqual(parseLogFileName('access.log'), undefined);
      assert.strictEqual(logBaseNameOf('a.zip!dir/b.log'), 'b.log');
      assert.strictEqual(logBaseNameOf('a.zip!b.log'), 'b.log');
    });
  });

  describe('lines in chunks', () => {
    function lines(chunks: string[], max?: number): Array<string | number> {
      const out: Array<string | number> = [];
      const reader = new LineReader({ line: (text, s, e, n) => out.push(`${n}:${text.slice(s, e)}`), overlong: (n, length) => out.push(-n, length) }, max);
      for (const c of chunks) reader.push(c);
      reader.end();
      return out;
    }
    it('joins lines split across chunks; \\r\\n and a last line without a break', () => {
      assert.deepStrictEqual(lines(['ab', 'c\r', '\nde\n', '', 'f']), ['1:abc', '2:de', '3:f']);
      assert.deepStrictEqual(lines(['\n\n']), ['1:', '2:']);
    });
    it('skips a line over the limit as it streams by (never buffered), and goes on', () => {
      assert.deepStrictEqual(lines(['ok\n', 'x'.repeat(5), 'x'.repeat(5), 'x'.repeat(5), '\nnext\n'], 8), ['1:ok', -2, 15, '3:next']);
      assert.deepStrictEqual(lines(['a\n', 'y'.repeat(20)], 8), ['1:a', -2, 20]);
    });
  });

  describe('LJS trace records', () => {
    function records(text: string): { records: TraceFields[]; junk: number[]; unterminated: number[] } {
      const out = { records: [] as TraceFields[], junk: [] as number[], unterminated: [] as number[] };
      const parser = new TraceParser({ record: (r) => out.records.push(r), junk: (n) => out.junk.push(n), unterminated: (n) => out.unterminated.push(n), cut: (n) => out.unterminated.push(-n) });
      const reader = new LineReader({ line: (s, a, b, n) => parser.line(s, a, b, n), overlong: () => undefined });
      reader.push(text);
      reader.end();
      parser.end();
      return out;
    }
    it('skips the header; reads columns; the message is the last one; multi-line messages; escapes', () => {
      const r = records([
        'FILE_TYPE:DAAA96DE', 'COLUMNS:Time|TZone|Severity|Text|', 'HEADER_END',
        '2021 04 14 00:00:07#+00#ERROR#com.sap.it.Auth##S0012345678#http-nio-8041-exec-5###node1#a#b#Unauthorized \\# really \\| truly|',
        '2021 04 14 00:00:08:250#+02:00#INFO#c##u#t###n#first line',
        '\tat x.y(Z.java:1)|',
      ].join('\n'));
      assert.deepStrictEqual(r.junk, []);
      assert.strictEqual(r.records.length, 2);
      assert.deepStrictEqual(r.records[0], { line: 4, time: t('2021-04-14T00:00:07Z'), severity: 'ERROR', component: 'com.sap.it.Auth', user: 'S0012345678', message: 'Unauthorized # really | truly' });
      assert.strictEqual(r.records[1].line, 5);
      assert.strictEqual(r.records[1].time, t('2021-04-13T22:00:08.250Z'));
      assert.strictEqual(r.records[1].message, 'first line\n\tat x.y(Z.java:1)');
    });
    it('a record without its `|` ends where the next one starts; lines outside records are counted', () => {
      const r = records(['not a record', '2021 04 14 00:00:07#+00#ERROR#c##u#t###n#open', '2021 04 14 00:00:08#+00#INFO#c##u#t###n#closed|', 'stray'].join('\n'));
      assert.deepStrictEqual(r.records.map((x) => x.message), ['open', 'closed']);
      assert.deepStrictEqual(r.unterminated, [2]);
      assert.deepStrictEqual(r.junk, [1, 4]);
    });
    it('splits columns at unescaped #', () => {
      assert.deepStrictEqual(splitTraceColumns('a#b\\#c#\\\\#d'), ['a', 'b#c', '\\', 'd']);
    });
  });

  describe('SAP\'s "not contained in the accepted subjectAndIssuers list" message', () => {
    it('gives the subject and issuer DNs', () => {
      assert.deepStrictEqual(parseRejectedCertificate('Unauthorized. Subject and issuer (subject: cn=acme-client,o=ACME Corp,c=DE; issuer: cn=ACME Issuing CA (G2),o=ACME,c=DE) of the provided certificate is not contained in the accepted subjectAndIssuers list of the integration flow.'), {
        subjectDN: 'cn=acme-client,o=ACME Corp,c=DE', issuerDN: 'cn=ACME Issuing CA (G2),o=ACME,c=DE',
      });
      assert.strictEqual(parseRejectedCertificate('Unauthorized. Something else'), undefined);
    });
  });
});
