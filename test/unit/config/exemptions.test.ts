import * as assert from 'assert';
import { applyExemptions, isExpired, suppressedCount } from '../../../src/core/config/exemptions';
import { readConfigFile } from '../../../src/core/config/read';
import { createRuleContext, defaultLintOptions, lintConfig, lintIFlow, lintMapping } from '../../../src/core/engine';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { readMappingFile } from '../../../src/core/mapping/read';
import type { Finding } from '../../../src/core/rules/types';
import { buildIFlow, certificateIndex, mappingJson, NOW, pem, userRole } from '../support/iflowBuilder';

const MANIFEST = 'Manifest-Version: 1.0\nBundle-SymbolicName: Orders_Inbound\nBundle-Name: Orders Inbound\n';
const ORDERS = '/repo/Orders/src/main/resources/scenarioflows/integrationflow/Orders.iflw';
const LEGACY = '/repo/legacy/Old/src/main/resources/scenarioflows/integrationflow/Old.iflw';

/** Two iFlows with generic roles, one with two channels; a mapping file with an expiring certificate. */
function findingsOf(): { findings: Finding[]; linted: Array<{ file: string; iflowId?: string; iflowName?: string }> } {
  const ctx = createRuleContext(defaultLintOptions(NOW), certificateIndex(), readMappingFile(mappingJson([
    { user: 'ACME_ORDERS', roles: ['ESBMessaging.send'], certificate: pem('acme-expiring') },
  ]), '/repo/certificate-user-mappings.json'));
  const orders = parseIFlow(buildIFlow([
    { name: 'HTTPS_Orders', props: userRole('ESBMessaging.send') },
    { name: 'SOAP_Orders', adapter: 'SOAP', props: userRole('ESBMessaging.send') },
  ]), ORDERS, { manifest: MANIFEST });
  const legacy = parseIFlow(buildIFlow([{ name: 'HTTPS_Old', props: userRole('ESBMessaging.send') }]), LEGACY);
  const findings = [...lintIFlow(orders, ctx), ...lintIFlow(legacy, ctx), ...lintMapping(ctx.mapping!, ctx)];
  return { findings, linted: [{ file: ORDERS, iflowId: 'Orders_Inbound', iflowName: 'Orders Inbound' }, { file: LEGACY, iflowId: 'Old', iflowName: 'Old' }, { file: '/repo/certificate-user-mappings.json' }] };
}

const configWith = (exemptions: object[]) => readConfigFile(JSON.stringify({ exemptions }, null, 2), '/repo/.iflow-auth.json');
const exempted = (findings: Finding[]) => findings.filter((f) => f.suppressed).map((f) => `${f.rule}@${f.iflow ?? f.user}/${f.channel ?? ''}`).sort();

describe('config: exemptions', () => {
  it('the fixture has the findings the selectors are tested on', () => {
    const { findings } = findingsOf();
    assert.deepStrictEqual(findings.map((f) => `${f.rule}@${f.iflow ?? f.user}/${f.channel ?? ''}`).sort(), [
      'certificate-expiring@ACME_ORDERS/',
      'generic-user-role@Old/HTTPS_Old',
      'generic-user-role@Orders Inbound/HTTPS_Orders',
      'generic-user-role@Orders Inbound/SOAP_Orders',
      // The fixture's ACME chain has no root: the chain is incomplete.
      'incomplete-certificate-chain@ACME_ORDERS/',
    ]);
    const f = findings.find((x) => x.channel === 'SOAP_Orders')!;
    assert.strictEqual(f.iflowId, 'Orders_Inbound');
    assert.strictEqual(f.channelId, 'MessageFlow_2');
  });

  const selectorCases: Array<[string, object, string[]]> = [
    ['rule only: every finding of the rule', { rule: 'generic-user-role' }, ['generic-user-role@Old/HTTPS_Old', 'generic-user-role@Orders Inbound/HTTPS_Orders', 'generic-user-role@Orders Inbound/SOAP_Orders']],
    ['iflow by id', { rule: 'generic-user-role', iflow: 'Orders_Inbound' }, ['generic-user-role@Orders Inbound/HTTPS_Orders', 'generic-user-role@Orders Inbound/SOAP_Orders']],
    ['iflow by name', { rule: 'generic-user-role', iflow: 'Orders Inbound' }, ['generic-user-role@Orders Inbound/HTTPS_Orders', 'generic-user-role@Orders Inbound/SOAP_Orders']],
    ['iflow and channel by name', { rule: 'generic-user-role', iflow: 'Orders_Inbound', channel: 'SOAP_Orders' }, ['generic-user-role@Orders Inbound/SOAP_Orders']],
    ['channel by id', { rule: 'generic-user-role', iflow: 'Orders_Inbound', channel: 'MessageFlow_1' }, ['generic-user-role@Orders Inbound/HTTPS_Orders']],
    ['user (a mapping entry)', { rule: 'certificate-expiring', user: 'ACME_ORDERS' }, ['certificate-expiring@ACME_ORDERS/']],
    ['file glob, relative to the configuration file', { rule: 'generic-user-role', file: 'legacy/**' }, ['generic-user-role@Old/HTTPS_Old']],
    ['a selector the finding lacks does not match', { rule: 'certificate-expiring', channel: 'HTTPS_Orders' }, []],
    ['another rule does not match', { rule: 'missing-user-role', iflow: 'Orders_Inbound' }, []],
    ['until in the future still holds', { rule: 'generic-user-role', iflow: 'Old', until: '2026-11-27' }, ['generic-user-role@Old/HTTPS_Old']],
    ['until in the past no longer holds', { rule: 'generic-user-role', iflow: 'Old', until: '2026-11-26' }, []],
  ];
  for (const [name, selector, expected] of selectorCases) {
    it(`selector: ${name}`, () => {
      const { findings, linted } = findingsOf();
      const config = configWith([{ ...selector, reason: 'accepted for the test' }]);
      assert.deepStrictEqual(config.problems, []);
      const outcome = applyExemptions(findings, config, NOW, { complete: true, linted });
      assert.deepStrictEqual(exempted(outcome.findings), expected);
      assert.strictEqual(outcome.matched.get(0), expected.length);
      for (const f of outcome.findings.filter((x) => x.suppressed)) {
        assert.deepStrictEqual(f.suppressed, { reason: 'accepted for the test', until: (selector as { until?: string }).until, configFile: '/repo/.iflow-auth.json', range: config.exemptions[0].range });
      }
      assert.strictEqual(suppressedCount(outcome.findings), expected.length);
      assert.strictEqual(findings.filter((f) => f.suppressed).length, 0, 'the input is not changed');
    });
  }

  it('until holds through the whole day, UTC', () => {
    const e = configWith([{ rule: 'generic-user-role', reason: 'r', until: '2027-03-31' }]).exemptions[0];
    assert.ok(!isExpired(e, new Date('2027-03-31T23:59:59.999Z')));
    assert.ok(isExpired(e, new Date('2027-04-01T00:00:00Z')));
  });

  describe('unused-exemption and expired-exemption', () => {
    const run = (exemptions: object[], complete = true, now = NOW) => {
      const { findings, linted } = findingsOf();
      const config = configWith(exemptions);
      const outcome = applyExemptions(findings, config, now, { complete, linted: complete ? linted : linted.slice(0, 1) });
      const ctx = { ...createRuleContext(defaultLintOptions(now), certificateIndex()), exemptions: outcome };
      return { config, configFindings: lintConfig(config, ctx) };
    };

    it('an exemption that matches nothing is unused (info, on the exemption); a used one is not', () => {
      const { config, configFindings } = run([
        { rule: 'generic-user-role', iflow: 'Orders_Inbound', reason: 'used' },
        { rule: 'generic-user-role', iflow: 'Gone_Flow', reason: 'the flow was deleted' },
      ]);
      assert.deepStrictEqual(configFindings.map((f) => [f.rule, f.severity]), [['unused-exemption', 'info']]);
      assert.deepStrictEqual(configFindings[0].range, config.exemptions[1].range);
      assert.match(configFindings[0].message, /generic-user-role for iFlow "Gone_Flow".*matches no finding/);
      assert.strictEqual(configFindings[0].file, '/repo/.iflow-auth.json');
    });

    it('an expired exemption is reported as expired (warning), not as unused, and its findings count again', () => {
      const { config, configFindings } = run([{ rule: 'generic-user-role', iflow: 'Old', reason: 'r', until: '2026-01-31' }]);
      assert.deepStrictEqual(configFindings.map((f) => [f.rule, f.severity]), [['expired-exemption', 'warning']]);
      assert.match(configFindings[0].message, /ended on 2026-01-31/);
      assert.deepStrictEqual(configFindings[0].range, config.exemptions[0].range);
    });

    it('a partial run (a subfolder) does not call exemptions for what it did not lint unused', () => {
      const { configFindings } = run([
        { rule: 'generic-user-role', iflow: 'Old', reason: 'not linted in this run' },
        { rule: 'generic-user-role', channel: 'Nowhere', reason: 'no iflow or file: cannot tell' },
        { rule: 'missing-user-role', iflow: 'Orders_Inbound', reason: 'linted, and unused' },
      ], false);
      assert.deepStrictEqual(configFindings.map((f) => f.message.match(/iFlow "([^"]+)"/)?.[1]), ['Orders_Inbound']);
    });

    it('rules about the configuration file obey its own severities and can be turned off', () => {
      const { findings, linted } = findingsOf();
      const config = readConfigFile(JSON.stringify({ rules: { 'unused-exemption': 'off' }, exemptions: [{ rule: 'generic-user-role', iflow: 'X', reason: 'r' }] }), '/repo/.iflow-auth.json');
      const outcome = applyExemptions(findings, config, NOW, { complete: true, linted });
      const ctx = { ...createRuleContext({ ...defaultLintOptions(NOW), severities: config.values.rules! }, certificateIndex()), exemptions: outcome };
      assert.deepStrictEqual(lintConfig(config, ctx), []);
    });

    it('an invalid file: invalid-config-file at each problem, nothing else', () => {
      const text = '{\n  "exemptions": [{ "rule": "generic-user-role" }],\n  "expiryWarningDays": "30"\n}';
      const config = readConfigFile(text, '/repo/.iflow-auth.json');
      const findings = lintConfig(config, createRuleContext(defaultLintOptions(NOW), certificateIndex()));
      assert.deepStrictEqual(findings.map((f) => f.rule), ['invalid-config-file', 'invalid-config-file']);
      assert.ok(findings.every((f) => f.severity === 'error'));
      assert.match(findings[0].message, /no "reason".*None of this file is used/);
      assert.strictEqual(text.slice(findings[1].range.start, findings[1].range.end), '"30"');
    });
  });

  it('findings on the configuration file itself are never exempted', () => {
    const config = configWith([{ rule: 'generic-user-role', reason: 'r' }]);
    const own: Finding = { rule: 'unused-exemption', severity: 'info', message: 'm', file: config.file, range: { start: 0, end: 1 } };
    assert.strictEqual(applyExemptions([own], config, NOW, { complete: true, linted: [] }).findings[0].suppressed, undefined);
  });
});
