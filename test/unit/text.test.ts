import * as assert from 'assert';
import fc from 'fast-check';
import { LineIndex } from '../../src/core/text';

/** The obvious reference: split the text at every line break. */
function reference(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') {
      if (i + 1 < offset) { i++; line++; start = i + 1; }
    } else if (c === '\r' || c === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

describe('LineIndex (lazy)', () => {
  it('agrees with a plain split for any text and any order of questions', () => {
    const text = fc.array(fc.constantFrom('a', 'b', '\n', '\r', '\r\n', ' '), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, fc.array(fc.nat(), { maxLength: 20 }), (t, raw) => {
      const index = new LineIndex(t);
      for (const r of raw) {
        const offset = t.length === 0 ? 0 : r % (t.length + 1);
        assert.deepStrictEqual(index.positionAt(offset), reference(t, offset), `offset ${offset} of ${JSON.stringify(t)}`);
      }
      assert.strictEqual(index.lineCount, reference(t, t.length).line + 1);
    }), { numRuns: 2000 });
  });

  it('only scans as far as asked', () => {
    const big = `${'x\n'.repeat(10)}${'y'.repeat(5_000_000)}`;
    const index = new LineIndex(big);
    assert.deepStrictEqual(index.positionAt(5), { line: 2, character: 1 });
    assert.strictEqual((index as unknown as { scanned: number }).scanned < 100, true);
  });
});
