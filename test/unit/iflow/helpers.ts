import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Zip, ZipDeflate } from 'fflate';
import type { IFlowDocument } from '../../../src/core/model';

/** The repository's test/fixtures folder (tests run from out/test/unit/iflow). */
export const FIXTURES = path.join(__dirname, '../../../../test/fixtures');
export const IFLOW_DIR = 'src/main/resources/scenarioflows/integrationflow';

export function fixture(...p: string[]): string {
  return path.join(FIXTURES, ...p);
}

export function readText(...p: string[]): string {
  return fs.readFileSync(fixture(...p), 'utf8');
}

export function readBytes(...p: string[]): Uint8Array {
  return new Uint8Array(fs.readFileSync(fixture(...p)));
}

/** Every property range of every channel slices to its raw value; value elements sit around it. */
export function assertRangesExact(doc: IFlowDocument): number {
  let checked = 0;
  for (const c of doc.channels) {
    assert.ok(doc.text.slice(c.range.start, c.range.end).startsWith('<'), `${c.id}: start tag starts with <`);
    assert.ok(doc.text.slice(c.range.start, c.range.end).endsWith('>'), `${c.id}: start tag ends with >`);
    assert.match(doc.text.slice(c.elementRange.start, c.elementRange.end), /messageFlow>$/, `${c.id}: element range ends with the end tag`);
    for (const p of c.properties.values()) {
      assert.strictEqual(doc.text.slice(p.range.start, p.range.end), p.raw, `${c.id}/${p.key}: range slices to raw`);
      const el = doc.text.slice(p.elementRange.start, p.elementRange.end);
      assert.match(el, /^<[^>]*property[\s>]/, `${c.id}/${p.key}: element range starts at the property`);
      assert.match(el, /property>$/, `${c.id}/${p.key}: element range ends at the property end tag`);
      if (p.selfClosing) {
        assert.strictEqual(p.raw, '');
        assert.match(doc.text.slice(p.range.start - 6, p.range.start + 2), /<value(\/>|\s)/, `${c.id}/${p.key}: empty range right after <value`);
      } else {
        assert.strictEqual(doc.text[p.range.start - 1], '>', `${c.id}/${p.key}: value starts after >`);
        assert.ok(doc.text.startsWith('</', p.range.end), `${c.id}/${p.key}: value ends before </`);
      }
      checked++;
    }
    for (const e of c.certificates) {
      const row = doc.text.slice(e.range.start, e.range.end);
      assert.ok(row.startsWith('&lt;row'), `${c.id}: row range starts at &lt;row`);
      assert.ok(row.endsWith('&lt;/row&gt;'), `${c.id}: row range ends at &lt;/row&gt;`);
      for (const cell of [e.subjectDN, e.issuerDN]) {
        assert.ok(cell.range.start >= e.range.start && cell.range.end <= e.range.end, 'cell inside row');
        assert.ok(doc.text.slice(cell.range.start - 4, cell.range.start) === '&gt;', 'cell content starts after &gt;');
        assert.ok(doc.text.startsWith('&lt;/cell&gt;', cell.range.end), 'cell content ends before &lt;/cell&gt;');
      }
    }
  }
  return checked;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A zip as streaming writers make it: sizes and CRC in a data descriptor after each entry's data. */
export function streamingZip(files: Array<[string, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [name, data] of files) {
    const entry = new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  return concatBytes(parts);
}
