import * as assert from 'assert';
import { lintIFlow } from '../../../src/core/engine';
import { rules } from '../../../src/core/rules/registry';
import {
  buildIFlow, clientCertificate, context, ISSUER, lint, mappingJson, parse, pem, rulesOf, slice, userRole,
} from '../support/iflowBuilder';

const client = (cn: string): [string, string] => [`CN=${cn}, O=ACME, C=DE`, ISSUER];
const ALL_CERTS = ['acme-client.cer', 'acme-expired.pem', 'acme-expiring.cer', 'acme-future.pem', 'acme-server-only.cer', 'selfsigned-client.pem', 'issuing-ca.cer', 'acme-ec-client.pem'];

describe('rules', () => {
  it('every rule has an id, a severity, a description and at least one check', () => {
    assert.strictEqual(new Set(rules.map((r) => r.id)).size, rules.length);
    for (const r of rules) {
      assert.match(r.id, /^[a-z]+(-[a-z]+)+$/);
      assert.ok(['error', 'warning', 'info'].includes(r.defaultSeverity));
      assert.ok(r.description.length > 20, r.id);
      assert.ok(r.checkIFlow || r.checkMapping || r.checkWorkspace || r.checkConfig, r.id);
    }
  });

  describe('invalid-iflow', () => {
    it('fires at the error position of malformed XML, and nothing else runs', () => {
      const text = buildIFlow([{ props: clientCertificate([client('acme-client')]) }]).replace('</bpmn2:collaboration>', '</bpmn2:collab>');
      const doc = parse(text);
      const findings = lintIFlow(doc, context());
      assert.deepStrictEqual(rulesOf(findings), ['invalid-iflow']);
      assert.ok(findings[0].range.start > text.indexOf('<bpmn2:collaboration') , 'positioned after the start, near the bad tag');
    });
    it('does not fire on a well-formed iFlow', () => {
      assert.ok(!rulesOf(lint([{ props: userRole('Orders.send') }]).findings).includes('invalid-iflow'));
    });
  });

  describe('client-certificate-authorization', () => {
    it('fires on the mode value of a Client Certificate channel, naming the count', () => {
      const { doc, findings } = lint([{ name: 'HTTPS_In', props: clientCertificate([client('acme-client'), client('acme-ec-client')]) }], { certificates: ALL_CERTS });
      const f = findings.find((x) => x.rule === 'client-certificate-authorization')!;
      assert.strictEqual(slice(doc, f), 'ClientCertificate');
      assert.match(f.message, /"HTTPS_In".*2 certificate entries/);
      assert.strictEqual(f.channel, 'HTTPS_In');
      assert.strictEqual(f.severity, 'warning');
    });
    it('fires for ODataSender authentication=certificate, not for basic', () => {
      assert.ok(rulesOf(lint([{ adapter: 'ODataSender', props: [['authentication', 'certificate'], ['userRole', 'X.send']] }]).findings).includes('client-certificate-authorization'));
      assert.ok(!rulesOf(lint([{ adapter: 'ODataSender', props: [['authentication', 'basic'], ['userRole', 'X.send']] }]).findings).includes('client-certificate-authorization'));
    });
    it('does not fire for User Role, nor for an outbound authentication key of another adapter', () => {
      assert.deepStrictEqual(rulesOf(lint([{ props: userRole('Orders.send') }]).findings), []);
      assert.deepStrictEqual(rulesOf(lint([{ adapter: 'ProcessDirect', props: [['authentication', 'certificate']] }]).findings), []);
    });
  });

  describe('certificate validity', () => {
    const run = (cn: string, options = {}) => lint([{ props: clientCertificate([client(cn)]) }], { certificates: ALL_CERTS, options });
    it('certificate-expired fires on the entry past notAfter, with the file as related information', () => {
      const { doc, findings } = run('acme-expired');
      const f = findings.find((x) => x.rule === 'certificate-expired')!;
      assert.strictEqual(f.severity, 'error');
      assert.strictEqual(slice(doc, f), 'CN=acme-expired, O=ACME, C=DE');
      assert.match(f.message, /expired 179 days ago \(2026-06-01\)/);
      assert.strictEqual(f.related?.[0].file, 'certificates/acme-expired.pem');
    });
    it('certificate-expiring fires within the window only, and the window is configurable', () => {
      assert.match(run('acme-expiring').findings.find((x) => x.rule === 'certificate-expiring')!.message, /expires in 13 days/);
      assert.ok(!rulesOf(run('acme-expiring', { expiryWarningDays: 10 }).findings).includes('certificate-expiring'));
      assert.ok(!rulesOf(run('acme-client').findings).some((r) => r.startsWith('certificate-exp')));
      assert.ok(rulesOf(run('acme-client', { expiryWarningDays: 100 }).findings).includes('certificate-expiring'));
    });
    it('judges at the injected instant, never the clock', () => {
      const later = run('acme-client', { now: new Date('2027-03-02T00:00:00Z') });
      assert.ok(rulesOf(later.findings).includes('certificate-expired'));
    });
    it('certificate-not-yet-valid fires before notBefore only', () => {
      assert.match(run('acme-future').findings.find((x) => x.rule === 'certificate-not-yet-valid')!.message, /becomes valid in 186 days/);
      assert.ok(!rulesOf(run('acme-future', { now: new Date('2027-07-01T00:00:00Z') }).findings).includes('certificate-not-yet-valid'));
    });
  });

  describe('certificate kind', () => {
    const kinds = (rows: Array<[string, string]>) => rulesOf(lint([{ props: clientCertificate(rows) }], { certificates: ALL_CERTS }).findings);
    it('self-signed-certificate fires on a self-signed client certificate only', () => {
      assert.ok(kinds([['CN=selfsigned-client, O=Partner GmbH, C=DE', 'CN=selfsigned-client, O=Partner GmbH, C=DE']]).includes('self-signed-certificate'));
      assert.ok(!kinds([client('acme-client')]).includes('self-signed-certificate'));
    });
    it('certificate-not-for-client-auth fires on serverAuth-only and on a CA certificate', () => {
      assert.ok(kinds([client('acme-server-only')]).includes('certificate-not-for-client-auth'));
      assert.ok(kinds([[ISSUER, 'CN=ACME Root CA, O=ACME, C=DE']]).includes('certificate-not-for-client-auth'));
      assert.ok(!kinds([client('acme-client')]).includes('certificate-not-for-client-auth'));
      assert.ok(!kinds([client('acme-ec-client')]).includes('certificate-not-for-client-auth'));
    });
  });

  describe('certificate-not-found', () => {
    it('fires on an entry no certificate matches, as info', () => {
      const { doc, findings } = lint([{ props: clientCertificate([['CN=nobody, O=X', 'CN=X CA']]) }], { certificates: ALL_CERTS });
      const f = findings.find((x) => x.rule === 'certificate-not-found')!;
      assert.strictEqual(f.severity, 'info');
      assert.strictEqual(slice(doc, f), 'CN=nobody, O=X');
    });
    it('matches DNs semantically: reversed order, case, spacing', () => {
      const rules = rulesOf(lint([{ props: clientCertificate([['c=DE,o=ACME,cn=acme-client', 'C=DE ,  O=ACME, CN=ACME Issuing CA']]) }], { certificates: ALL_CERTS }).findings);
      assert.ok(!rules.includes('certificate-not-found'), rules.join());
    });
    it('does not match when only the subject agrees (issuer differs)', () => {
      assert.ok(rulesOf(lint([{ props: clientCertificate([['CN=acme-client, O=ACME, C=DE', 'CN=Other CA']]) }], { certificates: ALL_CERTS }).findings).includes('certificate-not-found'));
    });
    it('resolves through the mapping file certificates too', () => {
      const mapping = mappingJson([{ user: 'ACME', roles: ['X.send'], certificate: pem('acme-client') }]);
      assert.ok(!rulesOf(lint([{ props: clientCertificate([client('acme-client')]) }], { mapping }).findings).includes('certificate-not-found'));
    });
    it('is not reported for externalized (unresolved) or empty cells', () => {
      const r = rulesOf(lint([{ props: clientCertificate([['{{subject}}', '{{issuer}}'], ['', '']]) }]).findings);
      assert.ok(!r.includes('certificate-not-found'), r.join());
    });
  });

  describe('table rows', () => {
    it('empty-certificate-entry fires on a row with an empty cell, on the row', () => {
      const { doc, findings } = lint([{ props: clientCertificate([['CN=a', '']]) }]);
      const f = findings.find((x) => x.rule === 'empty-certificate-entry')!;
      assert.match(f.message, /empty Issuer DN/);
      assert.ok(slice(doc, f).startsWith('&lt;row&gt;'));
      assert.ok(!rulesOf(lint([{ props: clientCertificate([client('acme-client')]) }], { certificates: ALL_CERTS }).findings).includes('empty-certificate-entry'));
    });
    it('duplicate-certificate-entry fires on the second of two semantically equal rows', () => {
      const { doc, findings } = lint([{ props: clientCertificate([client('acme-client'), ['C=DE, O=ACME, CN=acme-client', 'cn=ACME Issuing CA,o=ACME,c=DE']]) }], { certificates: ALL_CERTS });
      const dup = findings.filter((x) => x.rule === 'duplicate-certificate-entry');
      assert.strictEqual(dup.length, 1);
      assert.strictEqual(slice(doc, dup[0]), 'C=DE, O=ACME, CN=acme-client');
      assert.ok(!rulesOf(lint([{ props: clientCertificate([client('acme-client'), client('acme-ec-client')]) }], { certificates: ALL_CERTS }).findings).includes('duplicate-certificate-entry'));
    });
  });

  describe('roles', () => {
    it('missing-user-role fires on an empty role of a User Role channel only', () => {
      const { doc, findings } = lint([{ props: userRole('') }]);
      const f = findings.find((x) => x.rule === 'missing-user-role')!;
      assert.strictEqual(f.severity, 'error');
      assert.match(slice(doc, f), /^<ifl:property>[\s\S]*<key>userRole<\/key>[\s\S]*<value\/>[\s\S]*<\/ifl:property>$/);
      assert.ok(!rulesOf(lint([{ props: userRole('X.send') }]).findings).includes('missing-user-role'));
      assert.ok(!rulesOf(lint([{ props: [['userRole', ''], ['senderAuthType', 'ClientCertificate']] }]).findings).includes('missing-user-role'));
    });
    it('generic-user-role fires on ESBMessaging.send and on a configured deny list', () => {
      assert.ok(rulesOf(lint([{ props: userRole('ESBMessaging.send') }]).findings).includes('generic-user-role'));
      assert.ok(!rulesOf(lint([{ props: userRole('Orders.send') }]).findings).includes('generic-user-role'));
      assert.ok(rulesOf(lint([{ props: userRole('Shared.send') }], { options: { genericRoles: ['Shared.send'] } }).findings).includes('generic-user-role'));
    });
    it('role-without-mapping fires only when a mapping file exists and no user holds the role', () => {
      const mapping = mappingJson([{ user: 'ACME', roles: ['Orders.send'], certificate: null, subjectDN: 'CN=a', issuerDN: 'CN=b' }]);
      assert.ok(!rulesOf(lint([{ props: userRole('Orders.send') }], { mapping }).findings).includes('role-without-mapping'));
      assert.ok(rulesOf(lint([{ props: userRole('Invoices.send') }], { mapping }).findings).includes('role-without-mapping'));
      assert.ok(!rulesOf(lint([{ props: userRole('Invoices.send') }]).findings).includes('role-without-mapping'));
    });
  });

  describe('parameters', () => {
    it('unresolved-parameter fires on an externalized mode without a value, and the channel is externalized', () => {
      const { doc, findings } = lint([{ props: [['userRole', 'X.send'], ['senderAuthType', '{{Auth Mode}}']] }]);
      const f = findings.find((x) => x.rule === 'unresolved-parameter')!;
      assert.strictEqual(slice(doc, f), '{{Auth Mode}}');
      assert.strictEqual(doc.channels[0].authorization, 'externalized');
    });
    it('resolves from parameters.prop: then the resolved mode is judged', () => {
      const { doc, findings } = lint([{ props: [['userRole', '{{Role}}'], ['senderAuthType', '{{Auth Mode}}']] }], { parameters: 'Auth\\ Mode=RoleBased\nRole=ESBMessaging.send\n' });
      assert.strictEqual(doc.channels[0].authorization, 'userRole');
      assert.deepStrictEqual(rulesOf(findings), ['generic-user-role']);
    });
    it('resolves externalized certificate cells before matching', () => {
      const { findings } = lint([{ props: clientCertificate([['{{s}}', '{{i}}']]) }], { parameters: `s=CN=acme-expired, O=ACME, C=DE\ni=${ISSUER}\n`, certificates: ALL_CERTS });
      assert.ok(rulesOf(findings).includes('certificate-expired'));
    });
  });

  describe('unknown-authorization', () => {
    it('fires on a mode value none of the known ones', () => {
      const { doc, findings } = lint([{ props: [['userRole', 'X.send'], ['senderAuthType', 'Basic']] }]);
      const f = findings.find((x) => x.rule === 'unknown-authorization')!;
      assert.strictEqual(slice(doc, f), 'Basic');
      assert.ok(!rulesOf(lint([{ props: userRole('X.send') }]).findings).includes('unknown-authorization'));
    });
  });

  describe('embedded certificate material', () => {
    const der = (name: string): string => require('fs').readFileSync(require('path').join(__dirname, `../../../../test/fixtures/certs/${name}.cer`)).toString('base64');
    it('judges a cell that holds base64 DER directly, without any certificate file', () => {
      const { findings } = lint([{ props: clientCertificate([[der('acme-expired'), ISSUER]]) }]);
      assert.ok(rulesOf(findings).includes('certificate-expired'));
      assert.ok(!rulesOf(findings).includes('certificate-not-found'));
    });
    it('reports material that does not decode as invalid-certificate', () => {
      const broken = der('acme-expired').slice(0, 400);
      const { doc, findings } = lint([{ props: clientCertificate([[broken, ISSUER]]) }]);
      const f = findings.find((x) => x.rule === 'invalid-certificate');
      assert.ok(f, rulesOf(findings).join());
      assert.strictEqual(slice(doc, f), broken);
    });
  });

  describe('mapping file rules', () => {
    it('invalid-certificate fires on a mapping certificate that does not decode, on its value', () => {
      const mapping = mappingJson([{ user: 'BROKEN', roles: [], certificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }]);
      const { mappingFindings } = lint([], { mapping });
      const f = mappingFindings.find((x) => x.rule === 'invalid-certificate')!;
      assert.strictEqual(f.severity, 'error');
      assert.ok(mapping.slice(f.range.start, f.range.end).startsWith('"-----BEGIN CERTIFICATE'));
    });
    it('invalid-certificate fires on a mapping certificate with a private key, without echoing the key', () => {
      const mapping = mappingJson([{ user: 'KEY', roles: [], certificate: require('fs').readFileSync(require('path').join(__dirname, '../../../../test/fixtures/certs/client-with-key.pem'), 'utf8') }]);
      const f = lint([], { mapping }).mappingFindings.find((x) => x.rule === 'invalid-certificate')!;
      assert.match(f.message, /private key/);
      assert.ok(!/MII/.test(f.message));
    });
    it('duplicate-mapping fires on the second mapping of the same certificate, pointing at the first', () => {
      const mapping = mappingJson([
        { user: 'A', roles: ['X.send'], certificate: pem('acme-client') },
        { user: 'B', roles: ['Y.send'], certificate: pem('acme-ec-client') },
        { user: 'C', roles: ['Z.send'], certificate: pem('acme-client') },
      ]);
      const dup = lint([], { mapping }).mappingFindings.filter((x) => x.rule === 'duplicate-mapping');
      assert.strictEqual(dup.length, 1);
      assert.match(dup[0].message, /user "A"/);
      assert.ok(dup[0].related?.[0].range);
    });
    it('certificate rules judge mapping certificates too', () => {
      const mapping = mappingJson([{ user: 'OLD', roles: [], certificate: pem('acme-expired') }]);
      assert.ok(rulesOf(lint([], { mapping }).mappingFindings).includes('certificate-expired'));
    });
    it('a mapping entry with only DNs is resolved from certificate files, else reported as without certificate', () => {
      const dnOnly = mappingJson([{ user: 'A', roles: [], certificate: null, subjectDN: 'CN=acme-expiring, O=ACME, C=DE', issuerDN: ISSUER }]);
      const resolved = rulesOf(lint([], { mapping: dnOnly, certificates: ALL_CERTS }).mappingFindings);
      // ALL_CERTS holds the issuing CA but not the ACME root: the chain is incomplete too.
      assert.deepStrictEqual(resolved, ['certificate-expiring', 'incomplete-certificate-chain']);
      assert.deepStrictEqual(rulesOf(lint([], { mapping: dnOnly }).mappingFindings), ['certificate-not-found']);
    });
    it('invalid-mapping-file fires on invalid JSON at the error position and on a wrong shape', () => {
      const bad = '{\n  "mappings": [\n    { "user": "A", }\n  ]\n}\n';
      const f = lint([], { mapping: bad }).mappingFindings;
      assert.deepStrictEqual(rulesOf(f), ['invalid-mapping-file']);
      assert.strictEqual(bad.slice(f[0].range.start, f[0].range.start + 1), '}');
      assert.deepStrictEqual(rulesOf(lint([], { mapping: '{"mappings": {}}' }).mappingFindings), ['invalid-mapping-file']);
      assert.deepStrictEqual(rulesOf(lint([], { mapping: mappingJson([{ user: 'A', roles: ['X'], certificate: null, subjectDN: 'CN=a', issuerDN: 'CN=b' }]) }).mappingFindings), ['certificate-not-found']);
    });
  });

  describe('severity overrides', () => {
    it('changes a severity or turns a rule off', () => {
      const channels = [{ props: userRole('ESBMessaging.send') }];
      assert.strictEqual(lint(channels, { options: { severities: { 'generic-user-role': 'error' } } }).findings[0].severity, 'error');
      assert.deepStrictEqual(lint(channels, { options: { severities: { 'generic-user-role': 'off' } } }).findings, []);
    });
  });
});
