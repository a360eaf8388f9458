import * as assert from 'assert';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { rules } from '../../../src/core/rules/registry';

const problem = (argv: string[]): string => {
  try {
    parseArgs(argv);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return e.message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('cli: arguments', () => {
  it('reads commands, repeatable options, --opt=value and --', () => {
    const a = parseArgs(['lint', '--format=json', '--certificates', 'a', '--certificates=b', '--rule', 'generic-user-role=off', '--no-color', 'x', '--', '-y'], () => new Date(0));
    assert.strictEqual(a.command, 'lint');
    assert.strictEqual(a.format, 'json');
    assert.deepStrictEqual(a.certificates, ['a', 'b']);
    assert.deepStrictEqual(a.severities, { 'generic-user-role': 'off' });
    assert.strictEqual(a.color, false);
    assert.deepStrictEqual(a.paths, ['x', '-y']);
    assert.strictEqual(parseArgs(['-h']).command, 'help');
    assert.strictEqual(parseArgs(['channels', '-v']).command, 'version');
    assert.deepStrictEqual(parseArgs(['./examples']).paths, ['./examples'], 'a path alone lints it');
  });

  it('each mistake is one line that names it', () => {
    const cases: Array<[string[], RegExp]> = [
      [['lint', '--format', 'xml'], /^--format must be text, compact, json or sarif, not "xml"$/],
      [['lint', '--bogus'], /^unknown option --bogus$/],
      [['lint', '-x'], /^unknown option -x$/],
      [['lint', '--mapping'], /^--mapping needs a value$/],
      [['lint', '--mapping', '--now', '2026-01-01'], /^--mapping needs a value \(one that starts with a dash goes as --mapping=--now\)$/],
      [['fix', '--dry-run=yes'], /^--dry-run takes no value$/],
      [['lint', '--dry-run'], /^--dry-run is an option of the fix command$/],
      [['channels', '--neo', 'out'], /^--neo is an option of the export command$/],
      [['frobnicate'], /^unknown command "frobnicate" \(the commands: lint, channels, fix, export, logs; a folder of that name: iflow-auth lint frobnicate\)$/],
      [['lint', '--now', 'yesterday'], /^--now must be an ISO-8601 date/],
      [['lint', '--expiry-days', '-3'], /^--expiry-days needs a value \(one that starts with a dash goes as --expiry-days=-3\)$/],
      [['lint', '--expiry-days=-3'], /^--expiry-days must be a whole number of days, not "-3"$/],
      [['lint', '--rule', 'missing-user-role=loud'], /severity must be off, info, warning or error, not "loud"$/],
    ];
    for (const [argv, expected] of cases) {
      const message = problem(argv);
      assert.match(message, expected, argv.join(' '));
      assert.ok(!message.includes('\n'), `${argv.join(' ')}: one line`);
    }
  });

  it('an unknown rule id lists the valid ones', () => {
    for (const argv of [['lint', '--rule', 'generic-user-roles=off'], ['fix', '--rule', 'generic-user-roles']]) {
      const message = problem(argv);
      assert.match(message, /^unknown rule "generic-user-roles" in --rule \(did you mean generic-user-role\?\); the rules are: /);
      for (const r of rules) assert.ok(message.includes(r.id), r.id);
    }
    assert.match(problem(['lint', '--rule', 'generic-role=off']), /\(did you mean generic-user-role\?\)/);
    assert.match(problem(['lint', '--rule', 'certificate-expire=off']), /\(did you mean certificate-expired\?\)/);
    assert.match(problem(['lint', '--rule', 'xyz=off']), /^unknown rule "xyz" in --rule; the rules are: /, 'nothing alike: no guess');
  });

  it('--format: what the command writes; none for fix and export', () => {
    assert.strictEqual(parseArgs(['channels', '--format', 'json', '.']).format, 'json');
    assert.match(problem(['channels', '--format', 'compact', '.']), /^--format of channels must be text or json, not "compact"$/);
    assert.match(problem(['fix', '--format', 'json', '.']), /^--format is not an option of the fix command$/);
  });

  it('no paths: none assumed, except export (the mapping file of the current folder)', () => {
    assert.deepStrictEqual(parseArgs(['lint']).paths, []);
    assert.deepStrictEqual(parseArgs(['export', '--neo', 'out']).paths, ['.']);
  });
});
