/**
 * Hostile archives, generated at test time: zip bombs (huge declared sizes, and sizes that lie),
 * deeply nested zips, path traversal names, a binary file named `.iflw`. Required: bounded memory
 * and bounded inflating (the bytes inflated are counted, not timed: how fast is for the bench), a
 * clear message, and the rest of the run continues.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { zipSync } from 'fflate';
import { readIFlowArchive } from '../../../src/core/iflow/archive';
import { countInflated } from '../support/work';
import { bombBytes, cli, IFLOW_PATH, patchDeclaredSize, iflowWith, NOW_ARG, snapshot, tempDir, writeTree } from './support';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const GOOD = iflowWith([['senderAuthType', 'ClientCertificate'], ['userRole', 'R']]);

function nested(depth: number): Uint8Array {
  let z = zipSync({ [`Deep/${IFLOW_PATH}/Deep.iflw`]: enc(GOOD) });
  for (let i = 0; i < depth; i++) z = zipSync({ [`level${i}_content`]: z });
  return z;
}

/** Runs `fn`: its result, the bytes inflated (see countInflated) and how much memory grew. */
function measure<T>(fn: () => T): { result: T; inflated: number; grown: number } {
  if (global.gc) global.gc();
  const before = process.memoryUsage();
  const { result, inflated } = countInflated(fn);
  const after = process.memoryUsage();
  return { result, inflated, grown: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers };
}

const MB = 1024 * 1024;

describe('security: hostile archives', function () {
  this.timeout(60_000);

  it('zip bomb declaring 3 GB: refused before inflating, with a clear message', () => {
    const z = patchDeclaredSize(bombBytes(1), 3_000_000_000);
    const { result, inflated, grown } = measure(() => readIFlowArchive(z, 'bomb.zip'));
    assert.strictEqual(inflated, 0, 'nothing inflated');
    assert.ok(grown < 32 * 1024 * 1024, `memory grew ${grown} bytes`);
    assert.strictEqual(result.iflows.length, 0);
    assert.match(result.errors.map((e) => e.message).join(), /too large|declares/);
  });

  it('zip bomb that lies (declares 1 kB, inflates to 64 MB): stopped while inflating, bounded memory', () => {
    const z = patchDeclaredSize(bombBytes(64), 1024);
    assert.ok(z.length < 1024 * 1024, `the bomb itself is small (${z.length} bytes)`);
    const { result, inflated, grown } = measure(() => readIFlowArchive(z, 'liar.zip'));
    // Stopped at the first output past the declared 1 kB: what one chunk of input inflates to
    // (about 16 MB here), far from the 64 MB of the whole entry.
    assert.ok(inflated < 32 * MB, `${inflated} bytes inflated`);
    assert.ok(grown < 64 * 1024 * 1024, `memory grew ${grown} bytes`);
    assert.strictEqual(result.iflows.length, 0);
    assert.match(result.errors[0].message, /zip bomb|beyond/);
  });

  it('many entries that together exceed the total limit: the rest is refused', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 12; i++) files[`F${i}/${IFLOW_PATH}/F${i}.iflw`] = enc(GOOD + ' '.repeat(1024 * 1024));
    const z = zipSync(files);
    const { result, inflated } = measure(() => readIFlowArchive(z, 'many.zip', { maxTotalBytes: 5 * MB }));
    assert.ok(inflated <= 5 * MB, `${inflated} bytes inflated`);
    assert.ok(result.iflows.length > 0 && result.iflows.length < 12);
    assert.match(result.errors.map((e) => e.message).join(), /too large/);
  });

  it('zips nested 20 deep: the limit is reported once, nothing deeper read', () => {
    const z = nested(20);
    const { result, inflated } = measure(() => readIFlowArchive(z, 'nested.zip'));
    // Each level is inflated once, down to the depth limit: less than the outer zip's size per level.
    assert.ok(inflated < 20 * z.length, `${inflated} bytes inflated from ${z.length}`);
    assert.strictEqual(result.iflows.length, 0);
    assert.strictEqual(result.errors.length, 1);
    assert.match(result.errors[0].message, /nested archive skipped/);
  });

  it('path traversal names are skipped and named; the safe iFlow next to them is read', () => {
    const z = zipSync({
      '../../evil.iflw': enc(GOOD),
      '/etc/evil.iflw': enc(GOOD),
      'C:/evil.iflw': enc(GOOD),
      'a/../../b/evil.iflw': enc(GOOD),
      [`Good/${IFLOW_PATH}/Good.iflw`]: enc(GOOD),
    });
    const result = readIFlowArchive(z, 'traversal.zip');
    assert.deepStrictEqual(result.iflows.map((f) => f.file), [`traversal.zip!/Good/${IFLOW_PATH}/Good.iflw`]);
    assert.strictEqual(result.errors.length, 4);
    for (const e of result.errors) assert.match(e.message, /unsafe entry name/);
  });

  it('a binary .iflw (in an archive): a clear message, the other iFlow is read', () => {
    const binary = new Uint8Array(4096).map((_, i) => (i * 2654435761) & 0xff);
    const result = readIFlowArchive(zipSync({ 'Bin/bin.iflw': binary, [`Good/${IFLOW_PATH}/Good.iflw`]: enc(GOOD) }), 'mixed.zip');
    assert.strictEqual(result.iflows.length, 1);
    assert.match(result.errors[0].message, /not an iFlow text file: binary content/);
  });

  it('random bytes named .zip and truncated zips: one clear error each, never a throw', () => {
    const good = zipSync({ [`Good/${IFLOW_PATH}/Good.iflw`]: enc(GOOD) });
    for (let cut = 0; cut < good.length; cut += 7) {
      const r = readIFlowArchive(good.subarray(0, cut), 'cut.zip');
      assert.ok(r.errors.length >= 1 || r.iflows.length === 1, `cut at ${cut}`);
    }
  });

  it('the CLI over all of them plus a good iFlow: bounded, each named on stderr, the good one linted, nothing written', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const work = path.join(dir, 'work');
      writeTree(work, {
        'bomb.zip': patchDeclaredSize(bombBytes(1), 3_000_000_000),
        'liar.zip': patchDeclaredSize(bombBytes(64), 1024),
        'nested.zip': nested(20),
        'traversal.zip': zipSync({ '../../evil.iflw': enc(GOOD) }),
        'binary.iflw': new Uint8Array(2048).map((_, i) => (i * 31) & 0xff),
        'fake.zip': enc('not a zip'),
        [`Good/${IFLOW_PATH}/Good.iflw`]: GOOD,
      });
      const before = snapshot(dir);
      const r = await cli(['lint', NOW_ARG, '--format', 'compact', '.'], work);
      assert.strictEqual(r.code, 2, 'I/O problems → exit 2');
      for (const f of ['bomb.zip', 'liar.zip', 'nested.zip', 'traversal.zip', 'binary.iflw', 'fake.zip']) assert.ok(r.err.includes(f), `stderr names ${f}:\n${r.err}`);
      assert.match(r.out, /Good\.iflw:\d+:\d+ warning client-certificate-authorization/);
      assert.deepStrictEqual([...snapshot(dir).keys()].sort(), [...before.keys()].sort(), 'no file created (no extraction, no traversal)');
      assert.ok(!fs.existsSync(path.join(dir, 'evil.iflw')) && !fs.existsSync(path.join(dir, '..', 'evil.iflw')));
    } finally {
      cleanup();
    }
  });
});
