import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync, zipSync } from 'fflate';
import { runCli, type CliIO } from '../../../src/cli/main';
import { VERDICTS } from '../../../src/core/logs/types';
import { bundle, threeLevels } from '../support/pki';
import { buildIFlow, clientCertificate } from '../support/iflowBuilder';

const REPO = path.join(__dirname, '../../../..');
const EXAMPLES = path.join(REPO, 'examples');
const LOGS = path.join(REPO, 'test/fixtures/logs');
const A = 'http_access_b7f2c1d5e9a04e31_2026-11-26.log';
const B = 'http_access_4a8e0f3c21d94b77_2026-11-26.log';
const TRACE = 'ljs_trace_b7f2c1d5e9a04e31_2026-11-26.log';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, isTTY: false, cwd, env: {} };
  return { code: await runCli(args, io), out, err };
}

/** A temp folder with the fixture logs as the tenant hands them out: plain, .gz, and a zip. */
function downloads(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-logs-'));
  const read = (f: string) => new Uint8Array(fs.readFileSync(path.join(LOGS, f)));
  fs.mkdirSync(path.join(dir, 'logs'));
  fs.writeFileSync(path.join(dir, 'logs', A), read(A));
  fs.writeFileSync(path.join(dir, 'logs', `${B}.gz`), gzipSync(read(B)));
  fs.writeFileSync(path.join(dir, 'traces.zip'), zipSync({ [TRACE]: read(TRACE) }));
  fs.writeFileSync(path.join(dir, 'logs', 'notes.txt'), 'not picked up in a folder');
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('iflow-auth logs', () => {
  let d: ReturnType<typeof downloads>;
  beforeEach(() => {
    d = downloads();
  });
  afterEach(() => d.cleanup());

  it('text: the problems grouped (verdict, endpoint, caller; count, first/last time, where); challenges only counted; exit 1', async () => {
    const { code, out, err } = await cli(['logs', 'logs', 'traces.zip', '--iflows', EXAMPLES], d.dir);
    assert.strictEqual(code, 1, err);
    assert.strictEqual(err, '');
    const lines = out.split('\n');
    const i = lines.indexOf('certificate-not-accepted  Orders Inbound / HTTPS_Orders  1 request');
    assert.ok(i >= 0, out);
    assert.strictEqual(lines[i + 1], '  POST /http/https_orders  caller acme-client@ACME Issuing CA G2  2026-11-26 00:08:00Z');
    assert.strictEqual(lines[i + 2], `  ${path.join('logs', A)}:6`);
    assert.match(lines[i + 3], /renewed by another CA\?/);
    assert.ok(!lines.some((l) => l.startsWith('challenge')), 'challenges are not listed without --all');
    assert.match(out, /14 problems in 22 requests \(2 access logs, 1 trace\): 5 ok, 3 challenge, 2 no-credentials/);
    assert.match(out, /3 401s without a caller were answered by the same client within 60 s: normal Basic-auth challenges, not listed \(--all lists them\)\./);
  });

  it('judges the expected certificates\' chains against the configured trusted roots (--trusted-roots, trustedRoots), not the default', async () => {
    const root = path.join(REPO, 'test/fixtures/certs/root-ca.pem');
    const facts = (out: string): string => /acme-client \(issued by ACME Issuing CA\): [^\n]*/.exec(out)?.[0] ?? out;
    const byDefault = await cli(['logs', 'logs', '--iflows', EXAMPLES, '--certificates', root], d.dir);
    assert.match(facts(byDefault.out), /untrusted root: the chain ends at the self-signed root "ACME Root CA", which is not among the trusted roots \(SAP's BTP trust store\)/);
    const flagged = await cli(['logs', 'logs', '--iflows', EXAMPLES, '--certificates', root, '--trusted-roots', 'btp', '--trusted-roots', root], d.dir);
    assert.strictEqual(flagged.err, '');
    assert.match(facts(flagged.out), /^acme-client \(issued by ACME Issuing CA\): valid 2026-01-01 to 2027-03-01; not self-signed, chain complete in the workspace;/);
    assert.doesNotMatch(flagged.out, /untrusted root/);
    fs.writeFileSync(path.join(d.dir, '.iflow-auth.json'), JSON.stringify({ trustedRoots: ['btp', root] }));
    const configured = await cli(['logs', 'logs', '--iflows', EXAMPLES, '--certificates', root, '--config', '.iflow-auth.json'], d.dir);
    assert.doesNotMatch(configured.out, /untrusted root/, configured.err);
  });

  it('--all lists ok and challenge groups too', async () => {
    const { out } = await cli(['logs', 'logs', '--iflows', EXAMPLES, '--all'], d.dir);
    assert.match(out, /^challenge {2}Shipment Notification \/ HTTPS_Shipments {2}3 requests$/m);
    assert.match(out, /^ok {2}Shipment Notification \/ HTTPS_Shipments/m);
  });

  it('json: every request line with the contract\'s fields, 1-based lines, files as given (.gz kept, zip members archive!member), summary', async () => {
    const { code, out } = await cli(['logs', 'logs', 'traces.zip', '--iflows', EXAMPLES, '--format', 'json'], d.dir);
    assert.strictEqual(code, 1);
    const json = JSON.parse(out);
    assert.deepStrictEqual(Object.keys(json), ['requests', 'summary', 'notes']);
    assert.strictEqual(json.requests.length, 22);
    assert.deepStrictEqual(Object.keys(json.summary), [...VERDICTS]);
    assert.strictEqual(json.summary['no-credentials'], 2);
    const r = json.requests.find((x: { file: string; line: number }) => x.file === path.join('logs', A) && x.line === 6);
    assert.deepStrictEqual(Object.keys(r), ['file', 'line', 'time', 'node', 'client', 'caller', 'method', 'path', 'status', 'verdict', 'message', 'endpoints', 'trace']);
    assert.strictEqual(r.time, '2026-11-26T00:08:00.000Z');
    assert.strictEqual(r.node, 'b7f2c1d5e9a04e31');
    assert.deepStrictEqual(r.caller, { kind: 'certificate', name: 'acme-client@ACME Issuing CA G2', subjectCN: 'acme-client', issuerCN: 'ACME Issuing CA G2' });
    assert.strictEqual(r.verdict, 'certificate-not-accepted');
    const iflow = path.relative(d.dir, path.join(EXAMPLES, 'Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw')).split(path.sep).join('/');
    assert.deepStrictEqual(r.endpoints, [{ file: iflow, iflow: 'Orders Inbound', channel: 'HTTPS_Orders', adapter: 'HTTPS', authorization: 'clientCertificate', role: 'ESBMessaging.send' }]);
    assert.deepStrictEqual(r.trace.map((t: { file: string; line: number }) => [t.file, t.line]), [[`traces.zip!${TRACE}`, 11]]);
    const fromGz = json.requests.filter((x: { file: string }) => x.file === path.join('logs', `${B}.gz`));
    assert.strictEqual(fromGz.length, 5);
    assert.deepStrictEqual(fromGz.map((x: { line: number }) => x.line), [1, 2, 3, 4, 5]);
  });

  it('exit 0 when no request has a problem verdict (challenges are none)', async () => {
    const ok = path.join(d.dir, 'http_access_x_2026-11-26.log');
    fs.writeFileSync(ok, fs.readFileSync(path.join(LOGS, A), 'utf8').split('\n').slice(0, 2).join('\n'));
    const { code, out } = await cli(['logs', ok, '--iflows', EXAMPLES], d.dir);
    assert.strictEqual(code, 0);
    assert.match(out, /^No problems: 2 requests in 1 access log \(1 ok, 1 challenge\)\.$/m);
  });

  it('exit 2 for a file that cannot be read, or that holds no log lines; the others are still analyzed and printed', async () => {
    fs.writeFileSync(path.join(d.dir, 'binary.log'), new Uint8Array(4096).map((_, i) => i % 7));
    const { code, out, err } = await cli(['logs', 'logs', 'missing.log', 'binary.log', '--iflows', EXAMPLES], d.dir);
    assert.strictEqual(code, 2);
    assert.match(err, /^iflow-auth: missing\.log: no such file or directory$/m);
    assert.match(err, /^iflow-auth: binary\.log: binary data \(NUL bytes\), not a text log: skipped$/m);
    assert.match(out, /problems in 22 requests/);
  });

  it('nothing read: only the error on stderr, no summary that reads as a pass (exit 2)', async () => {
    const r = await cli(['logs', 'missing.log', '--iflows', EXAMPLES], d.dir);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.out, '');
    assert.strictEqual(r.err, 'iflow-auth: missing.log: no such file or directory\n');
    // A zip cut before its central directory (nothing of it read) is no pass either.
    const zip = zipSync({ [A]: new Uint8Array(fs.readFileSync(path.join(LOGS, A))) });
    fs.writeFileSync(path.join(d.dir, 'cut.zip'), zip.subarray(0, zip.length - 60));
    const cut = await cli(['logs', 'cut.zip', '--iflows', EXAMPLES], d.dir);
    assert.strictEqual(cut.code, 2);
    assert.strictEqual(cut.out, '');
    assert.match(cut.err, /^iflow-auth: cut\.zip: not a readable zip archive: no end of central directory record/);
  });

  it('usage errors: no log files, sarif, --all outside logs', async () => {
    assert.strictEqual((await cli(['logs'], d.dir)).code, 2);
    assert.match((await cli(['logs', 'x.log', '--format', 'sarif'], d.dir)).err, /--format of logs must be text or json, not "sarif"/);
    assert.match((await cli(['lint', '--all'], d.dir)).err, /--all is an option of the logs command/);
  });

  it('without iFlows the 403s cannot be placed: said so in the message', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-empty-'));
    try {
      const { out } = await cli(['logs', path.join(d.dir, 'logs', A), '--iflows', empty], d.dir);
      assert.match(out, /the tool knows no iFlow with a sender endpoint \(none in the workspace, or none named with --iflows\), so it cannot tell which iFlow should serve \/http\/https_shipments/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('no-credentials on a channel whose certificate chains to a root given with --trusted-roots: "not self-signed, chain complete"; without it: the chain stops below the root', async () => {
    const { root, intermediate, leaf } = await threeLevels('Globex', 'p256', { notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-06-01T00:00:00Z' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-chain-'));
    try {
      const flow = path.join(dir, 'Globex_Orders/src/main/resources/scenarioflows/integrationflow');
      fs.mkdirSync(flow, { recursive: true });
      fs.writeFileSync(path.join(flow, 'Globex_Orders.iflw'), buildIFlow([{ name: 'HTTPS_Globex', props: [['urlPath', '/globex/orders'], ...clientCertificate([[leaf.info.subject, leaf.info.issuer]])] }]));
      fs.mkdirSync(path.join(dir, 'certificates'));
      fs.writeFileSync(path.join(dir, 'certificates', 'globex-client.pem'), bundle(leaf, intermediate));
      fs.writeFileSync(path.join(dir, 'globex-root.pem'), root.pem);
      fs.writeFileSync(path.join(dir, 'http_access_c0ffee_2026-11-26.log'), '10.117.18.4 (198.51.100.9) - - [26/Nov/2026:00:05:10 +0000] POST /http/globex/orders HTTP/1.1 401 5 12 p0123-iflmap.hcisbp.eu1.hana.ondemand.com:443 -\n');
      const trusted = await cli(['logs', 'http_access_c0ffee_2026-11-26.log', '--iflows', 'Globex_Orders', '--certificates', 'certificates', '--trusted-roots', 'globex-root.pem', '--format', 'json'], dir);
      assert.strictEqual(trusted.code, 1, trusted.err);
      const [request] = JSON.parse(trusted.out).requests;
      assert.strictEqual(request.verdict, 'no-credentials');
      assert.match(request.message, /globex-client \(issued by Globex Issuing CA\): valid 2026-01-01 to 2027-06-01; not self-signed, chain complete in the workspace/);
      assert.doesNotMatch(request.message, /untrusted|incomplete/);

      const untrusted = await cli(['logs', 'http_access_c0ffee_2026-11-26.log', '--iflows', 'Globex_Orders', '--certificates', 'certificates', '--format', 'json'], dir);
      const [unknownRoot] = JSON.parse(untrusted.out).requests;
      assert.match(unknownRoot.message, /globex-client \(issued by Globex Issuing CA\): valid 2026-01-01 to 2027-06-01; incomplete chain: the chain stops at "Globex Issuing CA", whose issuer "CN=Globex Root CA, O=Globex, C=DE" is not in the workspace/);
      assert.doesNotMatch(unknownRoot.message, /chain complete/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
