import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { runCli, type CliIO } from '../../../src/cli/main';
import { readMappingFile } from '../../../src/core/mapping/read';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { filesUnder } from '../support/files';

const EXAMPLES = path.join(__dirname, '../../../../examples');
const ORDERS = 'Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw';

function tempCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-auth-cli-'));
  fs.cpSync(EXAMPLES, dir, { recursive: true });
  return dir;
}

async function run(argv: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, isTTY: false, cwd, env: {} };
  const code = await runCli(argv, io);
  return { code, out, err };
}

function snapshot(dir: string): Map<string, string> {
  return new Map(filesUnder(dir, () => true).map((p) => [path.relative(dir, p), fs.readFileSync(p, 'utf8')]));
}

describe('cli: args for fix and export', () => {
  it('parses fix options and rejects them elsewhere', () => {
    const a = parseArgs(['fix', '--rule', 'duplicate-certificate-entry', '--dry-run', '--flow-role', 'X.{iflow}', 'ws']);
    assert.strictEqual(a.command, 'fix');
    assert.deepStrictEqual(a.fixRules, ['duplicate-certificate-entry']);
    assert.strictEqual(a.dryRun, true);
    assert.strictEqual(a.flowRole, 'X.{iflow}');
    assert.strictEqual(parseArgs(['fix', 'ws']).flowRole, undefined, 'the default comes from the core (or a config file)');
    assert.throws(() => parseArgs(['fix', '--default-role', 'ESBMessaging.send']), /unknown option --default-role/);
    assert.throws(() => parseArgs(['lint', '--flow-role', 'X.send']), UsageError);
    assert.throws(() => parseArgs(['lint', '--dry-run']), UsageError);
    assert.throws(() => parseArgs(['lint', '--rule', 'missing-user-role']), UsageError);
    assert.throws(() => parseArgs(['fix', '--rule', 'nope']), UsageError);
    assert.throws(() => parseArgs(['export']), /--neo/);
    assert.strictEqual(parseArgs(['export', '--cf', 'out']).cf, 'out');
  });
});

describe('cli: fix', function () {
  this.timeout(60000);

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const dir = tempCopy();
    const before = snapshot(dir);
    const r = await run(['fix', '.', '--now', '2026-06-01', '--dry-run'], dir);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /^--- a\/certificate-user-mappings\.json\n\+\+\+ b\/certificate-user-mappings\.json\n@@ /);
    assert.match(r.out, /-\s+<value>ClientCertificate<\/value>\n\+\s+<value>RoleBased<\/value>/);
    assert.match(r.err, /Would apply \d+ fixes; 6 files would change/);
    // The older iFlow's migration lands on its sender participant.
    assert.match(r.out, /\+\+\+ b\/Legacy_Gateway\/[^\n]*\.iflw\n[\s\S]*<key>enableBasicAuthentication<\/key>\n-\s+<value>false<\/value>\n\+\s+<value>true<\/value>/);
    assert.match(r.out, /-\s+<key>subject0<\/key>/);
    assert.deepStrictEqual(snapshot(dir), before);
  });

  it('applies every fix that changes no one\'s access, lists the others, then finds nothing more', async () => {
    const dir = tempCopy();
    const r = await run(['fix', '.', '--now', '2026-06-01'], dir);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /Move 3 certificates to the certificate-user mapping and switch to User Role "Orders_Inbound.send"/);
    assert.match(r.out, /Move 1 certificate to the certificate-user mapping and switch to User Role "Invoices_SOAP.send"; drop 4 unusable \(expired, self-signed, not for client authentication, CA certificate\)/);
    assert.match(r.out, /generic-user-role \(channel "HTTPS_Materials"\): not fixed: "Use a flow-specific role "Material_Sync.send"" changes who may call the channel; run with --rule generic-user-role to apply it:\n {2}Channel "HTTPS_Materials": tenant users holding "ESBMessaging.send" who are not in the mapping file lose access/);
    const material = path.join(dir, 'Material_Sync/src/main/resources/scenarioflows/integrationflow/Material_Sync.iflw');
    assert.ok(fs.readFileSync(material, 'utf8').includes('<value>ESBMessaging.send</value>'), 'the generic role is not renamed without a question');
    const doc = parseIFlow(fs.readFileSync(path.join(dir, ORDERS), 'utf8'), ORDERS);
    const c = doc.channels.find((x) => x.name === 'HTTPS_Orders')!;
    assert.strictEqual(c.authorization, 'userRole');
    assert.strictEqual(c.role, 'Orders_Inbound.send');
    assert.strictEqual(c.certificates.length, 0);
    const m = readMappingFile(fs.readFileSync(path.join(dir, 'certificate-user-mappings.json'), 'utf8'), 'm');
    assert.deepStrictEqual(m.entries.slice(0, 4).map((e) => e.user), ['SHIPPING_PARTNER', 'SHIPPING_PARTNER_BACKUP', 'INITECH_PARTNER', 'LEGACY_SENDER']);
    assert.ok(m.entries.some((e) => e.user === 'GLOBEX_ORDERS' && e.certificate === null && e.roles[0] === 'Orders_Inbound.send'));
    assert.ok(m.entries.every((e) => !e.roles.includes('ESBMessaging.send')), 'no fix hands out the generic role');
    const again = await run(['fix', '.', '--now', '2026-06-01'], dir);
    assert.strictEqual(again.code, 1);
    assert.match(again.out, /Nothing to fix\./);
    assert.doesNotMatch(again.out, /Move|Remove|Set /);
    const asked = await run(['fix', '.', '--now', '2026-06-01', '--rule', 'generic-user-role'], dir);
    assert.strictEqual(asked.code, 0, asked.err);
    assert.match(asked.out, /Use a flow-specific role "Material_Sync.send" \(channel "HTTPS_Materials"\)\n {2}Access: Channel "HTTPS_Materials": tenant users holding "ESBMessaging.send" who are not in the mapping file lose access/);
    assert.ok(fs.readFileSync(material, 'utf8').includes('<value>Material_Sync.send</value>'));
  });

  it('--rule limits the fixes; file modes are kept', async () => {
    const dir = tempCopy();
    const file = path.join(dir, ORDERS);
    fs.chmodSync(file, 0o640);
    const before = fs.readFileSync(file, 'utf8');
    const r = await run(['fix', '.', '--rule', 'duplicate-certificate-entry'], dir);
    assert.strictEqual(r.code, 0, r.err);
    const after = fs.readFileSync(file, 'utf8');
    assert.ok(after.length < before.length);
    assert.strictEqual(parseIFlow(after, ORDERS).channels[0].certificates.length, 3);
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)), ['Orders_Inbound.iflw'], 'no temp file left');
    assert.ok(!fs.existsSync(path.join(dir, 'certificate-user-mappings.json')) || readMappingFile(fs.readFileSync(path.join(dir, 'certificate-user-mappings.json'), 'utf8'), 'm').entries.length === 4);
  });

  it('an invalid mapping file: the migration is refused (exit 1) and the file is untouched', async () => {
    const dir = tempCopy();
    const mapping = path.join(dir, 'certificate-user-mappings.json');
    fs.writeFileSync(mapping, '{ "mappings": [ oops');
    const r = await run(['fix', '.', '--rule', 'client-certificate-authorization'], dir);
    assert.strictEqual(r.code, 1);
    assert.match(r.out, /client-certificate-authorization \(channel "HTTPS_Orders"\): not fixed: .*never overwritten/);
    assert.strictEqual(fs.readFileSync(mapping, 'utf8'), '{ "mappings": [ oops');
  });
});

describe('cli: export', function () {
  this.timeout(60000);
  it('writes Neo and CF files; blocking entries are printed and exit 1', async () => {
    const dir = tempCopy();
    const r = await run(['export', '--neo', 'out/neo', '--cf', 'out/cf', '.'], dir);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /Neo: wrote 4 files to out\/neo/);
    assert.match(r.out, /not exported: "INITECH_PARTNER": no certificate yet/);
    assert.ok(fs.existsSync(path.join(dir, 'out/neo/SHIPPING_PARTNER.json')));
    assert.ok(fs.existsSync(path.join(dir, 'out/cf/instance-1.json')));
  });
  it('exit 2 without a mapping file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-auth-cli-'));
    const r = await run(['export', '--neo', 'out', '.'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /no mapping file/);
  });
});

describe('cli: atomic writes', () => {
  it('never writes over a file that changed on disk since it was read', async () => {
    const { writeFileAtomic, StaleFileError } = await import('../../../src/cli/writeFile');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-auth-write-'));
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, 'changed by someone');
    await assert.rejects(writeFileAtomic(file, Buffer.from('new'), Buffer.from('as read')), StaleFileError);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'changed by someone');
    await assert.rejects(writeFileAtomic(file, Buffer.from('new'), undefined), StaleFileError);
    await writeFileAtomic(file, Buffer.from('new'), Buffer.from('changed by someone'));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'new');
    assert.deepStrictEqual(fs.readdirSync(dir), ['a.txt']);
  });
});
