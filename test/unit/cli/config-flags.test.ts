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
  });
});
