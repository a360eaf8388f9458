import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, type CliIO } from '../../../src/cli/main';

const REPO = path.join(__dirname, '../../../..');
const EXAMPLES = path.join(REPO, 'examples');
const NOW = '--now=2026-11-27T00:00:00Z';

/** Runs the CLI in-process with captured output, from `cwd`. */
async function cli(args: string[], cwd = EXAMPLES, isTTY = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, isTTY, cwd, env: {} };
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    return { code: await runCli(args, io), out, err };
  } finally {
    process.chdir(previous);
  }
}

/** Runs `body` in a new empty temporary folder, removed afterwards. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-auth-cli-'));
  try {
    await body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sarifValidator(): (data: unknown) => boolean {
  // The official SARIF 2.1.0 schema (draft-04), as shipped by @microsoft/jest-sarif.
  const Ajv = require('ajv-draft-04');
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  require('ajv-formats')(ajv);
  return ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
}

describe('iflow-auth lint', () => {
  it('text: each file named once, then aligned line:col severity rule message; a summary; exit 1', async () => {
    const { code, out } = await cli(['lint', NOW, '.']);
    assert.strictEqual(code, 1);
    const lines = out.split('\n');
    const header = lines.indexOf('Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw  (iFlow Orders Inbound)');
    assert.ok(header >= 0, out);
    assert.match(lines[header + 1], /^ {2}\d+:\d+ +warning {2}client-certificate-authorization {2}Sender channel "HTTPS_Orders" authorizes by Client Certificate/);
    assert.ok(!lines[header + 1].endsWith('[HTTPS_Orders]'), 'a message that names its channel does not repeat it');
    assert.match(lines.slice(header + 2).find((l) => l.includes('certificate-expiring'))!, /^ {2}\d+:\d+ +warning {2}certificate-expiring {14}Certificate "acme-expiring" expires in 13 days \(2026-12-10\).* \[HTTPS_Orders\]$/);
    assert.ok(!lines.some((l) => l.startsWith('  ') && l.includes('.iflw')), 'no finding line repeats the path');
    const findingLines = lines.filter((l) => /^ {2}\d+:\d+ /.test(l));
    assert.strictEqual(findingLines.length, 39);
    assert.strictEqual(new Set(findingLines.map((l) => l.search(/(error|warning|info) /))).size, 1, 'severities line up');
    assert.strictEqual(new Set(findingLines.map((l) => /^(.*?(?:error|warning|info) +\S+ +)/.exec(l)![1].length)).size, 1, 'messages line up');
    assert.match(lines.filter(Boolean).pop()!, /^39 problems \(4 errors, 17 warnings, 18 info\) in 9 of the 10 files checked \(9 iFlows, 1 mapping file\)\.$/);
    assert.ok(!out.includes('\u001b['), 'no colour when not a TTY');
  });

  it('compact: file:line:col severity rule message, one per line, as the $iflow-auth problem matcher reads it', async () => {
    const { code, out } = await cli(['lint', NOW, '--format', 'compact', '.']);
    assert.strictEqual(code, 1);
    const lines = out.trimEnd().split('\n');
    assert.strictEqual(lines.pop(), '39 problems (4 errors, 17 warnings, 18 info) in 9 of the 10 files checked (9 iFlows, 1 mapping file).');
    assert.strictEqual(lines.length, 39);
    assert.ok(lines.includes('Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw:132:282 warning certificate-expiring Certificate "acme-expiring" expires in 13 days (2026-12-10): ask the partner for its renewal now. [HTTPS_Orders]'), out);
    // The matcher the extension contributes reads every line, with the JSON's positions.
    const matcher = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).contributes.problemMatchers.find((m: { name: string }) => m.name === 'iflow-auth');
    const re = new RegExp(matcher.pattern.regexp);
    const json = JSON.parse((await cli(['lint', NOW, '--format', 'json', '.'])).out).findings as Array<{ file: string; line: number; column: number; severity: string; rule: string }>;
    assert.deepStrictEqual(lines.map((l) => {
      const m = re.exec(l)!;
      return [m[matcher.pattern.file], Number(m[matcher.pattern.line]), Number(m[matcher.pattern.column]), m[matcher.pattern.severity], m[matcher.pattern.code]];
    }), json.map((f) => [f.file, f.line, f.column, f.severity, f.rule]));
  });

  it('every rule fires on the bundled examples', async () => {
    const { out } = await cli(['lint', NOW, '--format', 'json', '.']);
    const fired = new Set(JSON.parse(out).findings.map((f: { rule: string }) => f.rule));
    const expected = ['invalid-iflow', 'client-certificate-authorization', 'certificate-expired', 'certificate-expiring', 'certificate-not-yet-valid', 'certificate-not-found', 'self-signed-certificate', 'certificate-not-for-client-auth', 'untrusted-root-ca', 'incomplete-certificate-chain', 'client-auth-eku-phaseout', 'empty-certificate-entry', 'duplicate-certificate-entry', 'missing-user-role', 'generic-user-role', 'unresolved-parameter', 'unknown-authorization', 'invalid-certificate', 'duplicate-mapping', 'role-without-mapping', 'duplicate-endpoint'];
    assert.deepStrictEqual(expected.filter((r) => !fired.has(r)), []);
  });

  it('colours on a TTY', async () => {
    const { out } = await cli(['lint', NOW, '.'], EXAMPLES, true);
    assert.ok(out.includes('\u001b[31merror'), 'errors in red');
  });

  it('json: the contract fields, 1-based positions, files relative to the cwd', async () => {
    const { code, out } = await cli(['lint', NOW, '--format', 'json', 'Orders_Inbound', '--certificates', 'certificates']);
    assert.strictEqual(code, 1);
    const { findings } = JSON.parse(out);
    const f = findings.find((x: { rule: string }) => x.rule === 'certificate-expiring');
    assert.deepStrictEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message', 'iflow', 'channel']);
    assert.strictEqual(f.file, 'Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw');
    const text = fs.readFileSync(path.join(EXAMPLES, f.file), 'utf8').split('\n');
    assert.strictEqual(text[f.line - 1].slice(f.column - 1, f.endColumn - 1), 'CN=acme-expiring, O=ACME, C=DE');
    assert.strictEqual(f.iflow, 'Orders Inbound');
    assert.strictEqual(f.channel, 'HTTPS_Orders');
  });

  it('sarif: valid against the SARIF 2.1.0 schema, with rule metadata and help links', async () => {
    const { out } = await cli(['lint', NOW, '--format', 'sarif', '.']);
    const log = JSON.parse(out);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify((validate as unknown as { errors: unknown }).errors, null, 1)?.slice(0, 2000));
    const run = log.runs[0];
    assert.strictEqual(run.tool.driver.name, 'iflow-auth');
    assert.ok(run.tool.driver.rules.every((r: { helpUri: string }) => /\/docs\/rules\/[a-z-]+\.md$/.test(r.helpUri)));
    assert.strictEqual(run.results.length, 39);
    const duplicate = run.results.find((r: { ruleId: string }) => r.ruleId === 'duplicate-endpoint');
    assert.match(duplicate.relatedLocations[0].physicalLocation.artifactLocation.uri, /\.iflw$/, 'the other channel of the set, in its own file');
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'certificate-expired');
    assert.strictEqual(result.level, 'error');
    assert.strictEqual(run.tool.driver.rules[result.ruleIndex].id, 'certificate-expired');
    assert.match(result.locations[0].physicalLocation.artifactLocation.uri, /^Invoices_SOAP\/src\/main\/resources\/scenarioflows\/integrationflow\/Invoices_SOAP\.iflw$/);
    assert.match(result.relatedLocations[0].physicalLocation.artifactLocation.uri, /certificates\/acme-expired\.pem$/);
    // A schema check that can fail: a broken log is rejected.
    assert.strictEqual(validate({ ...log, version: '2.0.0' }), false);
  });

  it('exit 0 when nothing is wrong, and --rule turns rules off or up', async () => {
    // Copies outside the repository: in examples/ the mapping file beside them (with its errors) is theirs.
    await inTempDir(async (dir) => {
      for (const flow of ['Shipment_Notification', 'Material_Sync']) fs.cpSync(path.join(EXAMPLES, flow), path.join(dir, flow), { recursive: true });
      assert.strictEqual((await cli(['lint', NOW, 'Shipment_Notification'], dir)).code, 0);
      const material = ['lint', NOW, '--format=json', 'Material_Sync'];
      const off = await cli([...material, '--rule', 'missing-user-role=off', '--rule', 'generic-user-role=off', '--rule=role-without-mapping=off'], dir);
      assert.strictEqual(off.code, 0);
      assert.deepStrictEqual(JSON.parse(off.out).findings, []);
      const up = await cli([...material, '--rule', 'generic-user-role=error'], dir);
      assert.ok(JSON.parse(up.out).findings.some((f: { rule: string; severity: string }) => f.rule === 'generic-user-role' && f.severity === 'error'));
    });
  });

  it('info findings alone exit 0', async () => {
    await inTempDir(async (dir) => {
      fs.copyFileSync(path.join(EXAMPLES, 'Material_Sync/src/main/resources/scenarioflows/integrationflow/Material_Sync.iflw'), path.join(dir, 'M.iflw'));
      const r = await cli(['lint', NOW, '--format', 'json', '--rule', 'missing-user-role=off', 'M.iflw'], dir);
      assert.deepStrictEqual(JSON.parse(r.out).findings.map((f: { rule: string }) => f.rule), ['generic-user-role']);
      assert.strictEqual(r.code, 0);
    });
  });

  it('--expiry-days and --certificates change what is found', async () => {
    const narrow = await cli(['lint', NOW, '--format', 'json', '--expiry-days', '5', 'Orders_Inbound', '--certificates', 'certificates']);
    assert.ok(!JSON.parse(narrow.out).findings.some((f: { rule: string }) => f.rule === 'certificate-expiring'));
    const wide = await cli(['lint', NOW, '--format', 'json', '--expiry-days', '20', 'Orders_Inbound', '--certificates', 'certificates']);
    assert.ok(JSON.parse(wide.out).findings.some((f: { rule: string }) => f.rule === 'certificate-expiring'));
    // Without the certificates folder nothing resolves: every entry is not found (a copy outside
    // the repository, where nothing above the folder is the flow's).
    await inTempDir(async (dir) => {
      fs.cpSync(path.join(EXAMPLES, 'Orders_Inbound'), path.join(dir, 'Orders_Inbound'), { recursive: true });
      const none = await cli(['lint', NOW, '--format', 'json', 'Orders_Inbound'], dir);
      assert.strictEqual(JSON.parse(none.out).findings.filter((f: { rule: string }) => f.rule === 'certificate-not-found').length, 4);
    });
    // In examples/, the repository's mapping file beside the flow makes examples/ the flow's
    // folder, as a workspace folder is in the editor: its certificates resolve.
    const beside = await cli(['lint', NOW, '--format', 'json', 'Orders_Inbound']);
    assert.ok(JSON.parse(beside.out).findings.some((f: { rule: string }) => f.rule === 'certificate-expiring'), beside.out);
  });

  it('--mapping names the mapping file; without it the first root’s file is used', async () => {
    const withMapping = await cli(['lint', NOW, '--format', 'json', '--mapping', 'certificate-user-mappings.json', 'Shipment_Notification']);
    assert.ok(JSON.parse(withMapping.out).findings.some((f: { rule: string }) => f.rule === 'duplicate-mapping'));
    assert.strictEqual((await cli(['lint', NOW, '--mapping', 'missing.json', 'Shipment_Notification'])).code, 2);
  });

  it('usage errors exit 2 with a message', async () => {
    for (const args of [['lint', '--format', 'xml'], ['lint', '--now', 'yesterday'], ['lint', '--rule', 'no-such-rule=off'], ['lint', '--rule', 'missing-user-role=loud'], ['lint', '--expiry-days', '-3'], ['frobnicate'], ['lint', '--bogus']]) {
      const r = await cli(args);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.match(r.err, /^iflow-auth: /, args.join(' '));
    }
  });

  it('a path that does not exist: named, and the run stops before reading anything (exit 2)', async () => {
    const r = await cli(['lint', NOW, '--format', 'json', 'Shipment_Notification', 'no-such-folder']);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.err, 'iflow-auth: no-such-folder: no such file or directory\n');
    assert.strictEqual(r.out, '');
  });

  it('a missing path in a folder that holds certificate files: only the error, nothing of the folder is read (every command)', async () => {
    // test/fixtures/certs holds certificate files that read with notes (no certificate in them):
    // had the missing path's parent been searched, those notes would be printed first.
    const certs = path.join(REPO, 'test/fixtures/certs');
    for (const argv of [['lint', 'nosuchdir'], ['channels', 'nosuchdir'], ['fix', '--dry-run', 'nosuchdir'], ['logs', 'nosuchdir.log', '--iflows', 'nosuchdir']]) {
      const r = await cli(argv, certs);
      assert.strictEqual(r.code, 2, argv.join(' '));
      assert.strictEqual(r.out, '', argv.join(' '));
      assert.match(r.err, /^iflow-auth: nosuchdir: no such file or directory\n$/, `${argv.join(' ')}: ${r.err}`);
    }
    const named = await cli(['lint', '--certificates', 'nosuchdir', '--certificates', 'none-*.pem', '.'], certs);
    assert.strictEqual(named.code, 2);
    assert.strictEqual(named.out, '');
    assert.strictEqual(named.err, 'iflow-auth: nosuchdir: --certificates: no such file or directory\niflow-auth: none-*.pem: --certificates: no file matches\n');
  });

  it('--certificates takes a folder, a file or a glob (matched by iflow-auth, relative to the current folder)', async () => {
    // Orders_Inbound's folder holds no certificates: acme-expiring is found only where --certificates points.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-auth-certs-'));
    try {
      fs.cpSync(path.join(EXAMPLES, 'Orders_Inbound'), path.join(copy, 'Orders_Inbound'), { recursive: true });
      fs.cpSync(path.join(EXAMPLES, 'certificates'), path.join(copy, 'certs'), { recursive: true });
      const run = (argv: string[]) => cli(['lint', NOW, '--format', 'json', ...argv, 'Orders_Inbound'], copy);
      const rules = async (argv: string[]): Promise<string[]> => (JSON.parse((await run(argv)).out).findings as Array<{ rule: string }>).map((f) => f.rule);
      assert.ok(!(await rules([])).includes('certificate-expiring'));
      for (const certificates of ['certs', 'certs/acme-expiring.cer', 'certs/*.cer', 'c*/acme-exp*']) {
        assert.ok((await rules(['--certificates', certificates])).includes('certificate-expiring'), certificates);
      }
      assert.ok(!(await rules(['--certificates', 'certs/*.pem'])).includes('certificate-expiring'), 'acme-expiring is a .cer');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('lints single-iFlow and package export zips', async () => {
    const zips = path.join(REPO, 'test/fixtures/zips');
    const r = await cli(['channels', '--format', 'json', '.'], zips);
    const files = new Set(JSON.parse(r.out).channels.map((c: { file: string }) => c.file));
    assert.ok([...files].some((f) => /\.zip!\/.*\.iflw$/.test(f as string)), [...files].join());
    assert.ok([...files].some((f) => /\.zip!\/[^!]*_content!\/.*\.iflw$/.test(f as string)), 'package export: inner <guid>_content zip');
  });

  it("SAP's archive shapes: three levels of zips, a _content without a central directory (a note, exit 0), macOS companions ignored", async () => {
    const zips = path.join(REPO, 'test/fixtures/zips');
    const r = await cli(['channels', '--format', 'json', 'zip-of-package.zip', 'package-no-central-directory.zip', 'macos-finder.zip'], zips);
    assert.strictEqual(r.code, 0, r.err);
    const rows = JSON.parse(r.out).channels.map((c: { file: string; channel: string; endpoint: string | null }) => [c.file, c.channel, c.endpoint]);
    const flow = 'src/main/resources/scenarioflows/integrationflow';
    assert.deepStrictEqual(rows, [
      [`zip-of-package.zip!/rev_20/BACKUP/DelayedDelivery_01_Package.zip!/9a1f6e3b9f974943818fa01aede1d263_content!/${flow}/DelayedDelivery_Process.iflw`, 'SOAP', '/cxf/send/message/DelayedDelivery_Process/timestamp'],
      [`package-no-central-directory.zip!/f01412029ad7405f8057cf865bee1996_content!/${flow}/Bank_To_TorongaS4HC.iflw`, 'SFTP_PullBAIFile', null],
      [`package-no-central-directory.zip!/699204c1ee364a5aae11cd776cca4771_content!/${flow}/SampleFlow.iflw`, 'HTTPS', null],
      [`macos-finder.zip!/SampleFlow/${flow}/SampleFlow.iflw`, 'HTTPS', null],
    ]);
    assert.strictEqual(
      r.err,
      'iflow-auth: note: package-no-central-directory.zip!/f01412029ad7405f8057cf865bee1996_content: its central directory is unusable (no end of central directory record: not a zip archive, or cut short); read entry by entry from the local headers instead: 15 entries\n',
    );
  });

  it('a second path holding certificate files resolves the first path\'s entries (the paths are always searched), as linting their common folder does', async () => {
    const beside = await cli(['lint', 'Payments_Inbound', 'certificates', NOW, '--format', 'json']);
    const together = await cli(['lint', '.', NOW, '--format', 'json']);
    const payments = (out: string) => JSON.parse(out).findings.filter((f: { file: string }) => f.file.startsWith('Payments_Inbound/')).map((f: { rule: string; line: number; column: number }) => `${f.line}:${f.column} ${f.rule}`);
    assert.deepStrictEqual(payments(beside.out), payments(together.out));
    assert.ok(payments(beside.out).includes('132:84 untrusted-root-ca'), payments(beside.out).join(', '));
    assert.ok(!payments(beside.out).some((f: string) => f.endsWith('certificate-not-found')));
  });

  it('lint, fix and logs say the same note on an archive read entry by entry, nested in a package export', async () => {
    const zips = path.join(REPO, 'test/fixtures/zips');
    const note = 'iflow-auth: note: package-no-central-directory.zip!/f01412029ad7405f8057cf865bee1996_content: its central directory is unusable (no end of central directory record: not a zip archive, or cut short); read entry by entry from the local headers instead: 15 entries\n';
    const before = fs.readFileSync(path.join(zips, 'package-no-central-directory.zip'));
    const lint = await cli(['lint', 'package-no-central-directory.zip', NOW], zips);
    assert.strictEqual(lint.err, note);
    assert.match(lint.out, /_content!\/src\/main\/resources\/scenarioflows\/integrationflow\/SampleFlow\.iflw/, 'the entries read one by one are linted');
    const fix = await cli(['fix', 'package-no-central-directory.zip', NOW], zips);
    assert.strictEqual(fix.err, note);
    assert.match(fix.out, /SampleFlow\.iflw: 1 fixable finding inside an archive: unpack the export to fix it\nNothing to fix\.\n$/);
    assert.deepStrictEqual(fs.readFileSync(path.join(zips, 'package-no-central-directory.zip')), before, 'nothing is written into an archive');
    const logs = await cli(['logs', path.join(REPO, 'test/fixtures/logs'), '--iflows', 'package-no-central-directory.zip'], zips);
    assert.strictEqual(logs.err, note);
    assert.strictEqual(logs.code, 1, 'the logs are analyzed against the archive\'s iFlows');
  });

  it('--help and --version: the version is package.json\'s', async () => {
    assert.match((await cli(['--help'])).out, /Usage: iflow-auth/);
    const version = await cli(['--version']);
    assert.strictEqual(version.code, 0);
    assert.strictEqual(version.out, `${JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}\n`);
  });

  it('SARIF names the tool with package.json\'s version', async () => {
    const sarif = JSON.parse((await cli(['lint', NOW, '--format', 'sarif', 'Shipment_Notification'])).out);
    assert.strictEqual(sarif.runs[0].tool.driver.version, JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
  });

  it('a usage error is one line naming it and where the help is, not the whole help (exit 2)', async () => {
    for (const argv of [['lint', '--format', 'xml', '.'], ['lnt'], ['lint', '--rule', 'bogus=off', '.'], ['lint', '--now'], ['export']]) {
      const r = await cli(argv);
      assert.strictEqual(r.code, 2, argv.join(' '));
      assert.strictEqual(r.out, '', argv.join(' '));
      assert.match(r.err, /^iflow-auth: [^\n]+\nRun iflow-auth --help for the commands and options\.\n$/, argv.join(' '));
    }
  });

  it('without paths and without a configuration file: the usage (bare), or one line (a command); exit 2', async () => {
    await inTempDir(async (empty) => {
      const bare = await cli([], empty);
      assert.strictEqual(bare.code, 2);
      assert.strictEqual(bare.out, '');
      assert.match(bare.err, /^Usage: iflow-auth <command>/);
      for (const command of ['lint', 'channels', 'fix']) {
        const r = await cli([command], empty);
        assert.strictEqual(r.code, 2, command);
        assert.match(r.err, new RegExp(`^iflow-auth: ${command} needs the files, folders or \\.zip exports to read \\(this folder: iflow-auth ${command} \\.\\)\\n`), r.err);
      }
    });
  });

  it('without paths, below a .iflow-auth.json: the current folder', async () => {
    await inTempDir(async (dir) => {
      fs.writeFileSync(path.join(dir, '.iflow-auth.json'), '{}');
      fs.cpSync(path.join(EXAMPLES, 'Shipment_Notification'), path.join(dir, 'flows', 'Shipment_Notification'), { recursive: true });
      const r = await cli(['channels', '--format', 'json'], path.join(dir, 'flows'));
      assert.strictEqual(r.code, 0, r.err);
      assert.deepStrictEqual(JSON.parse(r.out).channels.map((c: { channel: string }) => c.channel), ['HTTPS_Shipments', 'ProcessDirect_Shipments']);
    });
  });

  it('a path that does not exist: named on stderr, no summary that reads as a pass, exit 2', async () => {
    await inTempDir(async (empty) => {
      const r = await cli(['lint', 'nosuchdir'], empty);
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.out, '');
      assert.strictEqual(r.err, 'iflow-auth: nosuchdir: no such file or directory\n');
    });
  });

  it('a folder without iFlows says so (exit 0)', async () => {
    await inTempDir(async (empty) => {
      const r = await cli(['lint', '.'], empty);
      assert.strictEqual(r.code, 0);
      assert.strictEqual(r.out, 'No iFlow or mapping file found.\n');
    });
  });
});

describe('iflow-auth channels', () => {
  it('json: the model the tree shows; a file that cannot be read is named on stderr, exit 2', async () => {
    const { code, out, err } = await cli(['channels', NOW, '--format', 'json', '.']);
    assert.strictEqual(code, 2, 'Half_Saved is not well-formed');
    assert.match(err, /^iflow-auth: Half_Saved\/src\/main\/resources\/scenarioflows\/integrationflow\/Half_Saved\.iflw: \d+:\d+: cannot be read as an iFlow: not well-formed XML/m);
    const { channels } = JSON.parse(out);
    const orders = channels.find((c: { channel: string }) => c.channel === 'HTTPS_Orders');
    assert.deepStrictEqual(Object.keys(orders), ['file', 'iflow', 'channel', 'id', 'adapter', 'authorization', 'role', 'endpoint', 'certificates']);
    assert.strictEqual(orders.authorization, 'clientCertificate');
    assert.strictEqual(orders.certificates.length, 4);
    assert.deepStrictEqual(orders.certificates[1], { subjectDN: 'CN=acme-expiring, O=ACME, C=DE', issuerDN: 'CN=ACME Issuing CA, O=ACME, C=DE', notAfter: '2026-12-10T00:00:00.000Z' });
    assert.strictEqual(orders.certificates[2].notAfter, null);
    const byName = (n: string) => channels.find((c: { channel: string }) => c.channel === n);
    assert.strictEqual(byName('ProcessDirect_Shipments').authorization, 'none');
    assert.strictEqual(byName('ProcessDirect_Shipments').role, null);
    assert.strictEqual(byName('AS2_Partner').authorization, 'externalized');
    assert.strictEqual(byName('SOAP_Legacy').authorization, 'unknown');
    assert.strictEqual(byName('IDOC_Customers').role, 'CustomerReplication.send');
    assert.strictEqual(orders.endpoint, '/http/https_orders');
    assert.strictEqual(byName('ProcessDirect_Shipments').endpoint, null);
  });

  it('every readable file is listed: exit 0 when all of them are', async () => {
    const { code, err } = await cli(['channels', NOW, '--format', 'json', 'Orders_Inbound', 'Shipment_Notification']);
    assert.strictEqual(code, 0, err);
    assert.strictEqual(err, '');
  });

  it('text: one line per channel under its iFlow, in columns with a header', async () => {
    const { out } = await cli(['channels', 'Shipment_Notification']);
    assert.strictEqual(out, [
      '  CHANNEL                  ADAPTER        AUTHORIZATION  ROLE                       ENDPOINT',
      '',
      'Shipment Notification  Shipment_Notification/src/main/resources/scenarioflows/integrationflow/Shipment_Notification.iflw',
      '  HTTPS_Shipments          HTTPS          User Role      ShipmentNotification.send  /http/https_shipments',
      '  ProcessDirect_Shipments  ProcessDirect  —',
      '',
    ].join('\n'));
  });

  it('text: columns line up across iFlows; certificate rows under their channel, dates first', async () => {
    const { out } = await cli(['channels', NOW, '.']);
    const rows = out.split('\n').filter((l) => /^ {2}\S/.test(l));
    const endpointColumn = rows[0].indexOf('ENDPOINT');
    for (const row of rows.filter((r) => /\/(http|cxf|as2)\//.test(r))) assert.strictEqual(row.search(/\/(http|cxf|as2)\//), endpointColumn, row);
    assert.match(out, /\n {2}HTTPS_Orders +HTTPS +Client Certificate +\/http\/https_orders\n {6}until 2027-03-01 {2}CN=acme-client, O=ACME, C=DE +issued by CN=ACME Issuing CA, O=ACME, C=DE\n/);
    assert.match(out, /\n {6}not found +CN=globex-orders, O=Globex Corporation, C=US +issued by/);
    assert.ok(out.split('\n').every((l) => l === l.trimEnd()), 'no trailing blanks');
  });

  it('older iFlows: senders without direction, the authorization of their participant, the implicit role and the endpoint, in json and text', async () => {
    const legacy = path.join(REPO, 'test/fixtures/legacy');
    const json = await cli(['channels', '--format', 'json', '.'], legacy);
    assert.strictEqual(json.code, 0, json.err);
    const rows = JSON.parse(json.out).channels.map((c: { channel: string; authorization: string; role: string | null; endpoint: string | null; certificates: unknown[] }) => [c.channel, c.authorization, c.role, c.endpoint, c.certificates.length]);
    assert.deepStrictEqual(rows, [
      ['SOAP_Partner', 'clientCertificate', '', '/cxf/partner/orders', 3],
      ['HTTPS_Orders', 'userRole', 'Orders.send', '/http/orders', 0],
      ['HTTPS_Shop', 'userRole', 'ESBMessaging.send', '/http/shop/*', 0],
      ['IDOC_Warehouse', 'userRole', 'ESBMessaging.send', '/cxf/warehouse/idoc', 0],
      ['HTTPS_Typo', 'unknown', 'Typo.send', '/http/typo', 0],
      ['HTTPS_Configured', 'externalized', 'Configured.send', null, 0],
      ['HTTPS_Modern', 'clientCertificate', 'ESBMessaging.send', '/http/modern', 0],
    ]);
    const text = await cli(['channels', 'Legacy_Roles'], legacy);
    assert.match(text.out, /\n {2}HTTPS_Shop +HTTPS +User Role +ESBMessaging\.send \(implicit: none set\) +\/http\/shop\/\*\n/);
    assert.match(text.out, /\n {2}HTTPS_Configured +HTTPS +externalized +\{\{Configured Path\}\} \(no value in parameters\.prop\)\n/);
  });

  it('--format takes what channels writes (text, json)', async () => {
    const r = await cli(['channels', '--format', 'sarif', '.']);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.out, '');
    assert.match(r.err, /^iflow-auth: --format of channels must be text or json, not "sarif"\n/);
  });
});

