import * as assert from 'assert';
import { lintIFlow } from '../../../src/core/engine';
import { fixAllPlan, fixesFor, flowSpecificRole, migrateChannelPlan, whyNoMigration } from '../../../src/core/fixes';
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

    it('HTTPS: RoleBased, role kept, table emptied, entries merged into the existing mapping', () => {
      const w = world({ iflow, params: PARAMS, mapping: MAPPING });
      const [plan] = fixesFor(finding(w, 'client-certificate-authorization', 'HTTPS_Orders'), w.doc, w.ctx, w.settings);
      assert.strictEqual(plan.title, 'Move 2 certificates to the certificate-user mapping and switch to User Role', 'two rows name the same certificate');
      assert.strictEqual(plan.preferred, true);
      assert.deepStrictEqual(plan.files.map((f) => f.file).sort(), [IFLOW_FILE, MAPPING_FILE].sort());
      const files = applyAll(plan.files);
      const c = channel(reparse(w, files), 'HTTPS_Orders');
      assert.strictEqual(c.authorization, 'userRole');
      assert.strictEqual(c.role, 'ESBMessaging.send');
      assert.strictEqual(c.certificates.length, 0);
      const orders = channel(w.doc, 'HTTPS_Orders');
      assertChangedOnlyWithin(w.doc.text, files.get(IFLOW_FILE)!, orders.elementRange.start, orders.elementRange.end);
      // Other channels are untouched.
      assert.strictEqual(files.get(IFLOW_FILE)!.slice(orders.elementRange.end - w.doc.text.length), w.doc.text.slice(orders.elementRange.end));
      const m = readMappingFile(files.get(MAPPING_FILE)!, MAPPING_FILE);
      assert.deepStrictEqual(m.entries.map((e) => e.user), ['ACME_CLIENT', 'GLOBEX_SONS', 'GLOBEX_SONS_2']);
      assert.deepStrictEqual(m.entries[0].roles, ['Other.send', 'ESBMessaging.send']);
      assert.strictEqual(m.entries[0].decoded?.commonName, 'acme-client', 'null certificate filled');
      assert.deepStrictEqual(m.entries[0].usedBy, [{ iflow: 'Fix_Flow/src/main/resources/scenarioflows/integrationflow/Fix_Flow.iflw', channel: 'HTTPS_Orders' }]);
      assert.strictEqual(m.entries[2].certificate, null);
      assert.strictEqual(m.entries[2].subjectDN, 'CN=globex & sons, O=Globex, C=US');
      assert.ok(plan.notes.some((n) => /1 entry had no certificate/.test(n)));
      assert.ok(plan.notes.some((n) => /entry 4 is empty/.test(n)));
      assert.ok(!files.get(IFLOW_FILE)!.endsWith('\n'), 'no final newline added');
      if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(files.get(IFLOW_FILE)!));
    });

    it('ODataSender: basic, default role into <value/>, mapping created', () => {
      const w = world({ iflow, params: PARAMS, role: 'Custom.send' });
      const [plan] = fixesFor(finding(w, 'client-certificate-authorization', 'OData_Sender'), w.doc, w.ctx, w.settings);
      const files = applyAll(plan.files);
      const c = channel(reparse(w, files), 'OData_Sender');
      assert.strictEqual(c.modeValue, 'basic');
      assert.strictEqual(c.authorization, 'userRole');
      assert.strictEqual(c.role, 'Custom.send');
      assert.strictEqual(c.certificates.length, 0);
      const mf = plan.files.find((f) => f.file === MAPPING_FILE)!;
      assert.strictEqual(mf.create, true);
      const m = readMappingFile(files.get(MAPPING_FILE)!, MAPPING_FILE);
      assert.deepStrictEqual(m.entries.map((e) => [e.user, e.roles]), [['ACME_EXPIRING', ['Custom.send']]]);
    });

    it('externalized mode and role: parameters.prop is edited, the iFlow only loses its rows', () => {
      const w = world({ iflow, params: PARAMS, mapping: MAPPING });
      const [plan] = fixesFor(finding(w, 'client-certificate-authorization', 'SOAP_Ext'), w.doc, w.ctx, w.settings);
      assert.match(plan.title, /\(in parameters\.prop\)$/);
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
  it('missing-user-role sets the default role in the <value></value> form', () => {
    const w = world({ params: PARAMS });
    const [plan] = fixesFor(finding(w, 'missing-user-role', 'HTTPS_NoRole'), w.doc, w.ctx, w.settings);
    assert.strictEqual(plan.title, 'Set role "ESBMessaging.send"');
    const c = channel(reparse(w, applyAll(plan.files)), 'HTTPS_NoRole');
    assert.strictEqual(c.role, 'ESBMessaging.send');
  });

  it('generic-user-role: a flow-specific role, and the mapping\'s roles for that channel', () => {
    const w0 = world({ params: PARAMS });
    const [migrate] = fixesFor(finding(w0, 'client-certificate-authorization', 'HTTPS_Orders'), w0.doc, w0.ctx, w0.settings);
    const after = applyAll(migrate.files);
    const w = world({ iflow: after.get(IFLOW_FILE), params: PARAMS, mapping: after.get(MAPPING_FILE) });
    assert.strictEqual(flowSpecificRole(w.doc), 'Fix_Flow.send');
    const [plan] = fixesFor(finding(w, 'generic-user-role', 'HTTPS_Orders'), w.doc, w.ctx, w.settings);
    assert.strictEqual(plan.title, 'Use a flow-specific role "Fix_Flow.send"');
    const files = applyAll(plan.files);
    assert.strictEqual(channel(reparse(w, files), 'HTTPS_Orders').role, 'Fix_Flow.send');
    const m = readMappingFile(files.get(MAPPING_FILE)!, MAPPING_FILE);
    assert.ok(m.entries.every((e) => e.roles.length === 1 && e.roles[0] === 'Fix_Flow.send'));
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
    const text = applyAll(all.files).get(IFLOW_FILE)!;
    assert.strictEqual(text, w.doc.text.slice(0, rows[2].range.start) + w.doc.text.slice(rows[3].range.end));
    const again = world({ iflow: text, params: PARAMS });
    assert.strictEqual(fixAllPlan(again.doc, again.ctx, again.settings), undefined);
  });
});
