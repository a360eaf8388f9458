import * as assert from 'assert';
import { exportRootOf, iflowBaseName, isIFlowPath, manifestPathOf, parametersPathOf } from '../../../src/core/iflow/layout';
import { parseManifest } from '../../../src/core/iflow/manifest';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { LineIndex } from '../../../src/core/text';
import { readText } from './helpers';

describe('iflow: manifest', () => {
  it('reads the real Emarsys MANIFEST.MF (CRLF, 72-byte continuation lines)', () => {
    const m = parseManifest(readText('real', 'D063654_Emarsys_Replicate_Contact', 'META-INF', 'MANIFEST.MF'));
    assert.strictEqual(m.symbolicName, 'Replicate_Contacts_to_SAP_Emarsys_API');
    assert.strictEqual(m.name, 'Replicate Contacts to SAP Emarsys API');
    const imp = m.headers!.get('Import-Package')!;
    assert.ok(imp.includes('com.sap.esb.security,com.sap.it.op.agent.api'), 'continuations joined without the leading space');
    assert.ok(imp.endsWith('org.osgi.service.blueprint;version="[1.0.0,2.0.0)"'));
  });

  it('joins a continuation in the middle of a value, strips ;singleton:=true, LF or CR', () => {
    for (const nl of ['\n', '\r', '\r\n']) {
      const m = parseManifest(['Manifest-Version: 1.0', 'Bundle-SymbolicName: com.acme.Very_Long_Flow_Na', ' me; singleton:=true', 'Bundle-Name: Order', '  s In', ''].join(nl));
      assert.strictEqual(m.symbolicName, 'com.acme.Very_Long_Flow_Name');
      assert.strictEqual(m.name, 'Order s In');
    }
  });

  it('header names are case-insensitive; later sections are ignored; missing headers are undefined', () => {
    assert.strictEqual(parseManifest('bundle-symbolicname: x\n\nName: y\nBundle-Name: z\n').name, undefined);
    assert.strictEqual(parseManifest('bundle-symbolicname: x\n').symbolicName, 'x');
    assert.deepStrictEqual([parseManifest('').symbolicName, parseManifest('garbage').name], [undefined, undefined]);
  });

  it('parseIFlow takes id and name from the manifest, else from the file name', () => {
    const text = readText('iflows', 'no-sender.iflw');
    const d1 = parseIFlow(text, 'x/Flow.iflw', { manifest: 'Bundle-SymbolicName: Flow_Id;singleton:=true\nBundle-Name: Flow Name\n' });
    assert.deepStrictEqual([d1.iflowId, d1.iflowName], ['Flow_Id', 'Flow Name']);
    const d2 = parseIFlow(text, 'x\\y\\My Flow.IFLW', { manifest: 'Manifest-Version: 1.0\n' });
    assert.deepStrictEqual([d2.iflowId, d2.iflowName], ['My Flow', 'My Flow']);
    const d3 = parseIFlow(text, 'pkg.zip!/abc_content!/src/main/resources/scenarioflows/integrationflow/Inner.iflw');
    assert.deepStrictEqual([d3.iflowId, d3.iflowName], ['Inner', 'Inner']);
  });
});

describe('iflow: export layout paths', () => {
  it('exportRootOf with / and \\ separators, URIs and archive paths', () => {
    assert.strictEqual(exportRootOf('/repo/Flow/src/main/resources/scenarioflows/integrationflow/Flow.iflw'), '/repo/Flow');
    assert.strictEqual(exportRootOf('C:\\repo\\Flow\\src\\main\\resources\\scenarioflows\\integrationflow\\Flow.iflw'), 'C:\\repo\\Flow');
    assert.strictEqual(exportRootOf('file:///c%3A/r/F/src/main/resources/scenarioflows/integrationflow/F.iflw'), 'file:///c%3A/r/F');
    assert.strictEqual(exportRootOf('a.zip!/src/main/resources/scenarioflows/integrationflow/F.iflw'), 'a.zip!');
    assert.strictEqual(exportRootOf('src/main/resources/scenarioflows/integrationflow/F.iflw'), '');
    assert.strictEqual(exportRootOf('/repo/Flow/F.iflw'), undefined);
    assert.strictEqual(exportRootOf('/repo/src/main/resources/scenarioflows/integrationflow/sub/F.iflw'), undefined);
    assert.strictEqual(exportRootOf('/repo/x/src/main/resources/scenarioflows/integrationflow/'), undefined);
  });

  it('manifestPathOf / parametersPathOf keep the separator style', () => {
    assert.strictEqual(manifestPathOf('/repo/Flow'), '/repo/Flow/META-INF/MANIFEST.MF');
    assert.strictEqual(parametersPathOf('/repo/Flow'), '/repo/Flow/src/main/resources/parameters.prop');
    assert.strictEqual(manifestPathOf('C:\\repo\\Flow'), 'C:\\repo\\Flow\\META-INF\\MANIFEST.MF');
    assert.strictEqual(parametersPathOf('C:\\repo\\Flow\\'), 'C:\\repo\\Flow\\src\\main\\resources\\parameters.prop');
    assert.strictEqual(manifestPathOf(''), 'META-INF/MANIFEST.MF');
    assert.strictEqual(manifestPathOf('a.zip!'), 'a.zip!/META-INF/MANIFEST.MF');
  });

  it('isIFlowPath and iflowBaseName', () => {
    assert.strictEqual(isIFlowPath('a/b/Flow.iflw'), true);
    assert.strictEqual(isIFlowPath('C:\\a\\Flow.IFLW'), true);
    assert.strictEqual(isIFlowPath('file:///a/Flow.iflw?x=1'), true);
    assert.strictEqual(isIFlowPath('a/Flow.iflw.bak'), false);
    assert.strictEqual(isIFlowPath('a/parameters.prop'), false);
    assert.strictEqual(iflowBaseName('file:///a/My%20Flow.iflw'), 'My Flow');
    assert.strictEqual(iflowBaseName('a\\b\\X.iflw'), 'X');
    assert.strictEqual(iflowBaseName('X'), 'X');
  });
});

describe('core/text: LineIndex', () => {
  const text = 'ab\r\ncd\neé\rlast';
  const idx = new LineIndex(text);

  it('positionAt over \\r\\n, \\n and \\r', () => {
    assert.strictEqual(idx.lineCount, 4);
    assert.deepStrictEqual(idx.positionAt(0), { line: 0, character: 0 });
    assert.deepStrictEqual(idx.positionAt(2), { line: 0, character: 2 });
    assert.deepStrictEqual(idx.positionAt(4), { line: 1, character: 0 });
    assert.deepStrictEqual(idx.positionAt(7), { line: 2, character: 0 });
    assert.deepStrictEqual(idx.positionAt(10), { line: 3, character: 0 });
    assert.deepStrictEqual(idx.positionAt(text.length), { line: 3, character: 4 });
    assert.deepStrictEqual(idx.positionAt(999), { line: 3, character: 4 });
    assert.deepStrictEqual(idx.positionAt(-5), { line: 0, character: 0 });
  });

  it('offsetAt inverts positionAt and clamps the character to the line content', () => {
    for (let o = 0; o <= text.length; o++) {
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // between \r and \n: not a position
      const p = idx.positionAt(o);
      assert.strictEqual(idx.offsetAt(p.line, p.character), o, `offset ${o}`);
    }
    assert.strictEqual(idx.offsetAt(0, 99), 2);
    assert.strictEqual(idx.offsetAt(2, 99), 9);
    assert.strictEqual(idx.offsetAt(99, 0), text.length);
    assert.strictEqual(idx.offsetAt(-1, 0), 0);
  });

  it('handles empty text and a trailing newline', () => {
    assert.deepStrictEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
    const t = new LineIndex('x\n');
    assert.strictEqual(t.lineCount, 2);
    assert.deepStrictEqual(t.positionAt(2), { line: 1, character: 0 });
  });
});
