import * as assert from 'assert';
import { lint, rulesOf, slice, userRole } from '../support/iflowBuilder';

describe('rules from the configuration', () => {
  describe('role-not-allowed', () => {
    const run = (role: string, allowedRoles?: string[]) => lint([{ name: 'HTTPS_In', props: userRole(role) }], { options: { allowedRoles } });

    it('is idle without allowedRoles', () => {
      assert.ok(!rulesOf(run('Anything').findings).includes('role-not-allowed'));
      assert.ok(!rulesOf(run('Anything', []).findings).includes('role-not-allowed'));
    });
    it('fires on the role value when no pattern matches, naming the patterns', () => {
      const { doc, findings } = run('Orders.write', ['*.send', 'Partner_*']);
      const f = findings.find((x) => x.rule === 'role-not-allowed')!;
      assert.strictEqual(f.severity, 'warning');
      assert.strictEqual(slice(doc, f), 'Orders.write');
      assert.match(f.message, /"HTTPS_In".*"Orders.write".*"\*\.send", "Partner_\*"/);
      assert.strictEqual(f.channel, 'HTTPS_In');
    });
    it('is quiet when a pattern matches; roles compare case-sensitively', () => {
      assert.ok(!rulesOf(run('Orders.send', ['*.send']).findings).includes('role-not-allowed'));
      assert.ok(rulesOf(run('Orders.SEND', ['*.send']).findings).includes('role-not-allowed'));
    });
    it('!patterns disallow (CPILint\'s disallowed roles)', () => {
      assert.ok(rulesOf(run('ESBMessaging.send', ['*.send', '!ESBMessaging.send']).findings).includes('role-not-allowed'));
      assert.ok(rulesOf(run('ESBMessaging.send', ['!ESBMessaging.send']).findings).includes('role-not-allowed'));
      assert.ok(!rulesOf(run('Orders.send', ['!ESBMessaging.send']).findings).includes('role-not-allowed'));
    });
    it('leaves an empty role to missing-user-role and an unresolved parameter to unresolved-parameter', () => {
      assert.deepStrictEqual(rulesOf(run('', ['*.send']).findings), ['missing-user-role']);
      assert.ok(!rulesOf(run('{{role}}', ['*.send']).findings).includes('role-not-allowed'));
    });
    it('resolves the role through parameters.prop', () => {
      const r = lint([{ props: userRole('{{role}}') }], { parameters: 'role=Other.read\n', options: { allowedRoles: ['*.send'] } });
      assert.ok(rulesOf(r.findings).includes('role-not-allowed'));
    });
  });

  describe('csrf-protection-disabled', () => {
    const https = (value: string, adapter = 'HTTPS') => [{ name: 'HTTPS_In', adapter, props: [...userRole('Orders.send'), ['xsrfProtection', value]] as Array<[string, string]> }];

    it('fires (info) on xsrfProtection = 0 of an HTTPS sender', () => {
      const { doc, findings } = lint(https('0'));
      const f = findings.find((x) => x.rule === 'csrf-protection-disabled')!;
      assert.strictEqual(f.severity, 'info');
      assert.strictEqual(slice(doc, f), '0');
      assert.match(f.message, /"HTTPS_In" does not require a CSRF token/);
    });
    it('is quiet for 1, for a missing key, and for other adapters', () => {
      assert.ok(!rulesOf(lint(https('1')).findings).includes('csrf-protection-disabled'));
      assert.ok(!rulesOf(lint([{ props: userRole('Orders.send') }]).findings).includes('csrf-protection-disabled'));
      assert.ok(!rulesOf(lint(https('0', 'SOAP')).findings).includes('csrf-protection-disabled'));
    });
    it('follows a parameter, and says so; an unresolved one is not judged', () => {
      const r = lint(https('{{csrfProtected}}'), { parameters: 'csrfProtected=0\n' });
      const f = r.findings.find((x) => x.rule === 'csrf-protection-disabled')!;
      assert.match(f.message, /through the parameter \{\{csrfProtected\}\}/);
      assert.ok(!rulesOf(lint(https('{{csrfProtected}}')).findings).includes('csrf-protection-disabled'));
    });
  });
});
