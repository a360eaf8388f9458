import * as assert from 'assert';
import { applyPatch } from 'diff';
import fc from 'fast-check';
import { unifiedDiff } from '../../../src/core/edits/diff';

describe('edits: unifiedDiff', () => {
  it('is empty for equal texts', () => assert.strictEqual(unifiedDiff('a', 'b', 'x\n', 'x\n'), ''));
  it('writes hunks with context, - before +', () => {
    const old = Array.from({ length: 20 }, (_, i) => `l${i}\n`).join('');
    const neu = old.replace('l10\n', 'L10\n');
    assert.strictEqual(unifiedDiff('a/f', 'b/f', old, neu), '--- a/f\n+++ b/f\n@@ -8,7 +8,7 @@\n l7\n l8\n l9\n-l10\n+L10\n l11\n l12\n l13\n');
  });
  it('marks a missing final newline and new files', () => {
    assert.strictEqual(unifiedDiff('a/f', 'b/f', 'x', 'y'), '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n');
    assert.strictEqual(unifiedDiff('a/f', 'b/f', undefined, 'n\n'), '--- /dev/null\n+++ b/f\n@@ -0,0 +1 @@\n+n\n');
  });
});

describe('edits: unifiedDiff on large files', () => {
  it('two one-line edits 11,067 lines apart print two small hunks, not the whole file', () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => `  <line n="${i}"/>\n`);
    const old = lines.join('');
    const neu = lines.map((l, i) => (i === 100 || i === 11_167 ? l.replace('line', 'LINE') : l)).join('');
    const diff = unifiedDiff('a/f', 'b/f', old, neu);
    const out = diff.split('\n').filter(Boolean);
    assert.strictEqual(out.length, 2 + 2 * (1 + 3 + 2 + 3), diff.slice(0, 2000));
    assert.deepStrictEqual(out.filter((l) => l.startsWith('@@')), ['@@ -98,7 +98,7 @@', '@@ -11165,7 +11165,7 @@']);
  });

  it('keeps \\r, so a changed line ending shows', () => {
    assert.strictEqual(unifiedDiff('a/f', 'b/f', 'a\r\nb\r\n', 'a\nb\r\n'), '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\r\n+a\n b\r\n');
  });

  it('patches that apply: the new text back from the old (jsdiff reads them as patch does)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', 'a\r');
    const text = fc.array(line, { maxLength: 30 }).chain((ls) => fc.boolean().map((eol) => ls.join('\n') + (eol && ls.length ? '\n' : '')));
    fc.assert(fc.property(text, text, (a, b) => {
      const diff = unifiedDiff('a/f', 'b/f', a, b);
      if (a === b) return diff === '';
      return applyPatch(a, diff) === b;
    }), { numRuns: 500 });
  });
});
