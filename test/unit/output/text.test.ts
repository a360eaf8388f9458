import * as assert from 'assert';
import { Locator } from '../../../src/core/output/located';
import { formatText, plainStyle } from '../../../src/core/output/text';
import type { Finding } from '../../../src/core/rules/types';

describe('output: the text summary', () => {
  it('counts of a thousand or more with thousands separators, every count alike', () => {
    const info: Finding = { rule: 'generic-user-role', severity: 'info', message: 'uses the generic role', file: '/repo/A.iflw', range: { start: 0, end: 4 } };
    const findings = new Locator(() => 'text\n').locate(Array.from({ length: 1200 }, () => info));
    const text = formatText(findings, (f) => f, plainStyle, 2500);
    assert.strictEqual(text.trimEnd().split('\n').pop(), '1,200 problems (0 errors, 0 warnings, 1,200 info) in 1 file of 2,500 checked.');
  });

  it('nothing to check: says so rather than "No problems in 0 files"', () => {
    assert.strictEqual(formatText([], (f) => f, plainStyle, 0), 'No iFlow or mapping file found.\n');
  });
});
