import * as assert from 'assert';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { assertLinearWork } from '../support/work';

const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

describe('iflow: start tag attributes', () => {
  it('reads names, both quote styles, spaces around =, and CR/LF in values', () => {
    const text = `<bpmn2:definitions xmlns:bpmn2 = "${BPMN}"\r\n  xmlns:ifl='http:///com.sap.ifl.model/Ifl.xsd' a="x\r\ny"><bpmn2:collaboration id="c"><bpmn2:messageFlow id = 'm1' name="In &amp; Out"><bpmn2:extensionElements><ifl:property><key>direction</key><value>Sender</value></ifl:property><ifl:property><key>ComponentType</key><value>HTTPS</value></ifl:property></bpmn2:extensionElements></bpmn2:messageFlow></bpmn2:collaboration></bpmn2:definitions>`;
    const doc = parseIFlow(text, 'a.iflw');
    assert.strictEqual(doc.error, undefined);
    assert.deepStrictEqual(doc.channels.map((c) => [c.id, c.name, c.adapter]), [['m1', 'In & Out', 'HTTPS']]);
  });

  it('a 70 KB attribute name with a BOM inside (found by fuzzing: the old regex took 15 s) is read in one pass', function () {
    // U+FEFF is whitespace to a JavaScript regex but a name character to the XML checker. The old
    // attribute regex backtracked quadratically; attributes are now read by a scanner (charCodeAt
    // and indexOf, no regex), whose work is counted: 4× the name must cost about 4× the work. The
    // mocha timeout is a hang guard only.
    this.timeout(60_000);
    const make = (n: number): string => `<?xml version="1.0"?>\r<bpmn2:definitions ${'a'.repeat(n)}\uFEFF${'a'.repeat(n)}xmlns:bpmn2="${BPMN}"><bpmn2:collaboration/></bpmn2:definitions>`;
    assertLinearWork('a long attribute name', make, (text) => parseIFlow(text, 'a.iflw'), 10_000);
    const doc = parseIFlow(make(35_000), 'a.iflw');
    assert.strictEqual(doc.error, undefined);
    assert.deepStrictEqual(doc.channels, []);
  });
});
