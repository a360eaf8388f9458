/**
 * Older iFlows (test/fixtures/legacy, synthetic: see its README): sender flows without `direction`
 * and the authorization kept on the EndpointSender participant. Read, linted by every rule, and
 * fixed where the values live.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { appendCertificateEntries, clearCertificateEntries, removeCertificateEntries } from '../../../src/core/edits/iflowEdits';
import { applyTextEdits } from '../../../src/core/edits/types';
import { lintIFlow } from '../../../src/core/engine';
import { DEFAULT_FLOW_ROLE } from '../../../src/core/defaults';
import { fixesFor, migrateChannelPlan, type FixSettings } from '../../../src/core/fixes';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import type { IFlowDocument, SenderChannel } from '../../../src/core/model';
import type { Finding, RuleId } from '../../../src/core/rules/types';
import { applyAll } from '../fixes/helpers';
import { context, mappingJson } from '../support/iflowBuilder';
import { fixture, IFLOW_DIR } from './helpers';

function load(name: string, text?: string): IFlowDocument {
  const file = fixture('legacy', name, IFLOW_DIR, `${name}.iflw`);
  const pp = fixture('legacy', name, 'src/main/resources/parameters.prop');
  return parseIFlow(text ?? fs.readFileSync(file, 'utf8'), file, { parameters: fs.existsSync(pp) ? parseParameters(fs.readFileSync(pp, 'utf8'), pp) : undefined });
}

const byName = (doc: IFlowDocument, name: string): SenderChannel => {
  const c = doc.channels.find((x) => x.name === name);
  assert.ok(c, name);
  return c!;
};
const at = (doc: IFlowDocument, r: { start: number; end: number }): string => doc.text.slice(r.start, r.end);
const only = (findings: Finding[], rule: RuleId, channel: string): Finding[] => findings.filter((f) => f.rule === rule && f.channel === channel);

const settings = (doc: IFlowDocument): FixSettings => ({
  flowRole: DEFAULT_FLOW_ROLE,
  mappingFile: 'certificate-user-mappings.json',
  parametersFileOf: () => path.join(path.dirname(doc.file), '../../parameters.prop'),
  parametersText: () => undefined,
});

describe('legacy senders: reading', () => {
  it('a flow without direction from an EndpointSender participant is a sender; Client Certificate from enableBasicAuthentication 0', () => {
    const doc = load('Legacy_Certificates');
    assert.strictEqual(doc.error, undefined);
    assert.deepStrictEqual(doc.channels.map((c) => c.name), ['SOAP_Partner'], 'the Receiver flow is not one');
    const c = doc.channels[0];
    assert.strictEqual(c.properties.get('direction'), undefined);
    assert.strictEqual(c.authorization, 'clientCertificate');
    assert.deepStrictEqual(c.authorizationKeys, { on: 'participant', modeKey: 'enableBasicAuthentication', userRole: '1', clientCertificate: '0', roleKey: 'role' });
    assert.strictEqual(c.participant?.name, 'Partner');
    assert.strictEqual(at(doc, c.modeProperty!.range), '0', 'the mode value on the participant');
    assert.ok(c.modeProperty!.range.start > c.participant!.elementRange.start && c.modeProperty!.range.end < c.participant!.elementRange.end);
    assert.strictEqual(c.endpoint?.path, '/cxf/partner/orders');
  });

  it('entries from subjectN/issuerN in number order, with exact value ranges; a missing half is an empty cell', () => {
    const doc = load('Legacy_Certificates');
    const c = doc.channels[0];
    const entries = c.certificates;
    assert.deepStrictEqual(entries.map((e) => [e.index, e.participantProperties?.number]), [[0, 0], [1, 1], [2, 2]]);
    assert.strictEqual(at(doc, entries[0].subjectDN.range), 'CN=gateway.partner.example, OU=Integration, O=Partner Example B.V., L=Utrecht, C=NL');
    assert.match(at(doc, entries[0].issuerDN.range), /^CN=COMODO RSA Organization Validation Secure Server CA/);
    assert.strictEqual(at(doc, entries[1].issuerDN.range), '{{Partner Issuer}}', 'issuer1 comes before subject1 in the file');
    assert.strictEqual(entries[2].issuerDN.value, '');
    assert.strictEqual(entries[2].issuerDN.range.start, entries[2].issuerDN.range.end);
    assert.match(at(doc, entries[2].range), /^<ifl:property>[\s\S]*subject2[\s\S]*<\/ifl:property>$/);
    assert.strictEqual(c.certificatesProperty, undefined);
  });

  it('User Role from true/1/TRUE with the participant role; empty or missing role = the implicit ESBMessaging.send; unknown and externalized values', () => {
    const doc = load('Legacy_Roles');
    const summary = doc.channels.map((c) => [c.name, c.authorization, c.modeValue, c.role, c.roleImplicit === true]);
    assert.deepStrictEqual(summary, [
      ['HTTPS_Orders', 'userRole', 'true', 'Orders.send', false],
      ['HTTPS_Shop', 'userRole', '1', 'ESBMessaging.send', true],
      ['IDOC_Warehouse', 'userRole', 'TRUE', 'ESBMessaging.send', true],
      ['HTTPS_Typo', 'unknown', 'yes', 'Typo.send', false],
      ['HTTPS_Configured', 'externalized', undefined, 'Configured.send', false],
    ]);
    const orders = byName(doc, 'HTTPS_Orders');
    assert.strictEqual(at(doc, orders.roleProperty!.range), 'Orders.send');
    assert.ok(orders.roleProperty!.range.start > orders.participant!.elementRange.start, 'the role on the participant');
    assert.strictEqual(byName(doc, 'IDOC_Warehouse').roleProperty, undefined);
    assert.deepStrictEqual(doc.channels.map((c) => c.endpoint?.path), ['/http/orders', '/http/shop/*', '/cxf/warehouse/idoc', '/http/typo', undefined]);
    assert.deepStrictEqual(byName(doc, 'HTTPS_Configured').endpoint?.unresolved, ['Configured Path']);
  });

  it('modern files: the channel’s own senderAuthType wins over the participant’s leftovers; other flows without direction are no senders', () => {
    const doc = load('Modern_Leftovers');
    assert.deepStrictEqual(doc.channels.map((c) => c.name), ['HTTPS_Modern']);
    const c = doc.channels[0];
    assert.strictEqual(c.authorization, 'clientCertificate');
    assert.strictEqual(c.authorizationKeys?.on, 'channel');
    assert.strictEqual(c.modeProperty?.key, 'senderAuthType');
    assert.deepStrictEqual(c.certificates, [], 'the participant’s subject0/issuer0 are not read');
    assert.strictEqual(c.role, 'ESBMessaging.send');
    assert.strictEqual(c.participant?.name, 'Modern', 'found through another prefix bound to the ifl namespace');
  });

  it('the real modern fixtures all carry enableBasicAuthentication on their sender participant, and all read from the channel', () => {
    const root = fixture('real');
    let checked = 0;
    for (const d of fs.readdirSync(root).filter((x) => fs.existsSync(path.join(root, x, IFLOW_DIR)))) {
      const file = path.join(root, d, IFLOW_DIR, fs.readdirSync(path.join(root, d, IFLOW_DIR))[0]);
      for (const c of parseIFlow(fs.readFileSync(file, 'utf8'), file).channels) {
        if (!c.authorizationKeys) continue;
        assert.strictEqual(c.participant?.properties.get('enableBasicAuthentication')?.value, 'false', `${d}/${c.name}: the leftover`);
        assert.strictEqual(c.authorizationKeys.on, 'channel', `${d}/${c.name}`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `${checked}`);
  });
});

describe('legacy senders: every rule', () => {
  it('Client Certificate on the participant: the mode, entries, empty halves and parameters are judged there', () => {
    const doc = load('Legacy_Certificates');
    const findings = lintIFlow(doc, context());
    const [mode] = only(findings, 'client-certificate-authorization', 'SOAP_Partner');
    assert.strictEqual(at(doc, mode.range), '0');
    assert.match(mode.message, /3 certificate entries.*\(Set on sender participant "Partner": an older adapter version\.\)$/);
    const notFound = only(findings, 'certificate-not-found', 'SOAP_Partner').map((f) => at(doc, f.range));
    assert.deepStrictEqual(notFound, ['CN=gateway.partner.example, OU=Integration, O=Partner Example B.V., L=Utrecht, C=NL', 'CN=backup.partner.example, O=Partner Example B.V., C=NL'], 'entry 2 resolves its {{Partner Issuer}}');
    const [empty] = only(findings, 'empty-certificate-entry', 'SOAP_Partner');
    assert.match(empty.message, /entry 3 .* empty Issuer DN/);
    assert.ok(!findings.some((f) => f.rule === 'missing-user-role' || f.rule === 'generic-user-role'), 'the role of a Client Certificate channel is not judged');
  });

  it('User Role on the participant: generic-user-role says implicit; unknown and unresolved values; role-without-mapping', () => {
    const doc = load('Legacy_Roles');
    const ctx = context({ mapping: mappingJson([{ user: 'U', roles: ['Orders.send'], certificate: null, subjectDN: 'CN=u', issuerDN: 'CN=ca' }]) });
    const findings = lintIFlow(doc, ctx);
    const [shop] = only(findings, 'generic-user-role', 'HTTPS_Shop');
    assert.match(shop.message, /names no role, so the runtime applies the generic role "ESBMessaging\.send" implicitly/);
    assert.match(at(doc, shop.range), /<key>role<\/key>\s*<value\/>/, 'on the empty role property');
    const [warehouse] = only(findings, 'generic-user-role', 'IDOC_Warehouse');
    assert.strictEqual(at(doc, warehouse.range), 'TRUE', 'no role key: on the value that selects User Role');
    assert.deepStrictEqual(only(findings, 'generic-user-role', 'HTTPS_Orders'), []);
    assert.deepStrictEqual(findings.filter((f) => f.rule === 'missing-user-role'), [], 'an empty participant role is implicit, not missing');
    const [typo] = only(findings, 'unknown-authorization', 'HTTPS_Typo');
    assert.strictEqual(at(doc, typo.range), 'yes');
    assert.match(typo.message, /enableBasicAuthentication "yes".*expected "true" or "1" \(User Role\) or "false" or "0" \(Client Certificate\)/);
    const unresolved = only(findings, 'unresolved-parameter', 'HTTPS_Configured').map((f) => at(doc, f.range));
    assert.deepStrictEqual(unresolved, ['{{Basic Auth}}']);
    const withoutMapping = findings.filter((f) => f.rule === 'role-without-mapping').map((f) => f.channel);
    assert.deepStrictEqual(withoutMapping, ['HTTPS_Shop', 'IDOC_Warehouse'], 'implicit roles too; Orders.send is mapped; Typo is not User Role');
    assert.match(findings.find((f) => f.rule === 'role-without-mapping')!.message, /\(implicit: no role is set\)/);
  });

  it('the certificate rules judge participant entries resolved to certificate files', () => {
    const base = load('Legacy_Certificates');
    const text = base.text
      .replace('CN=gateway.partner.example, OU=Integration, O=Partner Example B.V., L=Utrecht, C=NL', 'CN=acme-expired, O=ACME, C=DE')
      .replace(/CN=COMODO RSA Organization Validation Secure Server CA[^<]*/, 'CN=ACME Issuing CA, O=ACME, C=DE');
    const doc = load('Legacy_Certificates', text);
    const findings = lintIFlow(doc, context({ certificates: ['acme-expired.pem'] }));
    const [expired] = only(findings, 'certificate-expired', 'SOAP_Partner');
    assert.strictEqual(at(doc, expired.range), 'CN=acme-expired, O=ACME, C=DE');
    assert.ok(expired.range.start > doc.channels[0].participant!.elementRange.start);
  });

  it('modern leftovers raise nothing on the participant', () => {
    const doc = load('Modern_Leftovers');
    const c = doc.channels[0];
    for (const f of lintIFlow(doc, context())) assert.ok(!(f.range.start >= c.participant!.elementRange.start && f.range.end <= c.participant!.elementRange.end), `${f.rule} on the participant`);
  });
});

describe('legacy senders: fixes edit the participant', () => {
  it('migration: enableBasicAuthentication 0 → 1 (the form the file uses), the role set, every subjectN/issuerN removed, the rest byte-identical', () => {
    const doc = load('Legacy_Certificates');
    const c = doc.channels[0];
    const plan = migrateChannelPlan(doc, c, context(), settings(doc), { role: 'Partner.send' });
    assert.ok(plan.files.length > 0, plan.notes.join(' '));
    const after = applyAll(plan.files).get(doc.file)!;
    const again = load('Legacy_Certificates', after);
    const m = again.channels[0];
    assert.strictEqual(m.authorization, 'userRole');
    assert.strictEqual(m.modeValue, '1');
    assert.strictEqual(m.role, 'Partner.send');
    assert.deepStrictEqual(m.certificates, []);
    assert.ok(!/<key>(subject|issuer)\d<\/key>/.test(after));
    // Nothing outside the participant changed.
    const p = c.participant!.elementRange;
    assert.strictEqual(after.slice(0, p.start), doc.text.slice(0, p.start));
    assert.strictEqual(after.slice(after.length - (doc.text.length - p.end)), doc.text.slice(p.end));
    assert.ok(!/\n[ \t]*\n/.test(after.slice(p.start, after.length - (doc.text.length - p.end))), 'no blank lines left where properties were');
  });

  it('removing an entry renumbers the ones after it; removing the half entry leaves the others untouched', () => {
    const doc = load('Legacy_Certificates');
    const c = doc.channels[0];
    const first = applyTextEdits(doc.text, removeCertificateEntries(doc, c, [0]));
    const e1 = load('Legacy_Certificates', first).channels[0].certificates;
    assert.deepStrictEqual(e1.map((e) => [e.participantProperties?.number, e.subjectDN.value]), [[0, 'CN=backup.partner.example, O=Partner Example B.V., C=NL'], [1, 'CN=half-entry.partner.example']]);
    const last = applyTextEdits(doc.text, removeCertificateEntries(doc, c, [2]));
    assert.deepStrictEqual(load('Legacy_Certificates', last).channels[0].certificates.map((e) => e.participantProperties?.number), [0, 1]);
    assert.ok(!last.includes('subject2'));
    assert.strictEqual(applyTextEdits(doc.text, clearCertificateEntries(doc, c)).match(/<key>(subject|issuer)\d/g), null);
  });

  it('the quick fix of empty-certificate-entry removes the half entry on the participant', () => {
    const doc = load('Legacy_Certificates');
    const [empty] = only(lintIFlow(doc, context()), 'empty-certificate-entry', 'SOAP_Partner');
    const [plan] = fixesFor(empty, doc, context(), settings(doc));
    assert.strictEqual(plan.title, 'Remove the empty certificate entry 3');
    const after = applyAll(plan.files).get(doc.file)!;
    assert.strictEqual(load('Legacy_Certificates', after).channels[0].certificates.length, 2);
  });

  it('a flow-specific role: the participant’s empty role is set; a missing role key is added to the participant', () => {
    const doc = load('Legacy_Roles');
    const findings = lintIFlow(doc, context());
    for (const name of ['HTTPS_Shop', 'IDOC_Warehouse']) {
      const [f] = only(findings, 'generic-user-role', name);
      const [plan] = fixesFor(f, doc, context(), settings(doc));
      assert.strictEqual(plan.title, 'Use a flow-specific role "Legacy_Roles.send"');
      const after = applyAll(plan.files).get(doc.file)!;
      const c = byName(load('Legacy_Roles', after), name);
      assert.strictEqual(c.role, 'Legacy_Roles.send');
      assert.strictEqual(c.roleImplicit, undefined);
      const p = byName(doc, name).participant!.elementRange;
      assert.strictEqual(after.slice(0, p.start), doc.text.slice(0, p.start), 'only the participant changes');
    }
  });

  it('a certificate added to a legacy channel becomes the next subjectN/issuerN pair', () => {
    const doc = load('Legacy_Certificates');
    const after = applyTextEdits(doc.text, appendCertificateEntries(doc, doc.channels[0], [{ subjectDN: 'CN=new & improved', issuerDN: 'CN=CA' }]));
    const entries = load('Legacy_Certificates', after).channels[0].certificates;
    assert.deepStrictEqual(entries.map((e) => e.participantProperties?.number), [0, 1, 2, 3]);
    assert.strictEqual(entries[3].subjectDN.value, 'CN=new & improved');
    assert.ok(after.includes('<value>CN=new &amp; improved</value>'));
  });
});
