import * as assert from 'assert';
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
