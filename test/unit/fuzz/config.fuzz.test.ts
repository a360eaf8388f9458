/**
 * Property-based fuzzing of the configuration file `.iflow-auth.json`: mutated files never make
 * the reader, the config rules, the precedence merge, the exemptions or the exemption writer
 * throw or loop (each case's work is counted and bounded by the file's size, not timed: see
 * test/unit/support/work.ts); an invalid file contributes nothing; the writer either refuses (an invalid file)
 * or only inserts, leaving a valid file with one more exemption. And for arbitrary
 * configuration objects, the JSON schema and the core's validation agree.
 *
 * Re-run a failure with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>); FUZZ_SCALE multiplies the runs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { addExemption } from '../../../src/core/config/edit';
import { effectiveSettings } from '../../../src/core/config/effective';
import { applyExemptions } from '../../../src/core/config/exemptions';
import { readConfigFile } from '../../../src/core/config/read';
import { applyFileEdit } from '../../../src/core/edits/types';
import { createRuleContext, defaultLintOptions, lintConfig } from '../../../src/core/engine';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { rules } from '../../../src/core/rules/registry';
import type { Finding } from '../../../src/core/rules/types';
import { assertWorkPerChar } from '../support/work';
import { applyMutations, textMutations } from './corpus';

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
const runs = (n: number): number => Math.max(1, Math.round(n * SCALE));
const params = (): Partial<fc.Parameters<unknown>> => ({
  endOnFailure: !process.env.FUZZ_SHRINK,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
  ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}),
});

const REPO = path.join(__dirname, '../../../..');
const NOW = new Date('2026-11-27T00:00:00Z');
const FILE = '/repo/.iflow-auth.json';

/** Seeds: every configuration example of the rule pages, and a file using every field. */
function seeds(): string[] {
  const docs = fs.readdirSync(path.join(REPO, 'docs/rules')).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(REPO, 'docs/rules', f), 'utf8'));
  const blocks = docs.flatMap((d) => [...d.matchAll(/```jsonc\n([\s\S]*?)```/g)].map((m) => m[1]));
  const full = `// every field
{
  "rules": { "generic-user-role": "warning", "csrf-protection-disabled": "off" }, // severities
  "expiryWarningDays": 45,
  "genericRoles": ["ESBMessaging.send"],
  "allowedRoles": ["*.send", "!ESBMessaging.send"],
  "flowRole": "{iflow}.send",
  "mappingFile": "security/certificate-user-mappings.json",
  "certificates": ["security/**/*.{cer,crt,pem,der,p7b,p7c}"],
  "trustedRoots": ["btp"],
  "exemptions": [
    /* one per accepted finding */
    { "rule": "client-certificate-authorization", "iflow": "Orders_Inbound", "channel": "HTTPS_Orders", "reason": "until Q2", "until": "2027-03-31" },
    { "rule": "generic-user-role", "file": "legacy/**", "reason": "retired in June" },
  ],
}
`;
  return [full, ...blocks.filter((b) => readConfigFile(b, FILE).problems.length === 0)];
}

const FINDINGS: Finding[] = [
  { rule: 'client-certificate-authorization', severity: 'warning', message: 'm', file: '/repo/Orders/x.iflw', range: { start: 0, end: 1 }, iflow: 'Orders Inbound', iflowId: 'Orders_Inbound', channel: 'HTTPS_Orders' },
  { rule: 'generic-user-role', severity: 'info', message: 'm', file: '/repo/legacy/y.iflw', range: { start: 0, end: 1 }, iflow: 'Y', iflowId: 'Y', channel: 'C' },
  { rule: 'certificate-expiring', severity: 'warning', message: 'm', file: '/repo/m.json', range: { start: 0, end: 1 }, user: 'ACME' },
];

function inRange(r: { start: number; end: number }, length: number, what: string): void {
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= length, `${what}: ${JSON.stringify(r)} in 0..${length}`);
}

/** Everything the tools do with one configuration text; asserts the invariants and that the work is bounded by the text's size. */
function checkConfigText(text: string): void {
  assertWorkPerChar('one case', text.length, () => checkConfigTextOnce(text));
}

function checkConfigTextOnce(text: string): void {
  const config = readConfigFile(text, FILE);
  for (const p of config.problems) inRange(p.range, text.length, p.message);
  if (config.problems.length > 0) {
    assert.deepStrictEqual(config.values, {}, 'an invalid file contributes no settings');
    assert.deepStrictEqual(config.exemptions, [], 'nor exemptions');
  }
  for (const e of config.exemptions) {
    inRange(e.range, text.length, `exemption ${e.index}`);
    assert.ok(e.reason.trim() !== '', 'every exemption has a reason');
  }
  const settings = effectiveSettings({ root: '/repo', configFile: config });
  const ctx = createRuleContext({ ...defaultLintOptions(NOW), severities: settings.severities }, new CertificateIndex());
  const outcome = applyExemptions(FINDINGS, config, NOW, { complete: true, linted: [] });
  const findings = lintConfig(config, { ...ctx, exemptions: outcome });
  for (const f of findings) {
    assert.ok(!/^internal error in rule/.test(f.message), `${f.rule}: ${f.message}`);
    inRange(f.range, text.length, f.rule);
  }
  const written = addExemption(FILE, text, { rule: 'generic-user-role', iflow: 'Fuzz', reason: 'fuzzed' });
  if ('refused' in written) {
    assert.ok(config.problems.length > 0 && text.trim() !== '', `refused a valid file: ${written.refused}`);
  } else {
    const after = applyFileEdit(written.edit);
    const reread = readConfigFile(after, FILE);
    assert.deepStrictEqual(reread.problems, [], `the written file is valid:\n${after}`);
    if (text.trim() !== '') {
      assert.strictEqual(reread.exemptions.length, config.exemptions.length + 1, 'one exemption more');
      for (const e of written.edit.edits) assert.ok(e.start === e.end || /^\s*$/.test(text.slice(e.start, e.end)), 'only insertions (or blanks replaced)');
    }
  }
}

function validator(): ((data: unknown) => boolean) & { errors?: unknown } {
   
  const Ajv = require('ajv');
  const ajv = new Ajv({ strict: false, allErrors: true });
  require('ajv-formats')(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, 'schemas/iflow-auth.schema.json'), 'utf8')));
}

describe('fuzz: the configuration file', function () {
  this.timeout(240_000);
  const texts = seeds();

  it('the seeds are valid before mutation', () => {
    assert.ok(texts.length >= 4);
    for (const t of texts) assert.deepStrictEqual(readConfigFile(t, FILE).problems, [], t);
    for (const t of texts) checkConfigText(t);
  });

  it(`mutated configuration files (${runs(1500)} cases)`, () => {
    fc.assert(fc.property(fc.nat(), textMutations, (pick, muts) => checkConfigText(applyMutations(texts[pick % texts.length], muts).text)), { numRuns: runs(1500), ...params() });
  });

  const ruleIds = rules.map((r) => r.id);
  const anything = fc.jsonValue({ maxDepth: 2 });
  /** Mostly well-formed values (so both sides often accept), sometimes anything at all. */
  const mostly = <T>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: odd, weight: 1 }, { arbitrary: anything, weight: 1 });
  const role = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.*]{0,12}$/);
  const plausible = {
    rules: mostly(fc.dictionary(fc.constantFrom(...ruleIds), fc.constantFrom('off', 'info', 'warning', 'error'), { maxKeys: 3 }), fc.dictionary(fc.string(), fc.string())),
    expiryWarningDays: mostly(fc.integer({ min: 0, max: 400 }), fc.oneof(fc.integer({ min: -5, max: 40000 }), fc.double())),
    genericRoles: mostly(fc.array(role, { maxLength: 3 }), fc.array(fc.oneof(fc.string(), fc.constant(' ')))),
    allowedRoles: mostly(fc.array(role, { maxLength: 3 }), fc.array(fc.string({ maxLength: 20 }))),
    flowRole: mostly(fc.constantFrom('{iflow}.send', 'Team.{iflow}'), fc.oneof(fc.constantFrom('X.send', ''), fc.string())),
    mappingFile: mostly(fc.constantFrom('m.json', 'security/m.json', '..m.json'), fc.oneof(fc.constantFrom('../m.json', '/m.json', 'a/../m.json', 'C:\\m.json', 'file:///m', ' '), fc.string())),
    certificates: mostly(fc.array(fc.constantFrom('**/*.pem', 'certs/*.{cer,crt}', '!old/**'), { maxLength: 3 }), fc.array(fc.string({ maxLength: 30 }))),
    trustedRoots: mostly(fc.array(fc.constantFrom('btp', 'neo', 'roots/'), { maxLength: 2 }), fc.array(fc.string({ maxLength: 10 }))),
    exemptions: mostly(fc.array(fc.record({
      rule: mostly(fc.constantFrom('generic-user-role', 'client-certificate-authorization'), fc.oneof(fc.constantFrom(...ruleIds), fc.string())),
      reason: mostly(fc.constantFrom('accepted until Q2', 'partner gateway'), fc.oneof(fc.string(), fc.constant('  '))),
      iflow: mostly(role, fc.string()),
      channel: mostly(role, fc.string()),
      user: mostly(role, fc.string()),
      file: mostly(fc.constantFrom('legacy/**', 'a/*.iflw'), fc.string({ maxLength: 30 })),
      until: mostly(fc.constantFrom('2027-03-31', '2026-01-01'), fc.oneof(fc.constantFrom('2027-02-30', '2027-1-1'), fc.string())),
    }, { requiredKeys: [] }), { maxLength: 3 }), fc.array(anything)),
  };

  it(`the JSON schema and the core agree on arbitrary configuration objects (${runs(1500)} cases)`, () => {
    const validate = validator();
    let valid = 0;
    fc.assert(fc.property(fc.record(plausible, { requiredKeys: [] }), fc.option(fc.constantFrom('unknown', 'rule', '$schema'), { freq: 4 }), anything, (data, extraKey, extra) => {
      if (extraKey !== null) (data as Record<string, unknown>)[extraKey] = extra;
      const schema = validate(data);
      if (schema) valid++;
      const core = readConfigFile(JSON.stringify(data), FILE).problems;
      assert.strictEqual(core.length === 0, schema, `schema ${schema} (${JSON.stringify(validate.errors)}), core: ${core.map((p) => p.message).join('; ')}\n${JSON.stringify(data)}`);
    }), { numRuns: runs(1500), ...params() });
    assert.ok(valid > 20 * SCALE, `both sides accepted ${valid} cases: the generator must reach valid files too`);
  });
});
