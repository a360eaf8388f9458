import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'jsonc-parser';
import { CONFIG_FIELDS, CONFIG_FILE_RULES, EXEMPTION_FIELDS, readConfigFile, SEVERITY_SETTINGS } from '../../../src/core/config/read';
import * as defaults from '../../../src/core/defaults';
import { rules } from '../../../src/core/rules/registry';

const REPO = path.join(__dirname, '../../../..');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas/iflow-auth.schema.json'), 'utf8'));
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

function validator(): ((data: unknown) => boolean) & { errors?: unknown } {
   
  const Ajv = require('ajv');
  const ajv = new Ajv({ strict: false, allErrors: true });
  require('ajv-formats')(ajv);
  return ajv.compile(SCHEMA);
}

const exemption = (over: Record<string, unknown> = {}) => ({ rule: 'client-certificate-authorization', reason: 'Partner gateway until Q2 (OPS-1234)', ...over });

/** Configuration files the schema and the core must judge alike: [name, file, valid?]. */
const CASES: Array<[string, unknown, boolean]> = [
  ['empty', {}, true],
  ['every field', {
    $schema: './schemas/iflow-auth.schema.json', rules: { 'generic-user-role': 'warning', 'csrf-protection-disabled': 'off' }, expiryWarningDays: 45,
    genericRoles: ['ESBMessaging.send'], allowedRoles: ['*.send', '!ESBMessaging.send'], flowRole: '{iflow}.send', mappingFile: 'security/m.json',
    certificates: ['security/**/*.{cer,pem}'], trustedRoots: ['btp', 'roots/'],
    exemptions: [exemption({ iflow: 'Orders', channel: 'HTTPS', user: 'ACME', file: 'flows/**', until: '2027-03-31' })],
  }, true],
  ['expiryWarningDays 0', { expiryWarningDays: 0 }, true],
  ['empty lists', { genericRoles: [], allowedRoles: [], certificates: [], trustedRoots: [], exemptions: [] }, true],
  ['an unknown field', { rule: {} }, false],
  ['rules not an object', { rules: [] }, false],
  ['an unknown rule id', { rules: { 'generic-role': 'off' } }, false],
  ['a severity that is not one of the four', { rules: { 'generic-user-role': 'warn' } }, false],
  ['expiryWarningDays negative', { expiryWarningDays: -1 }, false],
  ['expiryWarningDays fractional', { expiryWarningDays: 2.5 }, false],
  ['expiryWarningDays a string', { expiryWarningDays: '30' }, false],
  ['expiryWarningDays beyond a century', { expiryWarningDays: 40000 }, false],
  ['genericRoles a string', { genericRoles: 'ESBMessaging.send' }, false],
  ['genericRoles with an empty role', { genericRoles: [' '] }, false],
  ['allowedRoles with a number', { allowedRoles: [1] }, false],
  ['a pattern over 1,000 characters', { certificates: ['a'.repeat(1001)] }, false],
  ['flowRole without {iflow}', { flowRole: 'Shared.send' }, false],
  ['flowRole a number', { flowRole: 1 }, false],
  ['mappingFile empty', { mappingFile: '' }, false],
  ['mappingFile in a subfolder', { mappingFile: 'security/certificate-user-mappings.json' }, true],
  ['mappingFile named with dots', { mappingFile: '..mappings.json' }, true],
  ['mappingFile above the folder', { mappingFile: '../m.json' }, false],
  ['mappingFile climbing out on the way', { mappingFile: 'security/../../m.json' }, false],
  ['mappingFile absolute', { mappingFile: '/etc/m.json' }, false],
  ['mappingFile on a drive', { mappingFile: 'C:\\m.json' }, false],
  ['mappingFile a URI', { mappingFile: 'file:///m.json' }, false],
  ['trustedRoots an object', { trustedRoots: {} }, false],
  ['exemptions an object', { exemptions: {} }, false],
  ['an exemption without a reason', { exemptions: [{ rule: 'generic-user-role' }] }, false],
  ['an exemption with a blank reason', { exemptions: [exemption({ reason: ' \t' })] }, false],
  ['an exemption without a rule', { exemptions: [{ reason: 'x' }] }, false],
  ['an exemption of an unknown rule', { exemptions: [exemption({ rule: 'nope' })] }, false],
  ['an exemption of unused-exemption', { exemptions: [exemption({ rule: 'unused-exemption' })] }, false],
  ['an exemption with an unknown field', { exemptions: [exemption({ flow: 'x' })] }, false],
  ['an exemption with an empty iflow', { exemptions: [exemption({ iflow: '' })] }, false],
  ['an exemption with a channel number', { exemptions: [exemption({ channel: 7 })] }, false],
  ['until not a date', { exemptions: [exemption({ until: 'next year' })] }, false],
  ['until not a day of the calendar', { exemptions: [exemption({ until: '2027-02-30' })] }, false],
  ['until with a time', { exemptions: [exemption({ until: '2027-02-01T00:00:00Z' })] }, false],
  ['an exemption that is a string', { exemptions: ['generic-user-role'] }, false],
];

describe('config: the JSON schema, the core, package.json and the rule registry agree', () => {
  const validate = validator();

  for (const [name, data, valid] of CASES) {
    it(`${valid ? 'accept' : 'reject'}: ${name}`, () => {
      assert.strictEqual(validate(data), valid, `schema: ${JSON.stringify(validate.errors)}`);
      const read = readConfigFile(JSON.stringify(data, null, 2), '.iflow-auth.json');
      assert.strictEqual(read.problems.length === 0, valid, `core: ${read.problems.map((p) => p.message).join('; ')}`);
    });
  }

  it('the configuration examples in the rule pages are valid for both', () => {
    const docs = fs.readdirSync(path.join(REPO, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(REPO, 'docs/rules', f), 'utf8'));
    const blocks = docs.flatMap((d) => [...d.matchAll(/```jsonc\n([\s\S]*?)```/g)].map((m) => m[1]));
    const valid = blocks.filter((b) => !b.includes('"warn"'));
    assert.ok(valid.length >= 3, 'the pages show configuration files');
    for (const text of valid) {
      assert.deepStrictEqual(readConfigFile(text, '.iflow-auth.json').problems, [], text);
      assert.ok(validate(parse(text, [], { allowTrailingComma: true })), JSON.stringify(validate.errors));
    }
  });

  it('the schema lists exactly the fields the core reads, and the rules of the registry', () => {
    assert.deepStrictEqual(Object.keys(SCHEMA.properties).filter((k) => k !== '$schema'), [...CONFIG_FIELDS]);
    assert.deepStrictEqual(Object.keys(SCHEMA.definitions.exemption.properties), [...EXEMPTION_FIELDS]);
    const hint = 'run `node scripts/config-schema-rules.mjs` after adding a rule';
    assert.deepStrictEqual(Object.keys(SCHEMA.properties.rules.properties), rules.map((r) => r.id), hint);
    for (const r of rules) assert.deepStrictEqual(SCHEMA.properties.rules.properties[r.id].enum, [...SEVERITY_SETTINGS], r.id);
    assert.deepStrictEqual(SCHEMA.definitions.exemption.properties.rule.enum, rules.map((r) => r.id).filter((id) => !CONFIG_FILE_RULES.includes(id)), hint);
  });

  it("package.json's iflowAuth.rules setting lists every rule of the registry, each with the four severities", () => {
    const setting = PACKAGE.contributes.configuration.properties['iflowAuth.rules'];
    assert.deepStrictEqual(Object.keys(setting.properties).sort(), rules.map((r) => r.id).sort());
    for (const r of rules) assert.deepStrictEqual(setting.properties[r.id].enum, [...SEVERITY_SETTINGS], r.id);
    assert.strictEqual(setting.additionalProperties, false);
  });

  it("package.json's settings default to defaults.ts's values, each defined once", () => {
    const settings = PACKAGE.contributes.configuration.properties;
    const expected: Record<string, unknown> = {
      'iflowAuth.expiryWarningDays': defaults.DEFAULT_EXPIRY_WARNING_DAYS,
      'iflowAuth.genericRoles': defaults.DEFAULT_GENERIC_ROLES,
      'iflowAuth.allowedRoles': defaults.DEFAULT_ALLOWED_ROLES,
      'iflowAuth.mappingFile': defaults.DEFAULT_MAPPING_FILE,
      'iflowAuth.certificateGlobs': defaults.DEFAULT_CERTIFICATE_GLOBS,
      'iflowAuth.flowRole': defaults.DEFAULT_FLOW_ROLE,
      'iflowAuth.trustedRoots': defaults.DEFAULT_TRUSTED_ROOTS,
      'iflowAuth.certificatesFolder': defaults.DEFAULT_CERTIFICATES_FOLDER,
      'iflowAuth.rules': {},
    };
    for (const [key, value] of Object.entries(expected)) assert.deepStrictEqual(settings[key]?.default, value, key);
    // A setting added later gets its default from defaults.ts too, and a line here.
    const withDefault = Object.keys(settings).filter((k) => k.startsWith('iflowAuth.') && settings[k].default !== undefined);
    assert.deepStrictEqual(withDefault.filter((k) => !(k in expected)), []);
  });

  it('the schema is contributed for .iflow-auth.json, which opens as JSON with comments', () => {
    assert.ok(PACKAGE.contributes.jsonValidation.some((j: { fileMatch: string; url: string }) => j.fileMatch === '.iflow-auth.json' && j.url === './schemas/iflow-auth.schema.json'));
    assert.ok(PACKAGE.contributes.languages.some((l: { id: string; filenames?: string[] }) => l.id === 'jsonc' && l.filenames?.includes('.iflow-auth.json')));
  });

  it('every rule has a documentation page and a row in both rules tables', () => {
    const table = fs.readFileSync(path.join(REPO, 'docs/rules/README.md'), 'utf8');
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    for (const r of rules) {
      assert.ok(fs.existsSync(path.join(REPO, 'docs/rules', `${r.id}.md`)), `docs/rules/${r.id}.md`);
      assert.ok(table.includes(`${r.id}.md`), `docs/rules/README.md links ${r.id}`);
      assert.ok(readme.includes(`\`${r.id}\``), `README names ${r.id}`);
    }
  });
});
