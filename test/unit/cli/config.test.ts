import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli, type CliIO } from '../../../src/cli/main';

const EXAMPLES = path.join(__dirname, '../../../../examples');
const NOW = '--now=2026-11-27T00:00:00Z';

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, isTTY: false, cwd, env: {} };
  return { code: await runCli(args, io), out, err };
}

describe('iflow-auth and .iflow-auth.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-config-'));
    fs.cpSync(path.join(EXAMPLES, 'Orders_Inbound'), path.join(dir, 'Orders_Inbound'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('an exempted finding is listed with its reason in JSON, counted in the text summary, and does not fail the run', async () => {
    const before = await cli(['lint', NOW, '--format', 'json', '.'], dir);
    const rules = (JSON.parse(before.out) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule);
    assert.strictEqual(before.code, 1, before.out);
    // Every finding of the flow exempted, each rule by its own exemption.
    const exemptions = [...new Set(rules)].map((rule) => ({ rule, iflow: 'Orders Inbound', reason: `accepted: ${rule}` }));
    fs.writeFileSync(path.join(dir, '.iflow-auth.json'), JSON.stringify({ exemptions }));
    const json = await cli(['lint', NOW, '--format', 'json', '.'], dir);
    const findings = (JSON.parse(json.out) as { findings: Array<{ rule: string; suppressed?: { reason: string } }> }).findings;
    assert.deepStrictEqual(findings.map((f) => f.rule), rules);
    assert.ok(findings.every((f) => f.suppressed?.reason === `accepted: ${f.rule}`), json.out);
    assert.strictEqual(json.code, 0, 'exempted findings do not fail the run');
    const text = await cli(['lint', NOW, '.'], dir);
    assert.match(text.out, new RegExp(`^No problems in the file checked \\(1 iFlow\\)\\. ${rules.length} exempted by the configuration file\\.\\n$`));
  });

  it('the configuration file is found above the linted folder; --rule wins over it', async () => {
    fs.writeFileSync(path.join(dir, '.iflow-auth.json'), JSON.stringify({ rules: { 'client-certificate-authorization': 'off' } }));
    const below = await cli(['lint', NOW, '--format', 'json', 'Orders_Inbound'], dir);
    assert.ok(!below.out.includes('"client-certificate-authorization"'), below.out);
    const flagged = await cli(['lint', NOW, '--format', 'json', '--rule', 'client-certificate-authorization=error', 'Orders_Inbound'], dir);
    assert.match(flagged.out, /"rule": "client-certificate-authorization",\s+"severity": "error"/);
  });

  it('fix leaves an exempted finding alone', async () => {
    const iflow = path.join(dir, 'Orders_Inbound/src/main/resources/scenarioflows/integrationflow/Orders_Inbound.iflw');
    const original = fs.readFileSync(iflow);
    fs.writeFileSync(path.join(dir, '.iflow-auth.json'), JSON.stringify({ exemptions: [{ rule: 'client-certificate-authorization', reason: 'the partner cannot send a user yet' }] }));
    await cli(['fix', NOW, '--rule', 'client-certificate-authorization', '.'], dir);
    assert.ok(fs.readFileSync(iflow).equals(original), 'the channel keeps its Client Certificate table');
  });
});

/** A repository: the examples' Orders_Inbound and Material_Sync under `flows/`, certificates beside, the configuration file at the top. */
function repository(config: string | undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-auth-config-'));
  for (const flow of ['Orders_Inbound', 'Material_Sync']) fs.cpSync(path.join(EXAMPLES, flow), path.join(dir, 'flows', flow), { recursive: true });
  fs.cpSync(path.join(EXAMPLES, 'certificates'), path.join(dir, 'security', 'certificates'), { recursive: true });
  if (config !== undefined) fs.writeFileSync(path.join(dir, '.iflow-auth.json'), config);
  return dir;
}

type JsonFinding = { rule: string; file: string; severity: string; suppressed?: { reason: string; until?: string } };
const findingsOf = (out: string): JsonFinding[] => JSON.parse(out).findings;

const MATERIAL_EXEMPTED = `{
  // CI and the editor read this same file.
  "certificates": ["security/certificates/*.{cer,pem}"],
  "rules": { "generic-user-role": "off" },
  "exemptions": [
    { "rule": "missing-user-role", "iflow": "Material_Sync", "channel": "OData_Materials", "reason": "OData channel retired in Q1 (OPS-77)" }
  ]
}
`;

describe('iflow-auth: --config, --no-config, a subfolder, an invalid file', () => {
  it('a subfolder linted finds the repository’s file and the certificates it names', async () => {
    const dir = repository('{ "certificates": ["security/certificates/*.{cer,pem}"] }');
    const without = await cli(['lint', NOW, '--format', 'json', '--no-config', 'flows/Orders_Inbound'], dir);
    assert.strictEqual(findingsOf(without.out).filter((f) => f.rule === 'certificate-not-found').length, 4, 'without the file nothing resolves');
    const r = await cli(['lint', NOW, '--format', 'json', 'Orders_Inbound'], path.join(dir, 'flows'));
    const rules = findingsOf(r.out).map((f) => f.rule);
    assert.ok(rules.includes('certificate-expiring'), rules.join());
    assert.strictEqual(rules.filter((f) => f === 'certificate-not-found').length, 1, 'only the Globex entry, which has no file');
  });

  it('without a configuration file, the mapping file at the repository\'s top is the one fix merges into, and its certificates are read', async () => {
    const dir = repository(undefined);
    fs.mkdirSync(path.join(dir, '.git'));
    fs.copyFileSync(path.join(EXAMPLES, 'certificate-user-mappings.json'), path.join(dir, 'certificate-user-mappings.json'));
    const before = fs.readFileSync(path.join(dir, 'certificate-user-mappings.json'), 'utf8');
    const lint = await cli(['lint', NOW, '--format', 'json', 'flows/Orders_Inbound'], dir);
    assert.ok(findingsOf(lint.out).some((f) => f.file === 'certificate-user-mappings.json'), 'the mapping file above is judged');
    const notFound = findingsOf(lint.out).filter((f) => f.rule === 'certificate-not-found' && f.file.endsWith('.iflw'));
    assert.strictEqual(notFound.length, 1, 'the certificates of the repository resolve (only the Globex entry has no file)');
    const fixed = await cli(['fix', NOW, 'flows/Orders_Inbound', 'flows/Material_Sync'], dir);
    assert.match(fixed.out, /^Applied 3 fixes;/m, fixed.out + fixed.err);
    assert.ok(!fs.existsSync(path.join(dir, 'flows', 'Orders_Inbound', 'certificate-user-mappings.json')), 'no second mapping file in the first path');
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'certificate-user-mappings.json'), 'utf8')) as { mappings: Array<{ roles: string[] }> };
    assert.notStrictEqual(fs.readFileSync(path.join(dir, 'certificate-user-mappings.json'), 'utf8'), before);
    assert.ok(after.mappings.some((m) => m.roles.includes('Orders_Inbound.send')), 'the migrated certificates are in the existing file');
    assert.match(fixed.out, /files changed: certificate-user-mappings\.json, /);
  });

  it('outside a repository, nothing above the first path is taken for its mapping file', async () => {
    const dir = repository(undefined);
    fs.copyFileSync(path.join(EXAMPLES, 'certificate-user-mappings.json'), path.join(dir, 'certificate-user-mappings.json'));
    const lint = await cli(['lint', NOW, '--format', 'json', 'flows/Orders_Inbound'], dir);
    assert.ok(!findingsOf(lint.out).some((f) => f.file === 'certificate-user-mappings.json'), lint.out);
  });

  it('--no-config ignores the file; --config <file> uses another one for every file', async () => {
    const dir = repository(MATERIAL_EXEMPTED);
    const none = await cli(['lint', NOW, '--format', 'json', '--no-config', 'flows/Material_Sync'], dir);
    assert.strictEqual(none.code, 1);
    assert.deepStrictEqual(findingsOf(none.out).map((f) => f.rule).sort(), ['generic-user-role', 'missing-user-role']);
    fs.writeFileSync(path.join(dir, 'ci.json'), '{ "rules": { "missing-user-role": "info" } }');
    const named = await cli(['lint', NOW, '--format', 'json', '--config', 'ci.json', 'flows/Material_Sync'], dir);
    assert.strictEqual(named.code, 0);
    assert.deepStrictEqual(findingsOf(named.out).map((f) => [f.rule, f.severity, Boolean(f.suppressed)]).sort(), [['generic-user-role', 'info', false], ['missing-user-role', 'info', false]]);
  });

  it('a missing --config file, or both flags, exit 2 with a message', async () => {
    const dir = repository(undefined);
    const missing = await cli(['lint', NOW, '--config', 'no-such.json', 'flows'], dir);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.err, /no-such\.json: cannot read the configuration file/);
    const both = await cli(['lint', NOW, '--config', 'a.json', '--no-config', 'flows'], dir);
    assert.strictEqual(both.code, 2);
    assert.match(both.err, /^iflow-auth: .*--no-config/);
  });

  it('an invalid file is an error on the file with its position; the run goes on with the defaults', async () => {
    const dir = repository('{\n  "expiryWarningDays": "soon",\n  "exemptions": [{ "rule": "missing-user-role", "reason": "" }]\n}\n');
    const r = await cli(['lint', NOW, '--format', 'compact', 'flows/Material_Sync'], dir);
    assert.strictEqual(r.code, 1);
    assert.match(r.out, /^\.iflow-auth\.json:2:\d+ error +invalid-config-file /m);
    assert.match(r.out, /missing-user-role/, 'the exemption of an invalid file does not apply');
    assert.match(r.out, /generic-user-role/, 'the defaults apply');
    assert.match(r.out, /None of this file is used until it is fixed: the rules run with the defaults\./, 'it says what applies instead');
    assert.doesNotMatch(r.out, /editor|settings/, 'the command line has no editor settings');
    const flagged = await cli(['lint', NOW, '--format', 'compact', '--expiry-days', '10', 'flows/Material_Sync'], dir);
    assert.match(flagged.out, /the rules run with the command-line options and the defaults\./);
  });
});
