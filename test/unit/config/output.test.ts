import * as assert from 'assert';
import { applyExemptions } from '../../../src/core/config/exemptions';
import { readConfigFile } from '../../../src/core/config/read';
import { formatJson } from '../../../src/core/output/json';
import { Locator } from '../../../src/core/output/located';
import { formatSarif } from '../../../src/core/output/sarif';
import { formatCompact, formatText, plainStyle } from '../../../src/core/output/text';
import type { Finding } from '../../../src/core/rules/types';

function sarifValidator(): ((data: unknown) => boolean) & { errors?: unknown } {
  // The official SARIF 2.1.0 schema (draft-04), as shipped by @microsoft/jest-sarif.
   
  const Ajv = require('ajv-draft-04');
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  require('ajv-formats')(ajv);
  return ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
}

const TEXT = 'line one\nline two has the role ESBMessaging.send\nline three\n';
const finding = (over: Partial<Finding>): Finding => ({
  rule: 'generic-user-role', severity: 'info', message: 'uses the generic role', file: '/repo/flows/A.iflw', range: { start: 9, end: 12 }, iflow: 'A', iflowId: 'A', channel: 'HTTPS', ...over,
});

/** Two findings, one exempted by the configuration file (with an until date). */
function located() {
  const config = readConfigFile(JSON.stringify({ exemptions: [{ rule: 'generic-user-role', iflow: 'A', reason: 'Partner gateway until Q2 (OPS-1234)', until: '2027-03-31' }] }), '/repo/.iflow-auth.json');
  const findings = [finding({}), finding({ rule: 'missing-user-role', severity: 'error', message: 'no role', range: { start: 20, end: 24 } })];
  const { findings: out } = applyExemptions(findings, config, new Date('2026-11-27T00:00:00Z'), { complete: true, linted: [] });
  return new Locator(() => TEXT).locate(out);
}
const display = (f: string): string => f.replace('/repo/', '');

const ONE_IFLOW = { iflows: 1, mappingFiles: 0, configFiles: 0 };

describe('config: exempted findings in the outputs', () => {
  it('JSON lists an exempted finding with suppressed = {reason, until}', () => {
    const json = JSON.parse(formatJson(located(), display));
    assert.deepStrictEqual(json.findings.map((f: { rule: string; suppressed?: unknown }) => [f.rule, f.suppressed]), [
      ['generic-user-role', { reason: 'Partner gateway until Q2 (OPS-1234)', until: '2027-03-31' }],
      ['missing-user-role', undefined],
    ]);
  });

  it('SARIF marks it with suppressions[].justification, valid against the SARIF 2.1.0 schema', () => {
    const log = JSON.parse(formatSarif(located(), display, '1.0.0'));
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors));
    const [exempted, counted] = log.runs[0].results;
    assert.deepStrictEqual(exempted.suppressions, [{ kind: 'external', status: 'accepted', justification: 'Partner gateway until Q2 (OPS-1234)' }]);
    assert.strictEqual(counted.suppressions, undefined);
  });

  it('text and compact leave it out of the list and count it in the summary', () => {
    const text = formatText(located(), display, plainStyle, ONE_IFLOW);
    assert.ok(!text.includes('generic-user-role'), text);
    assert.match(text, /1 problem \(1 error, 0 warnings, 0 info\) in the file checked \(1 iFlow\)\. 1 exempted by the configuration file\.\n$/);
    const compact = formatCompact(located(), display, ONE_IFLOW);
    assert.strictEqual(compact.trimEnd().split('\n').length, 2);
    assert.match(compact, /1 exempted by the configuration file\.\n$/);
    const onlyExempted = formatText(located().slice(0, 1), display, plainStyle, ONE_IFLOW);
    assert.strictEqual(onlyExempted, 'No problems in the file checked (1 iFlow). 1 exempted by the configuration file.\n');
  });
});
