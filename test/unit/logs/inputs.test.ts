import * as assert from 'assert';
import { gzipSync, zipSync } from 'fflate';
import { analyze, enc, fixture, neoLine, NODE_A, NODE_B, TRACE_A } from './support';

const ZIP = 'logs_2026-11-26.zip';

describe('logs: inputs (plain, .gz, .zip) and the trace of the same node', () => {
  it('a .gz reads like the plain file (file name kept with .gz)', async () => {
    const plain = await analyze({ [NODE_A]: fixture(NODE_A) });
    const gz = await analyze({ [`${NODE_A}.gz`]: gzipSync(fixture(NODE_A)) });
    assert.deepStrictEqual(gz.all.map((r) => [r.record.line, r.verdict]), plain.all.map((r) => [r.record.line, r.verdict]));
    assert.strictEqual(gz.all[0].record.file, `${NODE_A}.gz`);
    assert.strictEqual(gz.all[0].record.node, 'b7f2c1d5e9a04e31');
    assert.deepStrictEqual(gz.notes, []);
  });
  it('a concatenated (multi-member) .gz reads on across members', async () => {
    const text = new TextDecoder().decode(fixture(NODE_A));
    const cut = text.indexOf('\n', text.length >> 1) + 1;
    const bytes = new Uint8Array([...gzipSync(enc(text.slice(0, cut))), ...gzipSync(enc(text.slice(cut)))]);
    const run = await analyze({ [`${NODE_A}.gz`]: bytes });
    assert.strictEqual(run.requests, 17);
  });
  it('a zip as the tenant\'s log download hands it out: members named `archive.zip!member`, gz members too, side by side', async () => {
    const zip = zipSync({
      [NODE_A]: fixture(NODE_A),
      [`${NODE_B}.gz`]: [gzipSync(fixture(NODE_B)), { level: 0 }],
      [`traces/${TRACE_A}`]: fixture(TRACE_A),
      '__MACOSX/._x': enc('junk'),
    });
    const run = await analyze({ [ZIP]: zip });
    assert.deepStrictEqual(run.notes, []);
    assert.strictEqual(run.requests, 22);
    assert.strictEqual(run.traceRecords, 5);
    assert.strictEqual(run.at(`${ZIP}!${NODE_A}`, 6).verdict, 'certificate-not-accepted');
    assert.strictEqual(run.at(`${ZIP}!${NODE_B}.gz`, 1).verdict, 'challenge', 'paired across members');
    assert.deepStrictEqual(run.at(`${ZIP}!${NODE_A}`, 6).trace.map((t) => [t.file, t.line]), [[`${ZIP}!traces/${TRACE_A}`, 11]]);
  });
  it('a stored (uncompressed) zip member reads too', async () => {
    const run = await analyze({ [ZIP]: zipSync({ [NODE_A]: [fixture(NODE_A), { level: 0 }] }) });
    assert.strictEqual(run.requests, 17);
  });
  it('links an access log to the trace of the same node by the node id in the file names', async () => {
    const line = neoLine({ client: '198.51.100.9', caller: 'acme-client@ACME Issuing CA G2', time: '26/Nov/2026:00:08:00', path: '/http/https_orders', status: 403 });
    const otherNode = await analyze({ 'http_access_ffff0000_2026-11-26.log': line, [TRACE_A]: fixture(TRACE_A) });
    assert.deepStrictEqual(otherNode.all[0].trace, [], 'another node\'s trace says nothing about this request');
    const sameNode = await analyze({ 'http_access_b7f2c1d5e9a04e31_2026-11-26.log': line, [TRACE_A]: fixture(TRACE_A) });
    assert.strictEqual(sameNode.all[0].trace.length, 1);
    assert.match(sameNode.all[0].trace[0].message, /not contained in the accepted subjectAndIssuers list/);
  });
  it('a trace record picks a request by its caller, CN, path or iFlow, and only within seconds of it', async () => {
    const trace = (time: string, user: string, message: string): string => `2026 11 26 ${time}#+00#ERROR#com.sap.x##${user}#t###n#a#b#${message}|`;
    const traceFile = 'ljs_trace_n1_2026-11-26.log';
    const access = 'http_access_n1_2026-11-26.log';
    const run = await analyze({
      [access]: [
        neoLine({ client: '1.1.1.1', caller: 'S0001', time: '26/Nov/2026:01:00:00', path: '/http/https_shipments', status: 401 }),
        neoLine({ client: '1.1.1.2', caller: 'S0002', time: '26/Nov/2026:02:00:00', path: '/http/https_shipments', status: 401 }),
      ].join('\n'),
      [traceFile]: [
        trace('01:00:01', 'S0001', 'Authentication failed: password expired'),
        trace('01:00:02', 'S0999', 'Authentication failed for another user'),
        trace('02:00:30', 'S0002', 'Authentication failed: too late to be this request'),
      ].join('\n'),
    });
    assert.deepStrictEqual(run.at(access, 1).trace.map((t) => t.line), [1]);
    assert.match(run.at(access, 1).message, /Trace ERROR: Authentication failed: password expired/);
    assert.deepStrictEqual(run.at(access, 2).trace, []);
  });
  it('a file without a tenant log name is recognised by its content', async () => {
    const run = await analyze({ 'access.txt': fixture(NODE_A), 'trace.txt': fixture(TRACE_A) });
    assert.strictEqual(run.requests, 17);
    assert.strictEqual(run.traceRecords, 5);
    assert.strictEqual(run.all[0].record.node, undefined);
  });
});
