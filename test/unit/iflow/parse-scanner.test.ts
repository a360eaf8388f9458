import * as assert from 'assert';
import { XMLParser } from 'fast-xml-parser';
import * as fs from 'fs';
import * as path from 'path';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { assertRangesExact, fixture, readText } from './helpers';
import { filesUnder } from '../support/files';

/**
 * parseIFlow validates the whole document but builds elements only for the collaboration (see
 * scanSkeleton in parse.ts). These tests check that the skipped parts cannot confuse it and that
 * malformed XML anywhere is still reported where it is.
 */
describe('parseIFlow: the collaboration-only scanner', () => {
  const base = readText('iflows', 'other-prefixes.iflw');
  const withProcess = (process: string): string => base.replace('</definitions>', `${process}</definitions>`);
  const before = (extra: string): string => base.replace('<collaboration', `${extra}<collaboration`);

  it('markup outside the collaboration that looks like tags does not confuse it', () => {
    const tricky = [
      '<!-- <collaboration><messageFlow id="fake"> -->',
      '<![CDATA[ <messageFlow id="cdata"> </collaboration> ]]>',
      '<?pi <collaboration> ?>',
      '<process id="P" name="a > b" other=\'x"y\'><d a="/>"/><e>text &gt; &amp; more</e></process>',
    ].join('\n');
    for (const text of [withProcess(tricky), before(tricky)]) {
      const doc = parseIFlow(text, 't.iflw');
      assert.strictEqual(doc.error, undefined);
      assert.deepStrictEqual(doc.channels.map((c) => c.id), ['MessageFlow_9']);
      assert.ok(assertRangesExact(doc) > 0);
    }
  });

  it('malformed XML after the collaboration is reported at its position', () => {
    const text = withProcess('<process id="P">\n<a></b>\n</process>');
    const doc = parseIFlow(text, 't.iflw');
    assert.match(doc.error!.message, /^not well-formed XML/);
    assert.ok(text.startsWith('</b>', doc.error!.range.start), `at ${doc.error!.range.start}`);
    assert.deepStrictEqual(doc.channels, []);
  });

  it('an XML declaration with unpaired quotes is reported at the declaration', () => {
    const text = base.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0 encoding="UTF-8"?>');
    const doc = parseIFlow(text, 't.iflw');
    assert.strictEqual(doc.error!.message, 'not well-formed XML: malformed XML declaration');
    assert.strictEqual(doc.error!.range.start, 0);
  });

  it('attribute values: line ends normalized to LF, entities decoded, offsets in the original text', () => {
    const text = base.replace('name="Partner &amp; Co HTTPS"', 'name="Partner\r\n&amp; Co"').replace(/\n/g, '\r\n').replace(/\r\r\n/g, '\r\n');
    const doc = parseIFlow(text, 't.iflw');
    assert.strictEqual(doc.error, undefined);
    assert.strictEqual(doc.channels[0].name, 'Partner\n& Co');
    assertRangesExact(doc);
  });

  it('element spans equal fast-xml-parser\'s on every real fixture (LF and CRLF)', () => {
    const root = fixture('real');
    const files = filesUnder(root, (f) => f.endsWith('.iflw'));
    assert.ok(files.length >= 10);
    const meta = XMLParser.getMetaDataSymbol() as symbol;
    type Node = Record<string | symbol, unknown>;
    for (const file of files) {
      for (const text of [fs.readFileSync(file, 'utf8'), fs.readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n')]) {
        // Reference: every messageFlow's span from a full fast-xml-parser tree.
        const tree = new XMLParser({ preserveOrder: true, captureMetaData: true, ignoreAttributes: false, processEntities: false }).parse(text) as Node[];
        const spans: string[] = [];
        const stack: Node[] = [...tree];
        while (stack.length) {
          const n = stack.pop()!;
          const name = Object.keys(n).find((k) => k !== ':@');
          if (!name || !Array.isArray(n[name])) continue;
          const m = n[meta] as { startIndex: number; endIndex: number } | undefined;
          if (name.endsWith('messageFlow') && m) spans.push(`${m.startIndex}-${m.endIndex}`);
          stack.push(...(n[name] as Node[]));
        }
        const doc = parseIFlow(text, path.basename(file));
        assert.strictEqual(doc.error, undefined, file);
        for (const c of doc.channels) {
          assert.ok(spans.includes(`${c.elementRange.start}-${c.elementRange.end}`), `${path.basename(file)} ${c.id}`);
        }
      }
    }
  });
});
