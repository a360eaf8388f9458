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

  it('the migration of a channel with the generic role and four unusable certificates writes the files the editor writes (test/fixtures/migration)', async () => {
    const dir = tempCopy();
    const r = await run(['fix', '--rule', 'client-certificate-authorization', '--certificates', 'certificates', '--mapping', 'certificate-user-mappings.json', 'Invoices_SOAP'], dir);
    assert.strictEqual(r.code, 0, r.err);
    const expected = path.join(__dirname, '../../../../test/fixtures/migration');
    const iflow = 'Invoices_SOAP/src/main/resources/scenarioflows/integrationflow/Invoices_SOAP.iflw';
    assert.ok(fs.readFileSync(path.join(dir, iflow)).equals(fs.readFileSync(path.join(expected, 'Invoices_SOAP.iflw'))), 'the iFlow, byte for byte');
    assert.ok(fs.readFileSync(path.join(dir, 'certificate-user-mappings.json')).equals(fs.readFileSync(path.join(expected, 'certificate-user-mappings.json'))), 'the mapping file, byte for byte');
    fs.rmSync(dir, { recursive: true, force: true });
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
  /** examples/ without SHIPPING_PARTNER_BACKUP (its certificate is SHIPPING_PARTNER's: the examples show duplicate-mapping). */
  function exportable(): string {
    const dir = tempCopy();
    const file = path.join(dir, 'certificate-user-mappings.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    m.mappings = m.mappings.filter((e: { user: string }) => e.user !== 'SHIPPING_PARTNER_BACKUP');
    fs.writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
    return dir;
  }

  it('writes Neo and CF files into folders of their own next to the mapping file; blocking entries are printed and exit 1', async () => {
    const dir = exportable();
    const r = await run(['export', '.', '--neo', '--cf'], dir);
    assert.strictEqual(r.code, 1, r.err);
    assert.match(r.out, /^Neo: wrote 4 files to iflow-auth-export\/neo$/m);
    assert.match(r.out, /^Cloud Foundry: wrote 4 files to iflow-auth-export\/cf$/m);
    assert.match(r.out, /not exported: "INITECH_PARTNER": no certificate yet/);
    assert.ok(fs.existsSync(path.join(dir, 'iflow-auth-export/neo/SHIPPING_PARTNER.json')));
    assert.ok(fs.existsSync(path.join(dir, 'iflow-auth-export/cf/instance-1.json')));
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'iflow-auth-export/neo/iflow-auth-export.json'), 'utf8'));
    assert.deepStrictEqual(index.files.map((f: { name: string }) => f.name), ['SHIPPING_PARTNER.json', 'index.json', 'README.md']);
    const again = await run(['export', '.', '--neo', '--cf'], dir);
    assert.strictEqual(again.code, 1, `its own files are overwritten: ${again.err}`);
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'iflow-auth-export/neo')).sort(), ['README.md', 'SHIPPING_PARTNER.json', 'iflow-auth-export.json', 'index.json'], 'no temporary file left');
  });

  it('a folder holding a README.md it did not write: refused with the file named, the README byte-identical; --force overwrites', async () => {
    const dir = exportable();
    const folder = path.join(dir, 'out/neo');
    fs.mkdirSync(folder, { recursive: true });
    const readme = Buffer.from('# Our team\'s notes\r\nDo not delete.\r\n');
    fs.writeFileSync(path.join(folder, 'README.md'), readme);
    const r = await run(['export', '--neo', 'out/neo', '.'], dir);
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.err, 'iflow-auth: out/neo: Neo not exported: the folder holds a file iflow-auth did not write (or that changed since it wrote it): README.md, which the export would overwrite. Export into another folder, or add --force to write there anyway (other files stay).\n');
    assert.ok(fs.readFileSync(path.join(folder, 'README.md')).equals(readme), 'byte-identical');
    assert.deepStrictEqual(fs.readdirSync(folder), ['README.md'], 'nothing else written');
    const forced = await run(['export', '--neo', 'out/neo', '--force', '.'], dir);
    assert.strictEqual(forced.code, 1, forced.err);
    assert.match(forced.out, /Neo: wrote 4 files to out\/neo; overwrote README\.md \(--force\)/);
    assert.match(fs.readFileSync(path.join(folder, 'README.md'), 'utf8'), /^# Certificate-to-user mappings/);
  });

  it('one certificate under two users (the examples): refused, exit 1, nothing written', async () => {
    const dir = tempCopy();
    const r = await run(['export', '--neo', '--cf'], dir);
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /Neo: not exported: one certificate would be mapped to two users.*"SHIPPING_PARTNER" and "SHIPPING_PARTNER_BACKUP"/);
    assert.match(r.err, /Cloud Foundry: not exported: one certificate would go into two service keys/);
    assert.ok(!fs.existsSync(path.join(dir, 'iflow-auth-export')));
  });

  it('`export --neo --cf .`: `.` is --cf\'s folder, the one holding the mapping file: refused (even with --force), how to write it said, nothing written', async () => {
    const dir = exportable();
    const before = fs.readdirSync(dir).sort();
    for (const argv of [['export', '--neo', '--cf', '.'], ['export', '--neo', '--cf', '.', '--force'], ['export', '--neo', '..', '--cf', '--mapping', '../certificate-user-mappings.json']]) {
      const r = await run(argv, argv.includes('..') ? path.join(dir, 'Orders_Inbound') : dir);
      assert.strictEqual(r.code, 2, argv.join(' '));
      assert.strictEqual(r.out, '');
      assert.deepStrictEqual(fs.readdirSync(dir).sort(), before, `${argv.join(' ')}: nothing written`);
      if (argv.includes('..')) {
        assert.match(r.err, /^iflow-auth: --neo \.\.: that folder holds the mapping file \.\.\/certificate-user-mappings\.json/);
        continue;
      }
      assert.strictEqual(r.err, 'iflow-auth: --cf .: that folder holds the mapping file certificate-user-mappings.json, and the Cloud Foundry export goes into a folder of its own (even with --force); nothing exported. For the default folder (iflow-auth-export/cf) give --cf without a folder: after the paths (iflow-auth export . --neo --cf) or as --cf=; or name another folder.\n');
    }
    const meant = await run(['export', '.', '--neo', '--cf'], dir);
    assert.match(meant.out, /^Cloud Foundry: wrote 4 files to iflow-auth-export\/cf$/m, 'what the message suggests works');
    const equals = await run(['export', '--neo', '--cf=', '.'], dir);
    assert.match(equals.out, /^Cloud Foundry: wrote 4 files to iflow-auth-export\/cf$/m, equals.err);
  });

  it('exit 2 without a mapping file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-auth-cli-'));
    const r = await run(['export', '--neo', 'out', '.'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /no mapping file/);
  });

  it('parses --neo/--cf with or without a folder, and --force', () => {
    assert.deepStrictEqual([parseArgs(['export', '--neo']).neo, parseArgs(['export', '--neo']).cf], ['', undefined]);
    assert.deepStrictEqual([parseArgs(['export', '--neo', '--cf', 'x']).neo, parseArgs(['export', '--neo', '--cf', 'x']).cf], ['', 'x']);
    assert.strictEqual(parseArgs(['export', '--cf=out/cf']).cf, 'out/cf');
    assert.strictEqual(parseArgs(['export', '--neo', '--force']).force, true);
    assert.throws(() => parseArgs(['lint', '--force']), UsageError);
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
