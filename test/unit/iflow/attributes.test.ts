import * as assert from 'assert';
import { parseIFlow } from '../../../src/core/iflow/parse';

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

describe('iflow: start tag attributes', () => {
  it('reads names, both quote styles, spaces around =, and CR/LF in values', () => {
    const text = `<bpmn2:definitions xmlns:bpmn2 = "${BPMN}"\r\n  xmlns:ifl='http:///com.sap.ifl.model/Ifl.xsd' a="x\r\ny"><bpmn2:collaboration id="c"><bpmn2:messageFlow id = 'm1' name="In &amp; Out"><bpmn2:extensionElements><ifl:property><key>direction</key><value>Sender</value></ifl:property><ifl:property><key>ComponentType</key><value>HTTPS</value></ifl:property></bpmn2:extensionElements></bpmn2:messageFlow></bpmn2:collaboration></bpmn2:definitions>`;
    const doc = parseIFlow(text, 'a.iflw');
    assert.strictEqual(doc.error, undefined);
    assert.deepStrictEqual(doc.channels.map((c) => [c.id, c.name, c.adapter]), [['m1', 'In & Out', 'HTTPS']]);
  });

  it('a 70 KB attribute name with a BOM inside (found by fuzzing: the old regex took 15 s) is read in one pass', () => {
    // U+FEFF is whitespace to a JavaScript regex but a name character to the XML checker.
    const text = `<?xml version="1.0"?>\r<bpmn2:definitions ${'a'.repeat(35_000)}\uFEFF${'a'.repeat(35_000)}xmlns:bpmn2="${BPMN}"><bpmn2:collaboration/></bpmn2:definitions>`;
    const started = performance.now();
    const doc = parseIFlow(text, 'a.iflw');
    const ms = performance.now() - started;
    assert.deepStrictEqual(doc.channels, []);
    // A hang guard, not a performance assertion: quadratic work here took seconds.
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
  });
});
