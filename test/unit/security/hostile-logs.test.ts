/**
 * Hostile log input, generated at test time: binary garbage, a truncated `.gz`, a 10 MB line, a
 * log of another format, compression bombs, a trace record that never ends, control characters.
 * Required: a clear note naming the file, bounded memory (measured while the analysis runs), and
 * the other files still analyzed. (A hang is caught by mocha's time limit, not by timing.)
 */
import * as assert from 'assert';
import { gzipSync, zipSync } from 'fflate';
import { formatLogText, RequestGroups } from '../../../src/core/logs/report';
import { plainStyle } from '../../../src/core/output/text';
import { analyze, enc, fixture, NODE_A, neoLine } from '../logs/support';

const GOOD = 'http_access_good_2026-11-26.log';
/** What a terminal would act on: C0 (but tab and line feed) and C1 control characters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const MB = 1024 * 1024;

/** Runs an analysis of `files` plus the good fixture log, sampling the heap after every request batch. */
async function withGood(files: Record<string, Uint8Array | string>): Promise<{ run: Awaited<ReturnType<typeof analyze>>; grownMB: number; notes: string }> {
  if (global.gc) global.gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const run = await analyze({ ...files, [GOOD]: fixture(NODE_A) }, undefined, {
    checkCancelled: () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    },
  });
  const notes = run.notes.map((n) => `${n.file}: ${n.message}${n.fatal ? ' [fatal]' : ''}`).join('\n');
  assert.strictEqual(run.all.filter((r) => r.record.file === GOOD).length, 17, `the good log is analyzed all the same:\n${notes}`);
  return { run, grownMB: (peak - before) / MB, notes };
}

function pseudoRandom(n: number, seed = 7, from = 0, to = 256): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = from + ((x >>> 16) % (to - from));
  }
  return out;
}

describe('security: hostile logs', function () {
  this.timeout(120_000);

  it('binary garbage: skipped at once with a note (NUL bytes), memory flat', async () => {
    const { grownMB, notes, run } = await withGood({ 'http_access_bin_2026-11-26.log': pseudoRandom(8 * MB) });
    assert.match(notes, /http_access_bin_2026-11-26\.log: binary data \(NUL bytes\), not a text log: skipped \[fatal\]/);
    assert.ok(grownMB < 48, `heap grew ${grownMB.toFixed(1)} MB`);
    assert.strictEqual(run.requests, 17);
  });

  it('high bytes without NUL or line breaks: one overlong line, reported, nothing analyzed of it', async () => {
    const { grownMB, notes } = await withGood({ 'http_access_high_2026-11-26.log': pseudoRandom(6 * MB, 3, 0x80, 0x100) });
    assert.match(notes, /http_access_high_2026-11-26\.log: 1 line longer than 64 KiB skipped \(first: line 1\)/);
    assert.match(notes, /http_access_high_2026-11-26\.log: no access-log or trace lines in the file: nothing was analyzed \[fatal\]/);
    assert.ok(grownMB < 48, `heap grew ${grownMB.toFixed(1)} MB`);
  });

  it('a truncated .gz: the lines before the cut are analyzed, and a note says where it broke off', async () => {
    const gz = gzipSync(fixture(NODE_A));
    const { run, notes } = await withGood({ [`${NODE_A}.gz`]: gz.subarray(0, Math.floor(gz.length * 0.6)) });
    assert.match(notes, new RegExp(`${NODE_A}\\.gz: the \\.gz file is truncated or corrupt at its end .*what came before is analyzed \\(read up to line \\d+\\)`));
    const fromGz = run.all.filter((r) => r.record.file === `${NODE_A}.gz`).length;
    assert.ok(fromGz > 0 && fromGz < 17, `${fromGz} requests read before the cut`);
  });

  it('a .gz that is garbage after its header: a note, no throw', async () => {
    const bad = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, ...pseudoRandom(4096, 11)]);
    const { notes } = await withGood({ 'http_access_badgz_2026-11-26.log.gz': bad });
    assert.match(notes, /http_access_badgz_2026-11-26\.log\.gz: the \.gz file is (corrupt|truncated)/);
  });

  it('a 10 MB line between good lines: skipped while streaming (never held), the lines around it analyzed', async () => {
    const line = (i: number, status: number) => neoLine({ client: `198.51.100.${i}`, caller: 'SHIPPING_PARTNER', time: `26/Nov/2026:03:00:0${i}`, path: '/http/https_shipments', status });
    const text = `${line(1, 200)}\n${'A'.repeat(10 * MB)}\n${line(2, 403)}\n`;
    const { run, grownMB, notes } = await withGood({ 'http_access_long_2026-11-26.log': text });
    assert.match(notes, /http_access_long_2026-11-26\.log: 1 line longer than 64 KiB skipped \(first: line 2\)/);
    assert.deepStrictEqual(run.all.filter((r) => r.record.file === 'http_access_long_2026-11-26.log').map((r) => [r.record.line, r.verdict]), [[1, 'ok'], [3, 'forbidden']]);
    // The 10 MB string itself is an input of this test; the reader adds chunk-sized buffers only.
    assert.ok(grownMB < 48, `heap grew ${grownMB.toFixed(1)} MB`);
  });

  it('a log of another format (JSON lines, W3C): given up after 1,000 lines with a note showing a line', async () => {
    const json = Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ time: '2026-11-26T00:00:00Z', status: 401, path: `/http/x${i}` })).join('\n');
    const w3c = ['#Software: Microsoft Internet Information Services 10.0', '#Fields: date time s-ip cs-method cs-uri-stem sc-status', ...Array.from({ length: 2000 }, () => '2026-11-26 00:00:03 10.0.0.1 POST /http/orders 401')].join('\n');
    const { notes, run } = await withGood({ 'app.jsonl': json, 'u_ex261126.log': w3c });
    assert.match(notes, /app\.jsonl: not an access log or trace: none of its first 1,000 lines is a log line \(line 1: “\{"time":"2026-11-26T00:00:00Z","status":401,"path":"\/http\/x0"\}”\); the rest is skipped \[fatal\]/);
    assert.match(notes, /u_ex261126\.log: not an access log or trace/);
    assert.strictEqual(run.requests, 17);
  });

  it('gzip bombs: zeros are binary at the first chunk; blank lines are given up (after 100,000 or the chunk that passes them); memory flat', async () => {
    const zeros = gzipSync(new Uint8Array(64 * MB), { level: 9 });
    const blank = gzipSync(new Uint8Array(32 * MB).fill(10), { level: 9 });
    assert.ok(zeros.length + blank.length < 256 * 1024, 'the bombs themselves are small');
    const { notes, grownMB } = await withGood({ 'http_access_zeros_2026-11-26.log.gz': zeros, 'http_access_blank_2026-11-26.log.gz': blank });
    assert.match(notes, /http_access_zeros_2026-11-26\.log\.gz: binary data/);
    assert.match(notes, /http_access_blank_2026-11-26\.log\.gz: not an access log or trace: none of its first [\d,]+ lines is a log line \(they are blank\); the rest is skipped \[fatal\]/);
    assert.ok(grownMB < 64, `heap grew ${grownMB.toFixed(1)} MB`);
  });

  it('a zip member that inflates beyond its declared size is stopped (zip bomb), the other member read', async () => {
    const zip = zipSync({ 'http_access_bomb_2026-11-26.log': new Uint8Array(32 * MB).fill(65), [GOOD.replace('good', 'inzip')]: fixture(NODE_A) });
    // Lie about the bomb's size in its central directory entry (the first one).
    const view = new DataView(zip.buffer);
    for (let i = zip.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) {
        if (new TextDecoder().decode(zip.subarray(i + 46, i + 46 + view.getUint16(i + 28, true))).includes('bomb')) view.setUint32(i + 24, 1000, true);
      }
    }
    const { notes, run } = await withGood({ 'logs.zip': zip });
    assert.match(notes, /logs\.zip!http_access_bomb_2026-11-26\.log: the zip entry inflates beyond its declared size of 1000 bytes: possible zip bomb/);
    assert.strictEqual(run.all.filter((r) => r.record.file.startsWith('logs.zip!http_access_inzip')).length, 17);
  });

  it('garbage named .zip, and a zip cut short: a note each', async () => {
    const zip = zipSync({ [NODE_A]: fixture(NODE_A) });
    const { notes } = await withGood({ 'fake.zip': enc('PK\u0003\u0004 not really a zip'), 'cut.zip': zip.subarray(0, zip.length - 30) });
    assert.match(notes, /fake\.zip: not a readable zip archive/);
    assert.match(notes, /cut\.zip: not a readable zip archive/);
  });

  it('a trace record that never ends: cut at 2,000 lines (memory flat), the rest skipped, a note', async () => {
    const lines = ['2026 11 26 00:00:07#+00#ERROR#c##u#t###n#open'];
    for (let i = 0; i < 200_000; i++) lines.push(`\tat frame${i}(X.java:${i})`);
    const { notes, grownMB } = await withGood({ 'ljs_trace_x_2026-11-26.log': lines.join('\n') });
    assert.match(notes, /ljs_trace_x_2026-11-26\.log: 1 trace record longer than 2,000 lines: read up to there/);
    assert.ok(!/not trace lines/.test(notes), notes);
    assert.ok(grownMB < 48, `heap grew ${grownMB.toFixed(1)} MB`);
  });

  it('control characters from a log never reach the terminal as such (no ANSI escape injection)', async () => {
    const evil = neoLine({ client: '1.2.3.4', caller: 'evil\u001b[2J\u001b]0;pwned\u0007@CA', time: '26/Nov/2026:04:00:00', path: '/http/\u001b[31mred', status: 403 });
    const run = await analyze({ 'http_access_evil_2026-11-26.log': `${evil}\n\u001b[2Jnot a line` });
    const groups = new RequestGroups();
    for (const r of run.all) groups.add(r);
    const text = formatLogText({ groups: groups.list(), ungrouped: 0, summary: run.summary, requests: run.requests, traceRecords: 0, accessLogs: 1, traceLogs: 0, notes: run.notes, all: false, display: (f) => f, style: plainStyle });
    assert.ok(!CONTROL.test(text), JSON.stringify(text));
    assert.match(text, /evil\uFFFD\[2J/);
    assert.ok(!CONTROL.test(run.notes.map((n) => n.message).join('')));
  });
});
