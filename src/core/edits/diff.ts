/**
 * A small unified diff (for `iflow-auth fix --dry-run`): line-based, 3 lines of context, the
 * format `git apply` / `patch` read. Lines keep their `\r` so CRLF changes show. Pure.
 */

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n').map((l, i, a) => (i < a.length - 1 ? `${l}\n` : l));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Edit script between two line arrays: common prefix/suffix, then an LCS of the middle (bounded). */
function diffLines(a: string[], b: string[]): Op[] {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const ops: Op[] = a.slice(0, p).map((line) => ({ kind: ' ', line }));
  const am = a.slice(p, a.length - s);
  const bm = b.slice(p, b.length - s);
  if (am.length * bm.length > 4_000_000) {
    for (const line of am) ops.push({ kind: '-', line });
    for (const line of bm) ops.push({ kind: '+', line });
  } else {
    const n = am.length;
    const m = bm.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push({ kind: ' ', line: am[i++] });
        j++;
      } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.push({ kind: '-', line: am[i++] });
      } else {
        ops.push({ kind: '+', line: bm[j++] });
      }
    }
  }
  for (const line of a.slice(a.length - s)) ops.push({ kind: ' ', line });
  return ops;
}

const NO_EOL = '\\ No newline at end of file\n';

function render(op: Op): string {
  return op.line.endsWith('\n') ? `${op.kind}${op.line}` : `${op.kind}${op.line}\n${NO_EOL}`;
}

/**
 * Unified diff of two texts ('' when equal). `oldText` undefined: the file is created
 * (`--- /dev/null`).
 */
export function unifiedDiff(oldName: string, newName: string, oldText: string | undefined, newText: string, context = 3): string {
  if (oldText === newText) return '';
  const ops = diffLines(splitLines(oldText ?? ''), splitLines(newText));
  const out: string[] = [`--- ${oldText === undefined ? '/dev/null' : oldName}\n`, `+++ ${newName}\n`];
  const changed = ops.map((o, k) => (o.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  let k = 0;
  while (k < changed.length) {
    const first = changed[k];
    let last = first;
    while (k + 1 < changed.length && changed[k + 1] - last <= 2 * context + 1) last = changed[++k];
    k++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    let oldStart = 0;
    let newStart = 0;
    for (let i = 0; i < from; i++) {
      if (ops[i].kind !== '+') oldStart++;
      if (ops[i].kind !== '-') newStart++;
    }
    const hunk = ops.slice(from, to);
    const oldLen = hunk.filter((o) => o.kind !== '+').length;
    const newLen = hunk.filter((o) => o.kind !== '-').length;
    const range = (start: number, len: number): string => `${len === 0 ? start : start + 1}${len === 1 ? '' : `,${len}`}`;
    out.push(`@@ -${range(oldStart, oldLen)} +${range(newStart, newLen)} @@\n`);
    for (const o of hunk) out.push(render(o));
  }
  return out.join('');
}
