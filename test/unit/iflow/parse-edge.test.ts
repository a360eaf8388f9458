import * as assert from 'assert';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { LineIndex } from '../../../src/core/text';
import { assertWorkWithin } from '../support/work';
import { assertRangesExact, readText } from './helpers';

function slice(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}

describe('iflow: parseIFlow edge cases', () => {
  describe('other prefixes, shuffled properties, escaped DNs, multiple rows', () => {
    const text = readText('iflows', 'other-prefixes.iflw');
    const doc = parseIFlow(text, 'C:\\work\\Flow\\src\\main\\resources\\scenarioflows\\integrationflow\\Partner Flow.iflw');

    it('finds the one sender channel with a default-namespace BPMN and a p: ifl prefix', () => {
      assert.strictEqual(doc.error, undefined);
      assert.strictEqual(doc.iflowId, 'Partner Flow');
      assert.deepStrictEqual(doc.channels.map((c) => c.id), ['MessageFlow_9']);
      const c = doc.channels[0];
      assert.strictEqual(c.name, 'Partner & Co HTTPS');
      assert.strictEqual(c.adapter, 'HTTPS');
      assert.strictEqual(c.adapterVersion, '1.5.2');
      assert.strictEqual(c.authorization, 'clientCertificate');
      assert.strictEqual(c.modeValue, 'ClientCertificate');
      assert.strictEqual(slice(text, c.range), '<messageFlow id="MessageFlow_9" name="Partner &amp; Co HTTPS" sourceRef="Participant_1" targetRef="StartEvent_2">');
    });

    it('reads <value/> as empty, self-closing, with an empty range right after <value', () => {
      const role = doc.channels[0].roleProperty!;
      assert.strictEqual(role.selfClosing, true);
      assert.strictEqual(role.raw, '');
      assert.strictEqual(role.value, '');
      assert.strictEqual(role.range.start, role.range.end);
      assert.strictEqual(text.slice(role.range.start - 6, role.range.start + 2), '<value/>');
      assert.strictEqual(doc.channels[0].role, '');
    });

    it('decodes two rows, cell order swapped in the second, &amp;amp; in DNs decoded fully', () => {
      const rows = doc.channels[0].certificates;
      assert.strictEqual(rows.length, 2);
      assert.strictEqual(rows[0].subjectDN.value, 'CN=acme-client, O=ACME & Sons, C=DE');
      assert.strictEqual(rows[0].issuerDN.value, 'CN=ACME Issuing CA, O=ACME, C=DE');
      assert.strictEqual(rows[1].subjectDN.value, 'CN=second, OU=R&D');
      assert.strictEqual(rows[1].issuerDN.value, 'CN=Other CA');
      assert.strictEqual(slice(text, rows[0].subjectDN.range), 'CN=acme-client, O=ACME &amp;amp; Sons, C=DE');
      assert.strictEqual(slice(text, rows[1].subjectDN.range), 'CN=second, OU=R&amp;amp;D');
      assert.strictEqual(slice(text, rows[1].issuerDN.range), 'CN=Other CA');
      assert.ok(rows[1].issuerDN.range.start < rows[1].subjectDN.range.start, 'second row: issuer cell comes first in the source');
      assert.ok(slice(text, rows[0].range).startsWith('&lt;row&gt;&lt;cell'));
      assert.strictEqual(rows[0].range.end, rows[1].range.start, 'rows are concatenated');
      assert.ok(slice(text, rows[1].range).endsWith('&lt;/row&gt;'));
      assert.deepStrictEqual(rows.map((r) => r.index), [0, 1]);
      assertRangesExact(doc);
    });

    it('keeps exact ranges in a CRLF copy (and a BOM)', () => {
      const crlf = '\ufeff' + text.replace(/\n/g, '\r\n');
      const d = parseIFlow(crlf, 'x.iflw');
      assert.strictEqual(d.error, undefined);
      assertRangesExact(d);
      const rows = d.channels[0].certificates;
      assert.strictEqual(slice(crlf, rows[0].subjectDN.range), 'CN=acme-client, O=ACME &amp;amp; Sons, C=DE');
      const idx = new LineIndex(crlf);
      const pos = idx.positionAt(d.channels[0].modeProperty!.range.start);
      const lfPos = new LineIndex(text).positionAt(doc.channels[0].modeProperty!.range.start);
      assert.deepStrictEqual(pos, { line: lfPos.line, character: lfPos.character });
    });
  });

  describe('adapters and modes', () => {
    const text = readText('iflows', 'adapters.iflw');
    const params = parseParameters('as2\\ auth=ClientCertificate\n<AS2\\ role>=AS2.partner\n');
    const doc = parseIFlow(text, 'file:///c%3A/flows/src/main/resources/scenarioflows/integrationflow/My%20Adapters.iflw', { parameters: params });
    const byId = new Map(doc.channels.map((c) => [c.id, c]));

    it('lists every sender in document order, with the URI file name', () => {
      assert.strictEqual(doc.error, undefined);
      assert.deepStrictEqual(doc.channels.map((c) => c.id), ['MF_ODATA', 'MF_ODATA_BASIC', 'MF_UNKNOWN', 'MF_OLD', 'MF_JMS', 'MF_EMPTY', 'MF_PD', 'MF_AS2']);
      assert.strictEqual(doc.iflowName, 'My Adapters');
      assertRangesExact(doc);
    });

    it('ODataSender: authentication certificate → clientCertificate, basic → userRole', () => {
      const o = byId.get('MF_ODATA')!;
      assert.strictEqual(o.adapter, 'ODataSender');
      assert.strictEqual(o.authorization, 'clientCertificate');
      assert.strictEqual(o.modeProperty?.key, 'authentication');
      assert.strictEqual(o.role, 'OData.send');
      assert.deepStrictEqual(o.certificates.map((r) => [r.subjectDN.value, r.issuerDN.value]), [['CN=odata-client', 'CN=Issuer']]);
      const b = byId.get('MF_ODATA_BASIC')!;
      assert.strictEqual(b.authorization, 'userRole');
      assert.strictEqual(b.role, 'OData.read');
      assert.deepStrictEqual(b.certificates, []);
      assert.strictEqual(b.certificatesProperty, undefined);
    });

    it('an unknown mode value → unknown; an unresolved role → undefined', () => {
      const u = byId.get('MF_UNKNOWN')!;
      assert.strictEqual(u.authorization, 'unknown');
      assert.strictEqual(u.modeValue, 'OAuth');
      assert.strictEqual(u.role, undefined);
      assert.strictEqual(u.roleProperty?.value, '{{role}}');
    });

    it('no ComponentType: adapter from cmdVariantUri; no senderAuthType: defaults to User Role', () => {
      const o = byId.get('MF_OLD')!;
      assert.strictEqual(o.adapter, 'HTTPS');
      assert.strictEqual(o.adapterVersion, '1.1.0');
      assert.strictEqual(o.authorization, 'userRole');
      assert.strictEqual(o.modeProperty, undefined);
      assert.strictEqual(o.modeValue, undefined);
      assert.strictEqual(o.role, 'ESBMessaging.send');
    });

    it('JMS: none, its authentication/senderAuthType/userRole keys are not read', () => {
      const j = byId.get('MF_JMS')!;
      assert.strictEqual(j.authorization, 'none');
      assert.strictEqual(j.modeProperty, undefined);
      assert.strictEqual(j.roleProperty, undefined);
      assert.strictEqual(j.role, undefined);
      assert.ok(j.properties.has('authentication'));
    });

    it('empty values: <value></value> mode → unknown; <value /> role → empty', () => {
      const e = byId.get('MF_EMPTY')!;
      assert.strictEqual(e.authorization, 'unknown');
      assert.strictEqual(e.modeValue, '');
      assert.strictEqual(e.modeProperty!.selfClosing, false);
      assert.strictEqual(text.slice(e.modeProperty!.range.start - 7, e.modeProperty!.range.end + 8), '<value></value>');
      assert.strictEqual(e.roleProperty!.selfClosing, true);
      assert.strictEqual(text.slice(e.roleProperty!.range.start - 6, e.roleProperty!.range.start), '<value');
      assert.strictEqual(e.role, '');
      assert.deepStrictEqual(e.certificates, []);
    });

    it('ProcessDirect via cmdVariantUri with a vendor:: segment → none', () => {
      const p = byId.get('MF_PD')!;
      assert.strictEqual(p.adapter, 'ProcessDirect');
      assert.strictEqual(p.adapterVersion, '1.1.2');
      assert.strictEqual(p.authorization, 'none');
    });

    it('AS2 (cname without sap:): placeholders with spaces and escaped <> resolve from parameters', () => {
      const a = byId.get('MF_AS2')!;
      assert.strictEqual(a.adapter, 'AS2');
      assert.strictEqual(a.authorization, 'clientCertificate');
      assert.strictEqual(a.roleProperty?.raw, '{{&lt;AS2 role&gt;}}');
      assert.strictEqual(a.role, 'AS2.partner');
      const without = parseIFlow(text, 'a.iflw').channels.find((c) => c.id === 'MF_AS2')!;
      assert.strictEqual(without.authorization, 'externalized');
    });
  });

  it('a flow with only receiver channels has no sender channels', () => {
    const doc = parseIFlow(readText('iflows', 'no-sender.iflw'), 'no-sender.iflw');
    assert.strictEqual(doc.error, undefined);
    assert.deepStrictEqual(doc.channels, []);
    assert.strictEqual(doc.iflowId, 'no-sender');
  });

  describe('errors', () => {
    it('malformed XML: the parser message at its line/column', () => {
      const text = readText('iflows', 'malformed.iflw');
      const doc = parseIFlow(text, 'malformed.iflw');
      assert.ok(doc.error);
      assert.match(doc.error!.message, /not well-formed XML: .*messageFlow/);
      const pos = new LineIndex(text).positionAt(doc.error!.range.start);
      assert.deepStrictEqual(pos, { line: 4, character: 4 }); // the </bpmn2:collaboration> that closes nothing open
      assert.ok(text.startsWith('</bpmn2:collaboration>', doc.error!.range.start));
      assert.deepStrictEqual(doc.channels, []);
    });

    it('malformed XML with CRLF and a BOM: the position is still right', () => {
      const text = '\ufeff<a>\r\n  <b>\r\n</a>';
      const doc = parseIFlow(text, 'x.iflw');
      assert.ok(doc.error);
      assert.ok(text.startsWith('</a>', doc.error!.range.start), `at ${doc.error!.range.start}`);
      const t1 = '\ufeff<a></b>';
      const d1 = parseIFlow(t1, 'x.iflw');
      assert.ok(t1.startsWith('</b>', d1.error!.range.start), `BOM on the error line: at ${d1.error!.range.start}`);
      const t2 = '<a>\r\n<b x="1></b>\r\n</a>';
      const d2 = parseIFlow(t2, 'x.iflw');
      assert.ok(d2.error);
      assert.deepStrictEqual(new LineIndex(t2).positionAt(d2.error!.range.start).line, 1);
    });

    it('empty and garbage input give an error, never a throw', () => {
      for (const t of ['', '   ', 'hello', '<', '<<<>>>', '\u0000\u0001', '<a></b>', '<?xml version="1.0"?>', '<a>&bogus;</a>'.repeat(2)]) {
        const doc = parseIFlow(t, 'x.iflw');
        assert.ok(doc.error, `error for ${JSON.stringify(t)}`);
        assert.deepStrictEqual(doc.channels, []);
        assert.ok(doc.error!.range.start >= 0 && doc.error!.range.end <= t.length);
      }
      assert.doesNotThrow(() => parseIFlow(undefined as unknown as string, undefined as unknown as string));
    });

    it('well-formed but not an iFlow: error at the root element', () => {
      const text = readText('iflows', 'not-an-iflow.xml');
      const doc = parseIFlow(text, 'pom.xml');
      assert.match(doc.error!.message, /^not an iFlow: the root element is \{http:\/\/maven.apache.org\/POM\/4.0.0\}project/);
      assert.strictEqual(slice(text, doc.error!.range), '<project xmlns="http://maven.apache.org/POM/4.0.0">');
      assert.deepStrictEqual(doc.channels, []);
    });

    it('definitions in another namespace is not an iFlow', () => {
      const text = readText('iflows', 'wrong-namespace.iflw');
      const doc = parseIFlow(text, 'w.iflw');
      assert.match(doc.error!.message, /^not an iFlow: .*urn:something-else/);
      assert.ok(text.startsWith('<x:definitions', doc.error!.range.start));
    });

    it('BPMN definitions without a collaboration is not an iFlow', () => {
      const text = readText('iflows', 'no-collaboration.iflw');
      const doc = parseIFlow(text, 'n.iflw');
      assert.match(doc.error!.message, /^not an iFlow: .*collaboration/);
      assert.ok(text.startsWith('<bpmn2:definitions', doc.error!.range.start));
    });

    it('a DOCTYPE entity bomb is refused at the first <!ENTITY, nothing expanded', () => {
      const text = readText('iflows', 'doctype-bomb.iflw');
      // Expanding the entities would read gigabytes; refusing reads the text a few times.
      const { result: doc } = assertWorkWithin('the entity bomb', 4 * text.length, () => parseIFlow(text, 'bomb.iflw'));
      assert.match(doc.error!.message, /DOCTYPE with ENTITY declarations/);
      assert.strictEqual(slice(text, doc.error!.range), '<!ENTITY');
      assert.strictEqual(new LineIndex(text).positionAt(doc.error!.range.start).line, 2);
      assert.deepStrictEqual(doc.channels, []);
    });

    it('a DOCTYPE without entities is accepted; undeclared entities are not expanded', () => {
      const text = '<!DOCTYPE definitions>\n' + readText('iflows', 'no-sender.iflw').replace(/^<\?xml[^>]*>\n/, '').replace('name="HTTP"', 'name="&foo; &#65;"');
      const doc = parseIFlow(text, 'd.iflw');
      assert.strictEqual(doc.error, undefined);
      assert.deepStrictEqual(doc.channels, []);
    });
  });

  describe('deep nesting', () => {
    const N = 100000;
    it(`100,000 nested elements outside the collaboration: no stack overflow, channels found`, function () {
      this.timeout(60000);
      const base = readText('iflows', 'other-prefixes.iflw');
      const deep = '<process id="P">' + '<d>'.repeat(N) + 'x' + '</d>'.repeat(N) + '</process>';
      const text = base.replace('</definitions>', deep + '</definitions>');
      const doc = parseIFlow(text, 'deep.iflw');
      assert.strictEqual(doc.error, undefined);
      assert.deepStrictEqual(doc.channels.map((c) => c.id), ['MessageFlow_9']);
      assert.strictEqual(doc.channels[0].certificates.length, 2);
    });

    it(`100,000 nested elements inside a messageFlow, and unclosed: answers`, function () {
      this.timeout(60000);
      const base = readText('iflows', 'other-prefixes.iflw');
      const inside = base.replace('<extensionElements>', '<extensionElements>' + '<q>'.repeat(N) + '</q>'.repeat(N));
      const d1 = parseIFlow(inside, 'deep.iflw');
      assert.strictEqual(d1.error, undefined);
      assert.strictEqual(d1.channels[0].authorization, 'clientCertificate');
      const broken = base.replace('<extensionElements>', '<extensionElements>' + '<q>'.repeat(N));
      const d2 = parseIFlow(broken, 'deep.iflw');
      assert.ok(d2.error);
      assert.deepStrictEqual(d2.channels, []);
    });
  });
});
