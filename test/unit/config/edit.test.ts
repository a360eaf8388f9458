import * as assert from 'assert';
import { addExemption, exemptionFor } from '../../../src/core/config/edit';
import { readConfigFile } from '../../../src/core/config/read';
import { applyFileEdit } from '../../../src/core/edits/types';
import type { Finding } from '../../../src/core/rules/types';

const finding = (over: Partial<Finding>): Finding => ({ rule: 'generic-user-role', severity: 'info', message: 'm', file: '/repo/a/Flow.iflw', range: { start: 0, end: 1 }, ...over });

describe('config: writing an exemption', () => {
  it('exemptionFor: the iFlow id and channel; a mapping user; else the file as an exact glob', () => {
    assert.deepStrictEqual(exemptionFor(finding({ iflow: 'Orders Inbound', iflowId: 'Orders_Inbound', channel: 'HTTPS' }), '/repo', 'why', '2027-01-31'),
      { rule: 'generic-user-role', iflow: 'Orders_Inbound', channel: 'HTTPS', reason: 'why', until: '2027-01-31' });
    assert.deepStrictEqual(exemptionFor(finding({ rule: 'certificate-expiring', user: 'ACME', file: '/repo/m.json' }), '/repo', 'why'),
      { rule: 'certificate-expiring', user: 'ACME', reason: 'why' });
    assert.deepStrictEqual(exemptionFor(finding({ rule: 'invalid-mapping-file', file: '/repo/sec/m [old].json' }), '/repo', 'why'),
      { rule: 'invalid-mapping-file', file: 'sec/m [[]old[]].json', reason: 'why' });
  });

  it('creates the file when it does not exist', () => {
    const r = addExemption('/repo/.iflow-auth.json', undefined, { rule: 'generic-user-role', iflow: 'A', reason: 'why' });
    assert.ok('edit' in r);
    assert.strictEqual(r.edit.create, true);
    const text = applyFileEdit(r.edit);
    assert.strictEqual(text, '{\n  "exemptions": [\n    {\n      "rule": "generic-user-role",\n      "iflow": "A",\n      "reason": "why"\n    }\n  ]\n}\n');
    assert.deepStrictEqual(readConfigFile(text, '/repo/.iflow-auth.json').problems, []);
  });

  it('appends to the exemptions, keeping comments, formatting and everything else byte for byte', () => {
    const before = '// team settings\n{\n\t"rules": { "generic-user-role": "warning" }, // keep\n\t"exemptions": [\n\t\t/* first */\n\t\t{ "rule": "missing-user-role", "reason": "old" }\n\t]\n}\n';
    const r = addExemption('/repo/.iflow-auth.json', before, { rule: 'generic-user-role', iflow: 'A', channel: 'C', reason: 'why "quoted"', until: '2027-03-31' });
    assert.ok('edit' in r);
    assert.ok(r.edit.edits.every((e) => e.start === e.end), 'only insertions: every byte of the file stays');
    const after = applyFileEdit(r.edit);
    assert.ok(after.includes('// team settings') && after.includes('// keep') && after.includes('/* first */'));
    const read = readConfigFile(after, '/repo/.iflow-auth.json');
    assert.deepStrictEqual(read.problems, []);
    assert.deepStrictEqual(read.exemptions.map((x) => [x.rule, x.reason, x.until]), [['missing-user-role', 'old', undefined], ['generic-user-role', 'why "quoted"', '2027-03-31']]);
    assert.match(after, /\n\t\t\{\n\t\t\t"rule": "generic-user-role"/, 'tab indentation kept');
  });

  it('adds an exemptions array to a file without one', () => {
    const before = '{\n  "expiryWarningDays": 45 // days\n}\n';
    const r = addExemption('/repo/.iflow-auth.json', before, { rule: 'generic-user-role', reason: 'why' });
    assert.ok('edit' in r);
    const after = applyFileEdit(r.edit);
    assert.ok(after.includes('"expiryWarningDays": 45') && after.includes('// days'));
    assert.deepStrictEqual(readConfigFile(after, 'x').exemptions.map((x) => x.rule), ['generic-user-role']);
  });

  const layouts: Array<[string, string, string]> = [
    ['one line, items', '{ "exemptions": [{ "rule": "missing-user-role", "reason": "old" }] }', '{ "exemptions": [{ "rule": "missing-user-role", "reason": "old" }, { "rule": "generic-user-role", "reason": "why" }] }'],
    ['one line, trailing comma', '{ "exemptions": [{ "rule": "missing-user-role", "reason": "old" },] }', '{ "exemptions": [{ "rule": "missing-user-role", "reason": "old" }, { "rule": "generic-user-role", "reason": "why" },] }'],
    ['one line, empty array', '{ "exemptions": [] }', '{ "exemptions": [{ "rule": "generic-user-role", "reason": "why" }] }'],
    ['one line, no exemptions', '{ "expiryWarningDays": 5 }', '{ "expiryWarningDays": 5, "exemptions": [{ "rule": "generic-user-role", "reason": "why" }] }'],
    ['one line, empty object', '{}', '{ "exemptions": [{ "rule": "generic-user-role", "reason": "why" }] }'],
    ['a comment after the last property stays on its line', '{\n  "genericRoles": ["A",  "B"] // two\n}\n', '{\n  "genericRoles": ["A",  "B"], // two\n  "exemptions": [\n    {\n      "rule": "generic-user-role",\n      "reason": "why"\n    }\n  ]\n}\n'],
    ['a trailing comma after the last item', '{\n  "exemptions": [\n    { "rule": "missing-user-role", "reason": "old" },\n  ],\n}', '{\n  "exemptions": [\n    { "rule": "missing-user-role", "reason": "old" },\n    {\n      "rule": "generic-user-role",\n      "reason": "why"\n    }\n  ],\n}'],
    ['an empty array over lines', '{\n  "exemptions": [\n  ]\n}', '{\n  "exemptions": [\n    {\n      "rule": "generic-user-role",\n      "reason": "why"\n    }\n  ]\n}'],
    ['CRLF line ends', '{\r\n  "expiryWarningDays": 5\r\n}\r\n', '{\r\n  "expiryWarningDays": 5,\r\n  "exemptions": [\r\n    {\r\n      "rule": "generic-user-role",\r\n      "reason": "why"\r\n    }\r\n  ]\r\n}\r\n'],
  ];
  for (const [name, before, expected] of layouts) {
    it(`keeps the file's layout: ${name}`, () => {
      const r = addExemption('/repo/.iflow-auth.json', before, { rule: 'generic-user-role', reason: 'why' });
      assert.ok('edit' in r);
      const after = applyFileEdit(r.edit);
      assert.strictEqual(after, expected);
      assert.deepStrictEqual(readConfigFile(after, 'x').problems, []);
    });
  }

  it('refuses to write into a file that is not valid, saying why', () => {
    for (const bad of ['{ "rules": ', '{ "exemptions": {} }', '[]']) {
      const r = addExemption('/repo/.iflow-auth.json', bad, { rule: 'generic-user-role', reason: 'why' });
      assert.ok('refused' in r, bad);
      assert.match(r.refused, /fix them first/);
    }
  });

  it('an empty existing file is filled (as if new, but not created)', () => {
    const r = addExemption('/repo/.iflow-auth.json', '\n', { rule: 'generic-user-role', reason: 'why' });
    assert.ok('edit' in r);
    assert.ok(!r.edit.create);
    assert.deepStrictEqual(readConfigFile(applyFileEdit(r.edit), 'x').problems, []);
  });
});
