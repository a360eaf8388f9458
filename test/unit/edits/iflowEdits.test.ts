import * as assert from 'assert';
import {
  appendCertificateRows,
  certificateTableValue,
  insertProperty,
  removeCertificateRows,
  setCertificateRows,
  setChannelValue,
  setPropertyValue,
} from '../../../src/core/edits/iflowEdits';
import { applyTextEdits, mergeFileEdits, minimalEdit } from '../../../src/core/edits/types';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { assertChangedOnlyWithin, channel, read } from '../fixes/helpers';

const LF = read('fixes', 'Fix_Flow.iflw');
const CRLF = LF.replace(/\n/g, '\r\n');

describe('edits: applyTextEdits', () => {
  it('applies edits in any order and refuses overlaps', () => {
    assert.strictEqual(applyTextEdits('abcdef', [{ start: 4, end: 5, newText: 'E' }, { start: 0, end: 1, newText: 'A' }]), 'AbcdEf');
    assert.strictEqual(applyTextEdits('ab', [{ start: 1, end: 1, newText: 'x' }, { start: 1, end: 1, newText: 'y' }]), 'axyb');
    assert.throws(() => applyTextEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]), /overlapping/);
    assert.throws(() => applyTextEdits('ab', [{ start: 1, end: 9, newText: '' }]), /outside/);
  });
  it('minimalEdit keeps the common prefix and suffix', () => {
    assert.deepStrictEqual(minimalEdit('hello world', 'hello there world'), { start: 6, end: 6, newText: 'there ' });
  });
  it('mergeFileEdits joins edits of one file and refuses different bases', () => {
    const merged = mergeFileEdits([
      { file: 'a', baseText: 'abc', edits: [{ start: 0, end: 1, newText: 'A' }] },
      { file: 'a', baseText: 'abc', edits: [{ start: 2, end: 3, newText: 'C' }, { start: 1, end: 2, newText: 'b' }] },
    ]);
    assert.strictEqual(merged.length, 1);
    assert.strictEqual(merged[0].edits.length, 2, 'the no-op edit is dropped');
    assert.throws(() => mergeFileEdits([{ file: 'a', baseText: 'x', edits: [] }, { file: 'a', baseText: 'y', edits: [] }]));
  });
});

for (const [eol, text] of [['LF', LF], ['CRLF', CRLF]] as const) {
  describe(`edits: iFlow edits (${eol}, no final newline)`, () => {
    const doc = parseIFlow(text, 'Fix_Flow.iflw');
    const orders = channel(doc, 'HTTPS_Orders');

    it('setPropertyValue replaces only the value text, escaping it', () => {
      const prop = orders.properties.get('userRole')!;
      const edit = setPropertyValue(doc, prop, 'A&B<C>.send');
      const after = applyTextEdits(text, [edit]);
      assertChangedOnlyWithin(text, after, prop.range.start, prop.range.end);
      const re = parseIFlow(after, 'x.iflw');
      assert.strictEqual(channel(re, 'HTTPS_Orders').role, 'A&B<C>.send');
      assert.ok(after.includes('<value>A&amp;B&lt;C&gt;.send</value>'));
      assert.ok(!after.endsWith('\n'), 'still no final newline');
    });

    it('<value/> becomes <value>x</value>; an empty value keeps its form', () => {
      const odata = channel(doc, 'OData_Sender');
      const role = odata.properties.get('userRole')!;
      assert.strictEqual(role.selfClosing, true);
      const after = applyTextEdits(text, [setPropertyValue(doc, role, 'R.send')]);
      assert.strictEqual(channel(parseIFlow(after, 'x'), 'OData_Sender').role, 'R.send');
      assert.strictEqual(after.length - text.length, '<value>R.send</value>'.length - '<value/>'.length);
      assert.strictEqual(applyTextEdits(text, [setPropertyValue(doc, role, '')]), text, '<value/> stays');
      const noRole = channel(doc, 'HTTPS_NoRole').properties.get('userRole')!;
      assert.strictEqual(noRole.selfClosing, false);
      assert.strictEqual(applyTextEdits(text, [setPropertyValue(doc, noRole, '')]), text, '<value></value> stays');
      const set = applyTextEdits(text, [setPropertyValue(doc, noRole, 'X')]);
      assert.ok(set.includes('<value>X</value>'));
    });

    it('insertProperty copies the neighbours\' markup, indentation and line end', () => {
      const legacy = channel(doc, 'HTTPS_Legacy');
      const edit = insertProperty(doc, legacy, 'userRole', 'New.send');
      const after = applyTextEdits(text, [edit]);
      const nl = eol === 'LF' ? '\n' : '\r\n';
      assert.strictEqual(edit.newText, `${nl}                <ifl:property>${nl}                    <key>userRole</key>${nl}                    <value>New.send</value>${nl}                </ifl:property>`);
      const re = channel(parseIFlow(after, 'x'), 'HTTPS_Legacy');
      assert.strictEqual(re.role, 'New.send');
      assert.strictEqual(re.certificates.length, 1);
      if (eol === 'CRLF') assert.ok(!/[^\r]\n/.test(after), 'no bare LF introduced');
    });

    it('certificateTableValue is the designer\'s decoded format', () => {
      assert.strictEqual(
        certificateTableValue([{ subjectDN: 'CN=a & b, O=<x>', issuerDN: 'CN=CA' }, { subjectDN: 'CN=c', issuerDN: 'CN=CA' }]),
        "<row><cell id='clientCertificate.subjectDN'>CN=a &amp; b, O=&lt;x&gt;</cell><cell id='clientCertificate.issuerDN'>CN=CA</cell></row>"
        + "<row><cell id='clientCertificate.subjectDN'>CN=c</cell><cell id='clientCertificate.issuerDN'>CN=CA</cell></row>",
      );
    });

    it('setCertificateRows writes rows that parse back, and [] as <value/>', () => {
      const rows = [{ subjectDN: 'CN=a & b, O=X', issuerDN: 'CN=CA' }];
      const after = applyTextEdits(text, [setCertificateRows(doc, orders, rows)]);
      const re = channel(parseIFlow(after, 'x'), 'HTTPS_Orders');
      assert.deepStrictEqual(re.certificates.map((e) => [e.subjectDN.value, e.issuerDN.value]), [['CN=a & b, O=X', 'CN=CA']]);
      assert.ok(after.includes('CN=a &amp;amp; b, O=X'), 'escaped twice in the source, as the designer writes it');
      const emptied = applyTextEdits(text, [setCertificateRows(doc, orders, [])]);
      const p = orders.certificatesProperty!;
      assertChangedOnlyWithin(text, emptied, p.elementRange.start, p.elementRange.end);
      const e = channel(parseIFlow(emptied, 'x'), 'HTTPS_Orders');
      assert.strictEqual(e.certificates.length, 0);
      assert.strictEqual(e.certificatesProperty!.selfClosing, true);
    });

    it('appendCertificateRows adds rows after the last one, quoted as the designer quotes them', () => {
      const rows = [{ subjectDN: "CN=o'brien & co, O=X", issuerDN: 'CN=CA' }];
      const edit = appendCertificateRows(doc, orders, rows);
      assert.strictEqual(edit.start, orders.certificatesProperty!.range.end);
      assert.strictEqual(edit.newText, "&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;CN=o'brien &amp;amp; co, O=X&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;CN=CA&lt;/cell&gt;&lt;/row&gt;");
      const re = channel(parseIFlow(applyTextEdits(text, [edit]), 'x'), 'HTTPS_Orders');
      assert.strictEqual(re.certificates.length, orders.certificates.length + 1);
      assert.deepStrictEqual([re.certificates.at(-1)!.subjectDN.value, re.certificates.at(-1)!.issuerDN.value], ["CN=o'brien & co, O=X", 'CN=CA']);
      const noTable = channel(doc, 'HTTPS_NoRole');
      const added = channel(parseIFlow(applyTextEdits(text, [appendCertificateRows(doc, noTable, rows)]), 'x'), 'HTTPS_NoRole');
      assert.deepStrictEqual(added.certificates.map((e) => e.subjectDN.value), ["CN=o'brien & co, O=X"], 'a channel without a table gets one');
    });

    it('removeCertificateRows removes exactly those rows\' bytes', () => {
      const rows = orders.certificates;
      assert.strictEqual(rows.length, 4);
      const edit = removeCertificateRows(doc, orders, [2, 3]);
      const after = applyTextEdits(text, [edit]);
      assert.strictEqual(after, text.slice(0, rows[2].range.start) + text.slice(rows[3].range.end));
      const re = channel(parseIFlow(after, 'x'), 'HTTPS_Orders');
      assert.deepStrictEqual(re.certificates.map((r) => r.subjectDN.value), ['CN=acme-client, O=ACME, C=DE', 'CN=globex & sons, O=Globex, C=US']);
      const middle = applyTextEdits(text, [removeCertificateRows(doc, orders, [1])]);
      assert.strictEqual(middle, text.slice(0, rows[1].range.start) + text.slice(rows[1].range.end));
      const all = applyTextEdits(text, [removeCertificateRows(doc, orders, [0, 1, 2, 3])]);
      assert.strictEqual(channel(parseIFlow(all, 'x'), 'HTTPS_Orders').certificatesProperty!.selfClosing, true);
      assert.strictEqual(applyTextEdits(text, [removeCertificateRows(doc, orders, [9])]), text);
    });

    it('setChannelValue edits parameters.prop for a {{placeholder}}, else the iFlow', () => {
      const ext = channel(doc, 'SOAP_Ext');
      const params = { file: 'parameters.prop', text: 'SenderAuth=ClientCertificate\n' };
      const [fe] = setChannelValue(doc, ext, ext.modeProperty!, 'RoleBased', params);
      assert.strictEqual(fe.file, 'parameters.prop');
      assert.strictEqual(applyTextEdits(fe.baseText, fe.edits), 'SenderAuth=RoleBased\n');
      const [created] = setChannelValue(doc, ext, ext.roleProperty!, 'R', { file: 'p', text: undefined });
      assert.strictEqual(created.create, true);
      assert.strictEqual(applyTextEdits('', created.edits), 'Sender\\ Role=R\n');
      const [inIflow] = setChannelValue(doc, ext, ext.modeProperty!, 'RoleBased', undefined);
      assert.strictEqual(inIflow.file, 'Fix_Flow.iflw');
      const [added] = setChannelValue(doc, channel(doc, 'HTTPS_Legacy'), 'userRole', 'Z', params);
      assert.strictEqual(added.file, 'Fix_Flow.iflw');
      assert.strictEqual(channel(parseIFlow(applyTextEdits(text, added.edits), 'x'), 'HTTPS_Legacy').role, 'Z');
    });
  });
}
