import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_FLOW_ROLE } from '../../../src/core/defaults';
import { lintIFlow } from '../../../src/core/engine';
import { fixAllPlan, fixesFor, flowRoleOf, isNoQuestion, migrateChannelPlan, whyNoMigration } from '../../../src/core/fixes';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { readMappingFile } from '../../../src/core/mapping/read';
import type { RuleId } from '../../../src/core/rules/types';
import { applyAll, assertChangedOnlyWithin, channel, IFLOW_FILE, MAPPING_FILE, PARAMS_FILE, read, world, type World } from './helpers';

const PARAMS = read('fixes', 'parameters.prop');
const MAPPING = read('fixes', 'certificate-user-mappings.json');

function finding(w: World, rule: RuleId, name: string) {
  const f = lintIFlow(w.doc, w.ctx).find((x) => x.rule === rule && x.channel === name);
  assert.ok(f, `${rule} on ${name}`);
  return f!;
}

function reparse(w: World, files: Map<string, string>) {
  const params = files.get(PARAMS_FILE) ?? w.params;
  return parseIFlow(files.get(IFLOW_FILE) ?? w.doc.text, IFLOW_FILE, { parameters: params === undefined ? undefined : parseParameters(params) });
}

for (const eol of ['\n', '\r\n']) {
  describe(`fixes: migration to User Role (${eol === '\n' ? 'LF' : 'CRLF'})`, () => {
    const iflow = read('fixes', 'Fix_Flow.iflw').replace(/\n/g, eol);

    it('HTTPS: RoleBased, the generic role replaced by the flow role, table emptied, entries merged into the existing mapping', () => {
      const w = world({ iflow, params: PARAMS, mapping: MAPPING });
      const [plan] = fixesFor(finding(w, 'client-certificate-authorization', 'HTTPS_Orders'), w.doc, w.ctx, w.settings);
      assert.strictEqual(plan.title, 'Move 2 certificates to the certificate-user mapping and switch to User Role "Fix_Flow.send"', 'two rows name the same certificate');
      assert.strictEqual(plan.preferred, true);
      assert.ok(isNoQuestion(plan), JSON.stringify(plan.access));
      assert.deepStrictEqual(plan.files.map((f) => f.file).sort(), [IFLOW_FILE, MAPPING_FILE].sort());
      const files = applyAll(plan.files);
      const c = channel(reparse(w, files), 'HTTPS_Orders');
      assert.strictEqual(c.authorization, 'userRole');
      assert.strictEqual(c.role, 'Fix_Flow.send');
      assert.strictEqual(c.certificates.length, 0);
      const orders = channel(w.doc, 'HTTPS_Orders');
      assertChangedOnlyWithin(w.doc.text, files.get(IFLOW_FILE)!, orders.elementRange.start, orders.elementRange.end);
      // Other channels are untouched.
      assert.strictEqual(files.get(IFLOW_FILE)!.slice(orders.elementRange.end - w.doc.text.length), w.doc.text.slice(orders.elementRange.end));
      const m = readMappingFile(files.get(MAPPING_FILE)!, MAPPING_FILE);
      assert.deepStrictEqual(m.entries.map((e) => e.user), ['ACME_CLIENT', 'GLOBEX_SONS', 'GLOBEX_SONS_2']);
      assert.deepStrictEqual(m.entries[0].roles, ['Other.send', 'Fix_Flow.send']);
      assert.ok(m.entries.every((e) => !e.roles.includes('ESBMessaging.send')), 'never the generic role');
      assert.strictEqual(m.entries[0].decoded?.commonName, 'acme-client', 'null certificate filled');
      assert.deepStrictEqual(m.entries[0].usedBy, [{ iflow: 'Fix_Flow/src/main/resources/scenarioflows/integrationflow/Fix_Flow.iflw', channel: 'HTTPS_Orders' }]);
      assert.strictEqual(m.entries[2].certificate, null);
      assert.strictEqual(m.entries[2].subjectDN, 'CN=globex & sons, O=Globex, C=US');
      assert.ok(plan.notes.some((n) => /1 entry had no certificate/.test(n)));
      assert.ok(plan.notes.some((n) => /entry 4 is empty/.test(n)));
      assert.ok(!files.get(IFLOW_FILE)!.endsWith('\n'), 'no final newline added');
      if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(files.get(IFLOW_FILE)!));
    });

    it('ODataSender: basic, the flow role pattern into <value/>, mapping created', () => {
      const w = world({ iflow, params: PARAMS, flowRole: 'Custom.{iflow}' });
      const [plan] = fixesFor(finding(w, 'client-certificate-authorization', 'OData_Sender'), w.doc, w.ctx, w.settings);
      const files = applyAll(plan.files);
      const c = channel(reparse(w, files), 'OData_Sender');
      assert.strictEqual(c.modeValue, 'basic');
      assert.strictEqual(c.authorization, 'userRole');
      assert.strictEqual(c.role, 'Custom.Fix_Flow');
      assert.strictEqual(c.certificates.length, 0);
      const mf = plan.files.find((f) => f.file === MAPPING_FILE)!;
      assert.strictEqual(mf.create, true);
      const m = readMappingFile(files.get(MAPPING_FILE)!, MAPPING_FILE);
      assert.deepStrictEqual(m.entries.map((e) => [e.user, e.roles]), [['ACME_EXPIRING', ['Custom.Fix_Flow']]]);
    });

    it('externalized mode and a flow-specific role: parameters.prop is edited, the role kept, the iFlow only loses its rows', () => {
      const w = world({ iflow, params: PARAMS, mapping: MAPPING });
      const [plan] = fixesFor(finding(w, 'client-certificate-authorization', 'SOAP_Ext'), w.doc, w.ctx, w.settings);
      assert.strictEqual(plan.title, 'Move 1 certificate to the certificate-user mapping and switch to User Role "ExtRole.send" (in parameters.prop)');
      assert.ok(!isNoQuestion(plan), 'a role the channel already names may be held by tenant users: they gain access');
      assert.match(plan.access!.channels[0].unknownUsers!, /holding "ExtRole.send" who are not in the mapping file gain access/);
      const files = applyAll(plan.files);
      assert.strictEqual(files.get(PARAMS_FILE), '# parameters of Fix Flow\nSenderAuth = RoleBased\nSender\\ Role=Ext\\\n  Role.send\n');
      const c = channel(reparse(w, files), 'SOAP_Ext');
      assert.strictEqual(c.authorization, 'userRole');
      assert.strictEqual(c.role, 'ExtRole.send');
      assert.strictEqual(c.modeProperty!.value, '{{SenderAuth}}', 'still externalized');
      assert.strictEqual(c.certificates.length, 0);
    });

    it('a channel without userRole gets the property; options choose user and role', () => {
      const w = world({ iflow, params: PARAMS });
      const plan = migrateChannelPlan(w.doc, channel(w.doc, 'HTTPS_Legacy'), w.ctx, w.settings, { user: 'PARTNER', role: 'Legacy.send' });
      const files = applyAll(plan.files);
      const c = channel(reparse(w, files), 'HTTPS_Legacy');
      assert.strictEqual(c.role, 'Legacy.send');
      assert.strictEqual(c.authorization, 'userRole');
      const m = readMappingFile(files.get(MAPPING_FILE)!, MAPPING_FILE);
      assert.deepStrictEqual(m.entries.map((e) => [e.user, e.roles]), [['PARTNER', ['Legacy.send']]]);
    });
  });
}

describe('fixes: an invalid mapping file', () => {
  it('the migration is not offered; the reason is available and nothing is touched', () => {
    const w = world({ params: PARAMS, mapping: read('fixes', 'invalid-mapping.json') });
    const f = finding(w, 'client-certificate-authorization', 'HTTPS_Orders');
    assert.deepStrictEqual(fixesFor(f, w.doc, w.ctx, w.settings), []);
    const c = channel(w.doc, 'HTTPS_Orders');
    assert.match(whyNoMigration(w.doc, c, w.ctx, w.settings)!, /not valid JSON.*never overwritten/);
    const plan = migrateChannelPlan(w.doc, c, w.ctx, w.settings);
    assert.deepStrictEqual(plan.files, []);
    assert.match(plan.notes[0], /never overwritten/);
  });
});

describe('fixes: roles and rows', () => {
  it('missing-user-role sets the flow role in the <value></value> form, never a generic one', () => {
    const w = world({ params: PARAMS });
    const [plan] = fixesFor(finding(w, 'missing-user-role', 'HTTPS_NoRole'), w.doc, w.ctx, w.settings);
    assert.strictEqual(plan.title, 'Set the flow-specific role "Fix_Flow.send"');
    assert.ok(isNoQuestion(plan));
    const c = channel(reparse(w, applyAll(plan.files)), 'HTTPS_NoRole');
    assert.strictEqual(c.role, 'Fix_Flow.send');
    const generic = world({ params: PARAMS, flowRole: 'ESBMessaging.send' });
    assert.deepStrictEqual(fixesFor(finding(generic, 'missing-user-role', 'HTTPS_NoRole'), generic.doc, generic.ctx, generic.settings), []);
  });

  it('generic-user-role: a flow-specific role, the mapping\'s roles for that channel, and who loses access', () => {
    const iflow = read('fixes', 'Fix_Flow.iflw').replace('<value>ClientCertificate</value>', '<value>RoleBased</value>');
    const usedBy = [{ iflow: 'Fix_Flow/src/main/resources/scenarioflows/integrationflow/Fix_Flow.iflw', channel: 'HTTPS_Orders' }];
    const mapping = JSON.stringify({
      mappings: [
        { user: 'ORDERS_PARTNER', roles: ['ESBMessaging.send'], certificate: null, subjectDN: 'CN=orders, O=P, C=DE', issuerDN: 'CN=P CA, C=DE', usedBy },
        { user: 'SOMEONE_ELSE', roles: ['ESBMessaging.send'], certificate: null, subjectDN: 'CN=else, O=P, C=DE', issuerDN: 'CN=P CA, C=DE', usedBy: [] },
      ],
    }, null, 2);
    const w = world({ iflow, params: PARAMS, mapping });
    assert.strictEqual(flowRoleOf(w.doc, '{iflow}.send'), 'Fix_Flow.send');
    const [plan] = fixesFor(finding(w, 'generic-user-role', 'HTTPS_Orders'), w.doc, w.ctx, w.settings);
    assert.strictEqual(plan.title, 'Use a flow-specific role "Fix_Flow.send"');
    assert.ok(!isNoQuestion(plan), 'renaming a role in use takes access from tenant users');
    assert.deepStrictEqual(plan.access!.channels, [{
      channel: 'HTTPS_Orders',
      gain: [],
      lose: ['SOMEONE_ELSE'],
      unknownUsers: 'tenant users holding "ESBMessaging.send" who are not in the mapping file lose access',
    }]);
    assert.deepStrictEqual(plan.access!.roles, [{ user: 'ORDERS_PARTNER', role: 'ESBMessaging.send', change: 'lose' }], 'the channel\'s own partner no longer calls every generic-role flow');
    const files = applyAll(plan.files);
    assert.strictEqual(channel(reparse(w, files), 'HTTPS_Orders').role, 'Fix_Flow.send');
    const m = readMappingFile(files.get(MAPPING_FILE)!, MAPPING_FILE);
    assert.deepStrictEqual(m.entries.map((e) => e.roles), [['Fix_Flow.send'], ['ESBMessaging.send']]);
  });

  it('duplicate and empty rows are removed one by one, or all at once by fixAll', () => {
    const w = world({ params: PARAMS });
    const [dup] = fixesFor(finding(w, 'duplicate-certificate-entry', 'HTTPS_Orders'), w.doc, w.ctx, w.settings);
    assert.strictEqual(dup.title, 'Remove the duplicate certificate entry 3');
    const rows = channel(w.doc, 'HTTPS_Orders').certificates;
    assert.strictEqual(applyAll(dup.files).get(IFLOW_FILE), w.doc.text.slice(0, rows[2].range.start) + w.doc.text.slice(rows[2].range.end));
    const [empty] = fixesFor(finding(w, 'empty-certificate-entry', 'HTTPS_Orders'), w.doc, w.ctx, w.settings);
    assert.strictEqual(empty.title, 'Remove the empty certificate entry 4');
    const all = fixAllPlan(w.doc, w.ctx, w.settings)!;
    assert.strictEqual(all.rule, 'fix-all');
    assert.strictEqual(all.title, 'Remove 2 duplicate or empty certificate entries; set the flow-specific role "Fix_Flow.send"', 'every fix that changes no one\'s access and edits the iFlow alone');
    assert.strictEqual(w.doc.text.split('<value></value>').length, 2);
    const text = applyAll(all.files).get(IFLOW_FILE)!;
    assert.strictEqual(text, (w.doc.text.slice(0, rows[2].range.start) + w.doc.text.slice(rows[3].range.end)).replace('<value></value>', '<value>Fix_Flow.send</value>'));
    assert.ok(all.files.every((f) => f.file === IFLOW_FILE), 'the migrations (which edit the mapping file too) are left to the preview');
    const again = world({ iflow: text, params: PARAMS });
    assert.strictEqual(fixAllPlan(again.doc, again.ctx, again.settings), undefined);
  });
});

describe('fixes: certificates that cannot log in are never mapped', () => {
  const invoices = fs.readFileSync(path.join(__dirname, '../../../../examples/Invoices_SOAP/src/main/resources/scenarioflows/integrationflow/Invoices_SOAP.iflw'), 'utf8');
  const certs = ['acme-expired.pem', 'acme-future.pem', 'selfsigned-client.pem', 'acme-server-only.pem', 'issuing-ca.pem'];

  it('drops the expired, self-signed, serverAuth-only and CA certificates, says which and why, and maps the not-yet-valid one', () => {
    const w = world({ iflow: invoices, certs, now: new Date('2026-11-30T00:00:00Z') });
    const [plan] = fixesFor(finding(w, 'client-certificate-authorization', 'SOAP_Invoices'), w.doc, w.ctx, w.settings);
    assert.strictEqual(plan.title, 'Move 1 certificate to the certificate-user mapping and switch to User Role "Fix_Flow.send"; drop 4 unusable (expired, self-signed, not for client authentication, CA certificate)');
    const dropped = plan.notes.find((n) => n.startsWith('Not mapped'))!;
    assert.strictEqual(dropped, 'Not mapped, removed from the channel (they cannot log in): "acme-expired": expired 182 days ago; "selfsigned-client": self-signed: the SAP load balancer rejects it; "acme-server-only": not valid for client authentication: its extended key usage is serverAuth; "ACME Issuing CA": a CA certificate, not a client certificate.');
    assert.ok(plan.notes.some((n) => /entry 6 is empty/.test(n)));
    assert.ok(isNoQuestion(plan), 'the dropped certificates could not log in: no one loses access');
    const files = applyAll(plan.files);
    const m = readMappingFile(files.get(MAPPING_FILE)!, MAPPING_FILE);
    assert.deepStrictEqual(m.entries.map((e) => [e.user, e.roles, e.decoded?.commonName]), [['ACME_FUTURE', ['Fix_Flow.send'], 'acme-future']]);
    const c = channel(reparse(w, files), 'SOAP_Invoices');
    assert.deepStrictEqual([c.authorization, c.role, c.certificates.length], ['userRole', 'Fix_Flow.send', 0]);
  });

  it('one unusable certificate is named in the title; all unusable: nothing is mapped', () => {
    const one = world({ iflow: invoices, certs: ['acme-expired.pem', 'acme-future.pem'], now: new Date('2026-11-30T00:00:00Z') });
    const onlyTwo = one.doc.text.replace(/(&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;CN=selfsigned-client[\s\S]*?)<\/value>/, '</value>');
    const w = world({ iflow: onlyTwo, certs: ['acme-expired.pem', 'acme-future.pem'], now: new Date('2026-11-30T00:00:00Z') });
    const [plan] = fixesFor(finding(w, 'client-certificate-authorization', 'SOAP_Invoices'), w.doc, w.ctx, w.settings);
    assert.strictEqual(plan.title, 'Move 1 certificate to the certificate-user mapping and switch to User Role "Fix_Flow.send"; drop "acme-expired" (expired)');
    const none = world({ iflow: onlyTwo.replace(/&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;CN=acme-future[\s\S]*?&lt;\/row&gt;/, ''), certs: ['acme-expired.pem'], now: new Date('2026-11-30T00:00:00Z') });
    const [all] = fixesFor(finding(none, 'client-certificate-authorization', 'SOAP_Invoices'), none.doc, none.ctx, none.settings);
    assert.strictEqual(all.title, 'Switch to User Role "Fix_Flow.send"; drop "acme-expired" (expired)');
    assert.ok(!all.files.some((f) => f.file === MAPPING_FILE), 'no mapping file written for nothing');
  });

  it('never the generic role, even when asked or configured', () => {
    const w = world({ iflow: invoices, certs, flowRole: 'ESBMessaging.send', now: new Date('2026-11-30T00:00:00Z') });
    const f = finding(w, 'client-certificate-authorization', 'SOAP_Invoices');
    assert.deepStrictEqual(fixesFor(f, w.doc, w.ctx, w.settings), []);
    assert.match(whyNoMigration(w.doc, channel(w.doc, 'SOAP_Invoices'), w.ctx, w.settings)!, /"ESBMessaging.send" is a generic role/);
    const asked = migrateChannelPlan(w.doc, channel(w.doc, 'SOAP_Invoices'), w.ctx, { ...w.settings, flowRole: '{iflow}.send' }, { role: 'ESBMessaging.send' });
    assert.deepStrictEqual(asked.files, []);
  });
});

describe('fixes: the flow role', () => {
  it('{iflow} is the iFlow id from the manifest, characters outside [A-Za-z0-9_.-] as _', () => {
    const manifest = 'Manifest-Version: 1.0\r\nBundle-SymbolicName: Orders In/bound (EU); singleton:=true\r\nBundle-Name: Orders Inbound\r\n\r\n';
    const doc = parseIFlow(read('fixes', 'Fix_Flow.iflw'), IFLOW_FILE, { manifest });
    assert.strictEqual(flowRoleOf(doc, '{iflow}.send'), 'Orders_In_bound__EU_.send');
    assert.strictEqual(flowRoleOf(doc, 'Partner.{iflow}.{iflow}'), 'Partner.Orders_In_bound__EU_.Orders_In_bound__EU_');
    assert.strictEqual(flowRoleOf(doc, '  '), 'Orders_In_bound__EU_.send', 'blank: the default pattern');
    assert.strictEqual(flowRoleOf(doc, 'Fixed.send'), 'Fixed.send');
  });

  it('the editor setting defaults to the core default', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8'));
    assert.strictEqual(pkg.contributes.configuration.properties['iflowAuth.flowRole'].default, DEFAULT_FLOW_ROLE);
    assert.strictEqual(pkg.contributes.configuration.properties['iflowAuth.defaultUserRole'], undefined);
  });
});
