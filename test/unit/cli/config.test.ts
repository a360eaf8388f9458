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
    assert.match(text.out, new RegExp(`No problems in \\d+ files\\. ${rules.length} exempted by \\.iflow-auth\\.json\\.`));
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
