import * as assert from 'assert';
import { Locator } from '../../../src/core/output/located';
import { formatText, plainStyle } from '../../../src/core/output/text';
import type { Finding } from '../../../src/core/rules/types';

describe('output: the text summary', () => {
  it('counts of a thousand or more with thousands separators, every count alike', () => {
    const info: Finding = { rule: 'generic-user-role', severity: 'info', message: 'uses the generic role', file: '/repo/A.iflw', range: { start: 0, end: 4 } };
    const findings = new Locator(() => 'text\n').locate(Array.from({ length: 1200 }, () => info));
    const text = formatText(findings, (f) => f, plainStyle, { iflows: 2499, mappingFiles: 1, configFiles: 0 });
    assert.strictEqual(text.trimEnd().split('\n').pop(), '1,200 problems (0 errors, 0 warnings, 1,200 info) in 1 of the 2,500 files checked (2,499 iFlows, 1 mapping file).');
  });

  it('nothing to check: says so rather than "No problems in 0 files"', () => {
    assert.strictEqual(formatText([], (f) => f, plainStyle, { iflows: 0, mappingFiles: 0, configFiles: 0 }), 'No iFlow or mapping file found.\n');
  });

  it('names what was checked by kind: the iFlows and mapping files; the configuration file is the settings, not a file checked', () => {
    const checked = { iflows: 2, mappingFiles: 1, configFiles: 1 };
    assert.strictEqual(formatText([], (f) => f, plainStyle, checked), 'No problems in the 3 files checked (2 iFlows, 1 mapping file).\n');
    assert.strictEqual(formatText([], (f) => f, plainStyle, { iflows: 1, mappingFiles: 0, configFiles: 0 }), 'No problems in the file checked (1 iFlow).\n');
    const info: Finding = { rule: 'generic-user-role', severity: 'info', message: 'uses the generic role', file: '/repo/A.iflw', range: { start: 0, end: 4 } };
    const both = formatText(new Locator(() => 'text\n').locate([info, { ...info, file: '/repo/B.iflw' }]), (f) => f, plainStyle, { iflows: 2, mappingFiles: 0, configFiles: 0 });
    assert.strictEqual(both.trimEnd().split('\n').pop(), '2 problems (0 errors, 0 warnings, 2 info) in both files checked (2 iFlows).');
  });

  it('findings on the configuration file are said apart from the files checked', () => {
    const one = { iflows: 1, mappingFiles: 0, configFiles: 1 };
    const info: Finding = { rule: 'generic-user-role', severity: 'info', message: 'uses the generic role', file: '/repo/A.iflw', range: { start: 0, end: 4 } };
    const unused: Finding = { rule: 'unused-exemption', severity: 'info', message: 'matches no finding', file: '/repo/.iflow-auth.json', range: { start: 0, end: 4 } };
    const last = (findings: Finding[], checked = one): string | undefined => formatText(new Locator(() => 'text\n').locate(findings), (f) => f, plainStyle, checked).trimEnd().split('\n').pop();
    assert.strictEqual(last([info, unused]), '2 problems (0 errors, 0 warnings, 2 info) in the file checked (1 iFlow) and in the configuration file.');
    assert.strictEqual(last([unused]), '1 problem (0 errors, 0 warnings, 1 info) in the configuration file; none in the file checked (1 iFlow).');
    assert.strictEqual(last([{ ...unused, rule: 'invalid-config-file', severity: 'error' }], { iflows: 0, mappingFiles: 0, configFiles: 1 }), '1 problem (1 error, 0 warnings, 0 info) in the configuration file; no iFlow or mapping file found.');
  });
});
