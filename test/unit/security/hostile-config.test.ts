/**
 * Hostile configuration files (`.iflow-auth.json` comes with the repository, like the iFlows):
 * deep nesting, huge files, glob patterns built to make regex-based matchers backtrack for ever,
 * brace expansions that multiply, prototype keys, a mapping file pointed outside the repository.
 * Required: a clear problem at a position, work bounded by the input (counted, not timed:
 * test/unit/support/work.ts; how fast is for the bench), nothing of an invalid file used.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import { addExemption } from '../../../src/core/config/edit';
import { effectiveSettings } from '../../../src/core/config/effective';
import { applyExemptions } from '../../../src/core/config/exemptions';
import { readConfigFile } from '../../../src/core/config/read';
import { nameMatcher, pathMatcher } from '../../../src/core/glob';
import { readMappingFile } from '../../../src/core/mapping/read';
import type { Finding } from '../../../src/core/rules/types';
import { lint, rulesOf, userRole } from '../support/iflowBuilder';
import { assertLinearWork, assertWorkPerChar, assertWorkWithin } from '../support/work';

/** Runs `fn` over an input of `size` characters; asserts its work is bounded by that size. */
const bounded = <T>(size: number, fn: () => T): T => assertWorkPerChar('hostile configuration', size, fn).result;

const FILE = '/repo/.iflow-auth.json';

describe('security: hostile configuration files', function () {
  this.timeout(60_000);

  it('100,000 nested arrays or objects: a problem at the first level too deep, no stack overflow (also the mapping file)', () => {
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), `{"rules":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_001)}`]) {
      const c = bounded(text.length, () => readConfigFile(text, FILE));
      assert.strictEqual(c.problems.length, 1);
      assert.match(c.problems[0].message, /nested more than 32 levels/);
      assert.ok(c.problems[0].range.start < 200);
      const m = bounded(text.length, () => readMappingFile(text, 'certificate-user-mappings.json'));
      assert.match(m.error!.message, /nested more than 32 levels/);
      assert.deepStrictEqual(m.entries, []);
    }
  });

  it('a 20 MB file is refused at once with its size, unread; 10,000 exemptions are read and written with bounded work', () => {
    const one = '{ "rule": "generic-user-role", "iflow": "F", "reason": "r" }';
    const huge = `{ "exemptions": [${Array(350_000).fill(one).join(',\n')}] }`;
    const { result: c } = assertWorkWithin('a 20 MB file', 1000, () => readConfigFile(huge, FILE));
    assert.match(c.problems[0].message, /has 2\d,\d{3},\d{3} characters; a configuration file has at most 1,000,000/);
    assert.ok('refused' in addExemption(FILE, huge, { rule: 'missing-user-role', reason: 'r' }));
    const many = `{ "exemptions": [${Array(10_000).fill(one).join(',\n')}] }`;
    assert.strictEqual(bounded(many.length, () => readConfigFile(many, FILE)).exemptions.length, 10_000);
    assert.ok('edit' in bounded(many.length, () => addExemption(FILE, many, { rule: 'missing-user-role', reason: 'r' })));
  });

  const redos = '*a'.repeat(40) + 'b';
  it(`glob patterns that backtrack exponentially in regex matchers (${redos.slice(0, 12)}…b) match with linear work`, () => {
    const role = 'a'.repeat(5000);
    const names = nameMatcher([redos]);
    const paths = pathMatcher([redos, `**/${redos}`]);
    assertLinearWork('a role name', (n) => 'a'.repeat(n), names, 1000);
    assertLinearWork('a path', (n) => `x/${'a'.repeat(n)}/${'a'.repeat(n)}`, paths, 250);
    assert.strictEqual(names(role), false);
    assert.strictEqual(paths(`x/${'a'.repeat(250)}/${'a'.repeat(250)}`), false);
    const { findings } = bounded(role.length, () => lint([{ props: userRole(role) }], { options: { allowedRoles: [redos] } }));
    assert.ok(rulesOf(findings).includes('role-not-allowed'));
    const config = readConfigFile(JSON.stringify({ exemptions: [{ rule: 'generic-user-role', file: redos, reason: 'r' }] }), FILE);
    assert.deepStrictEqual(config.problems, []);
    const f: Finding = { rule: 'generic-user-role', severity: 'info', message: 'm', file: `/repo/${'a'.repeat(250)}/${'a'.repeat(250)}.iflw`, range: { start: 0, end: 1 } };
    const out = bounded(f.file.length, () => applyExemptions([f], config, new Date(), { complete: true, linted: [] }));
    assert.strictEqual(out.findings[0].suppressed, undefined);
  });

  it('brace expansions that multiply into millions of patterns are refused with the position', () => {
    const bomb = '{a,b,c,d}'.repeat(12);
    const text = JSON.stringify({ certificates: [bomb], allowedRoles: [bomb], exemptions: [{ rule: 'generic-user-role', file: bomb, reason: 'r' }] });
    const c = bounded(text.length, () => readConfigFile(text, FILE));
    assert.strictEqual(c.problems.length, 3);
    for (const p of c.problems) {
      assert.match(p.message, /more than 256 patterns/);
      assert.ok(text.slice(p.range.start, p.range.end).includes(bomb));
    }
    assert.strictEqual(bounded(bomb.length, () => pathMatcher([bomb])('aaaa')), false, 'a matcher given one anyway skips it');
  });

  it('prototype keys change nothing: no pollution, reported as unknown', () => {
    const text = '{ "__proto__": { "polluted": true }, "rules": { "__proto__": "off", "constructor": "off" }, "exemptions": [{ "rule": "generic-user-role", "reason": "r", "__proto__": { "x": 1 } }] }';
    const c = readConfigFile(text, FILE);
    assert.ok(c.problems.length >= 3);
    assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    assert.strictEqual(Object.getPrototypeOf(effectiveSettings({ root: '/repo', configFile: c }).severities), Object.prototype);
  });

  it('a mapping file outside the repository (which fixes would write to) is refused', () => {
    for (const p of ['../../home/user/.bashrc', '/etc/cron.d/x', 'C:\\Windows\\x.json', 'a/../../x.json', 'file:///etc/x']) {
      const c = readConfigFile(JSON.stringify({ mappingFile: p }), FILE);
      assert.match(c.problems.map((x) => x.message).join(), /inside this file's folder/, p);
      assert.strictEqual(effectiveSettings({ root: '/repo', configFile: c }).mappingFile.value, 'certificate-user-mappings.json', `${p}: the default applies`);
    }
  });

  it('reasons and names with markup, control characters and 100 kB of text are kept as data (the writer escapes them)', () => {
    const reason = `<img src=x onerror=alert(1)> [link](http://evil) \u0000\u202e ${'x'.repeat(100_000)}`;
    const w = addExemption(FILE, '{}', { rule: 'generic-user-role', iflow: '"},{"rule":"x', reason });
    assert.ok('edit' in w);
    const after = readConfigFile(w.edit.edits.reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), '{}'), FILE);
    assert.deepStrictEqual(after.problems, []);
    assert.strictEqual(after.exemptions.length, 1, 'a quote in a value cannot inject a second exemption');
    assert.strictEqual(after.exemptions[0].reason, reason);
    assert.strictEqual(after.exemptions[0].iflow, '"},{"rule":"x');
  });

  it('--config naming a folder, a device or binary bytes: a message, exit 2 or an invalid-config-file error, never a hang', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iflow-auth-hostile-config-'));
    fs.writeFileSync(path.join(dir, 'bytes.json'), Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    const run = async (config: string): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const code = await runCli(['lint', '--format', 'compact', '--config', config, '.'], { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, isTTY: false, cwd: dir, env: {} });
      return { code, out, err };
    };
    const folder = await run('.');
    assert.strictEqual(folder.code, 2);
    assert.match(folder.err, /cannot read the configuration file: it is a folder/);
    // A device is not read at all (/dev/zero would never end).
    const device = await run('/dev/zero');
    assert.strictEqual(device.code, 2);
    assert.match(device.err, /dev\/zero: cannot read the configuration file/);
    const bytes = await run('bytes.json');
    assert.match(bytes.out, /^bytes\.json:\d+:\d+ error +invalid-config-file /m);
  });
});
