/**
 * The unified diff `iflow-auth fix --dry-run` prints: 3 lines of context, the format `git apply`
 * and `patch` read. Lines keep their `\r`, so a changed line ending shows. The diff itself is
 * jsdiff's (Myers' algorithm: time grows with the size of the change, not of the file, so two
 * one-line edits far apart in a large iFlow print two small hunks). Pure.
 */
import { structuredPatch } from 'diff';

/** A hunk header's range, as GNU diff writes it: `start,length`, `start` alone for one line. */
function range(start: number, length: number): string {
  if (length === 0) return `${start - 1},0`;
  return length === 1 ? `${start}` : `${start},${length}`;
}

/**
 * Unified diff of two texts ('' when equal). `oldText` undefined: the file is created
 * (`--- /dev/null`).
 */
export function unifiedDiff(oldName: string, newName: string, oldText: string | undefined, newText: string, context = 3): string {
  if (oldText === newText) return '';
  const { hunks } = structuredPatch(oldName, newName, oldText ?? '', newText, undefined, undefined, { context });
  const out: string[] = [`--- ${oldText === undefined ? '/dev/null' : oldName}\n`, `+++ ${newName}\n`];
  for (const hunk of hunks) {
    out.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@\n`);
    for (const line of hunk.lines) out.push(`${line}\n`);
  }
  return out.join('');
}
