import * as assert from 'assert';
import { effectiveSettings, lintOptionsOf } from '../../../src/core/config/effective';
import { readConfigFile } from '../../../src/core/config/read';
import { isValidConfig } from '../../../src/core/config/types';
import * as defaults from '../../../src/core/defaults';

const FULL = `// The team's configuration
{
  "$schema": "./schemas/iflow-auth.schema.json",
  "rules": { "generic-user-role": "warning", "csrf-protection-disabled": "off" },
  "expiryWarningDays": 45,
  "genericRoles": ["ESBMessaging.send", "Shared.send"],
  "allowedRoles": ["*.send", "!ESBMessaging.send"], // glob patterns
  "flowRole": "{iflow}.call",
  "mappingFile": "security/certificate-user-mappings.json",
  "certificates": ["security/certificates/**/*.{cer,crt,pem,der,p7b,p7c}"],
  "trustedRoots": ["btp", "security/roots"],
  /* reasons are required */
  "exemptions": [
    { "rule": "client-certificate-authorization", "iflow": "Orders_Inbound", "channel": "HTTPS_Orders",
      "reason": "Partner ACME's gateway cannot send a mapped user until Q2 (ticket OPS-1234)", "until": "2027-03-31" },
    { "rule": "certificate-expiring", "user": "ACME_ORDERS", "reason": "renewal requested" },
    { "rule": "generic-user-role", "file": "legacy/**", "reason": "legacy flows, retired in June" },
  ],
}
`;

describe('config: reading .iflow-auth.json', () => {
  it('reads every field, with comments and trailing commas', () => {
    const c = readConfigFile(FULL, '/repo/.iflow-auth.json');
    assert.deepStrictEqual(c.problems, []);
    assert.ok(isValidConfig(c));
    assert.strictEqual(c.folder, '/repo');
    assert.deepStrictEqual(c.values, {
      rules: { 'generic-user-role': 'warning', 'csrf-protection-disabled': 'off' },
      expiryWarningDays: 45,
      genericRoles: ['ESBMessaging.send', 'Shared.send'],
      allowedRoles: ['*.send', '!ESBMessaging.send'],
      flowRole: '{iflow}.call',
      mappingFile: 'security/certificate-user-mappings.json',
      certificates: ['security/certificates/**/*.{cer,crt,pem,der,p7b,p7c}'],
      trustedRoots: ['btp', 'security/roots'],
    });
    assert.strictEqual(c.exemptions.length, 3);
    const [a, b, d] = c.exemptions;
    assert.deepStrictEqual({ ...a, range: undefined }, {
      index: 0, rule: 'client-certificate-authorization', iflow: 'Orders_Inbound', channel: 'HTTPS_Orders', user: undefined, file: undefined,
      reason: "Partner ACME's gateway cannot send a mapped user until Q2 (ticket OPS-1234)", until: '2027-03-31', range: undefined,
    });
    assert.ok(FULL.slice(a.range.start, a.range.end).startsWith('{ "rule": "client-certificate-authorization"'));
    assert.strictEqual(b.user, 'ACME_ORDERS');
    assert.strictEqual(d.file, 'legacy/**');
  });

  it('an empty object is valid and says nothing', () => {
    const c = readConfigFile('{}', '.iflow-auth.json');
    assert.deepStrictEqual(c.problems, []);
    assert.deepStrictEqual(c.values, {});
    assert.strictEqual(c.folder, '');
  });

  const invalid: Array<[string, string, RegExp, string?]> = [
    ['not JSON', '{ "rules": ', /not valid JSON/],
    ['empty', '', /not valid JSON/],
    ['an array', '[]', /expected an object/, '[]'],
    ['an unknown setting (a typo)', '{ "rule": {} }', /unknown setting "rule"/, '"rule"'],
    ['an unknown rule', '{ "rules": { "no-such-rule": "off" } }', /unknown rule "no-such-rule"/, '"no-such-rule"'],
    ['a bad severity', '{ "rules": { "generic-user-role": "warn" } }', /severity/, '"warn"'],
    ['expiryWarningDays negative', '{ "expiryWarningDays": -1 }', /whole number/, '-1'],
    ['expiryWarningDays fractional', '{ "expiryWarningDays": 1.5 }', /whole number/, '1.5'],
    ['genericRoles a string', '{ "genericRoles": "ESBMessaging.send" }', /array of strings/],
    ['an empty allowed role', '{ "allowedRoles": [""] }', /non-empty/, '""'],
    ['a brace bomb in certificates', `{ "certificates": ["${'{a,b}'.repeat(12)}"] }`, /alternatives/],
    ['flowRole without {iflow}', '{ "flowRole": "Shared.send" }', /must contain \{iflow\}/, '"Shared.send"'],
    ['mappingFile empty', '{ "mappingFile": " " }', /mappingFile/],
    ['exemptions an object', '{ "exemptions": {} }', /array/],
    ['an exemption without a reason', '{ "exemptions": [{ "rule": "generic-user-role" }] }', /no "reason"/],
    ['an exemption with an empty reason', '{ "exemptions": [{ "rule": "generic-user-role", "reason": "  " }] }', /"reason" must be a non-empty string/, '"  "'],
    ['an exemption without a rule', '{ "exemptions": [{ "reason": "x" }] }', /no "rule"/],
    ['an exemption of an unknown rule', '{ "exemptions": [{ "rule": "nope", "reason": "x" }] }', /unknown rule "nope"/, '"nope"'],
    ['an exemption of a rule about the file', '{ "exemptions": [{ "rule": "unused-exemption", "reason": "x" }] }', /cannot be exempted/],
    ['an exemption with a bad date', '{ "exemptions": [{ "rule": "generic-user-role", "reason": "x", "until": "2027-02-30" }] }', /YYYY-MM-DD/, '"2027-02-30"'],
    ['an exemption with an unknown field', '{ "exemptions": [{ "rule": "generic-user-role", "reason": "x", "flow": "A" }] }', /unknown field "flow"/, '"flow"'],
    ['an exemption that is a string', '{ "exemptions": ["generic-user-role"] }', /must be an object/],
    ['a duplicate key', '{ "expiryWarningDays": 1, "expiryWarningDays": 2 }', /twice/],
  ];
  for (const [name, text, message, at] of invalid) {
    it(`invalid, nothing used: ${name}`, () => {
      const c = readConfigFile(text, '/repo/.iflow-auth.json');
      assert.ok(c.problems.length > 0, 'a problem is reported');
      assert.match(c.problems.map((p) => p.message).join('\n'), message);
      assert.deepStrictEqual(c.values, {}, 'nothing of an invalid file is used');
      assert.deepStrictEqual(c.exemptions, []);
      for (const p of c.problems) assert.ok(p.range.start >= 0 && p.range.end <= text.length && p.range.start <= p.range.end);
      if (at !== undefined) assert.ok(c.problems.some((p) => text.slice(p.range.start, p.range.end) === at), `positioned on ${at}: ${JSON.stringify(c.problems)}`);
    });
  }
});

describe('config: precedence (flags > file > editor settings > defaults)', () => {
  const file = readConfigFile(FULL, '/repo/.iflow-auth.json');

  it('defaults alone come from defaults.ts, relative to the root', () => {
    const s = effectiveSettings({ root: '/ws' });
    assert.deepStrictEqual(s.severities, {});
    assert.strictEqual(s.expiryWarningDays, defaults.DEFAULT_EXPIRY_WARNING_DAYS);
    assert.deepStrictEqual(s.genericRoles, defaults.DEFAULT_GENERIC_ROLES);
    assert.deepStrictEqual(s.allowedRoles, defaults.DEFAULT_ALLOWED_ROLES);
    assert.strictEqual(s.flowRole, defaults.DEFAULT_FLOW_ROLE);
    assert.deepStrictEqual(s.mappingFile, { value: defaults.DEFAULT_MAPPING_FILE, base: '/ws' });
    assert.deepStrictEqual(s.certificates, { value: defaults.DEFAULT_CERTIFICATE_GLOBS, base: '/ws' });
    assert.deepStrictEqual(s.trustedRoots, { value: defaults.DEFAULT_TRUSTED_ROOTS, base: '/ws' });
    assert.deepStrictEqual(s.exemptions, []);
  });

  it('the editor settings beat defaults; the file beats the editor; flags beat the file — field by field', () => {
    const editor = { base: '/ws', values: { expiryWarningDays: 10, genericRoles: ['G.send'], mappingFile: 'm.json', rules: { 'missing-user-role': 'warning' as const, 'generic-user-role': 'off' as const } } };
    const onlyEditor = effectiveSettings({ root: '/ws', editor });
    assert.strictEqual(onlyEditor.expiryWarningDays, 10);
    assert.deepStrictEqual(onlyEditor.mappingFile, { value: 'm.json', base: '/ws' });

    const withFile = effectiveSettings({ root: '/ws', editor, configFile: file });
    assert.strictEqual(withFile.expiryWarningDays, 45, 'the file wins');
    assert.deepStrictEqual(withFile.genericRoles, ['ESBMessaging.send', 'Shared.send']);
    assert.deepStrictEqual(withFile.mappingFile, { value: 'security/certificate-user-mappings.json', base: '/repo' }, 'relative to the file');
    assert.deepStrictEqual(withFile.certificates.base, '/repo');
    assert.deepStrictEqual(withFile.severities, { 'missing-user-role': 'warning', 'generic-user-role': 'warning', 'csrf-protection-disabled': 'off' }, 'rules merge rule by rule');
    assert.strictEqual(withFile.exemptions.length, 3);
    assert.strictEqual(withFile.configFile, file);

    const flags = { base: '/cwd', values: { expiryWarningDays: 7, mappingFile: 'other.json', rules: { 'generic-user-role': 'error' as const } } };
    const all = effectiveSettings({ root: '/ws', editor, configFile: file, flags });
    assert.strictEqual(all.expiryWarningDays, 7);
    assert.deepStrictEqual(all.mappingFile, { value: 'other.json', base: '/cwd' });
    assert.strictEqual(all.severities['generic-user-role'], 'error');
    assert.strictEqual(all.severities['csrf-protection-disabled'], 'off', 'the file still speaks where flags do not');
    assert.strictEqual(all.flowRole, '{iflow}.call');
  });

  it('an invalid file contributes nothing (the editor settings and defaults apply), but is still reported as the file', () => {
    const bad = readConfigFile('{ "expiryWarningDays": 45, "rule": {} }', '/repo/.iflow-auth.json');
    const s = effectiveSettings({ root: '/ws', configFile: bad, editor: { base: '/ws', values: { expiryWarningDays: 12 } } });
    assert.strictEqual(s.expiryWarningDays, 12);
    assert.deepStrictEqual(s.exemptions, []);
    assert.strictEqual(s.configFile, bad);
    assert.strictEqual(s.mappingFile.base, '/repo', 'default file locations start next to the configuration file');
  });

  it('lintOptionsOf carries what the rules read', () => {
    const s = effectiveSettings({ root: '/ws', configFile: file });
    const now = new Date('2026-01-01T00:00:00Z');
    assert.deepStrictEqual(lintOptionsOf(s, now), { now, expiryWarningDays: 45, severities: s.severities, genericRoles: s.genericRoles, allowedRoles: ['*.send', '!ESBMessaging.send'] });
  });
});
