/**
 * Hostile archives, generated at test time: zip bombs (huge declared sizes, and sizes that lie),
 * deeply nested zips, path traversal names, a binary file named `.iflw`. Required: bounded memory
 * and time, a clear message, and the rest of the run continues.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { zipSync } from 'fflate';
import { readIFlowArchive } from '../../../src/core/iflow/archive';
import { cli, IFLOW_PATH, iflowWith, NOW_ARG, snapshot, tempDir, writeTree } from './support';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const GOOD = iflowWith([['senderAuthType', 'ClientCertificate'], ['userRole', 'R']]);

/** Sets every local and central header's uncompressed size (a lying archive). */
function patchDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const b = zip.slice();
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i + 4 <= b.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50) dv.setUint32(i + 22, size, true);
    else if (sig === 0x02014b50) dv.setUint32(i + 24, size, true);
  }
  return b;
}

function bombBytes(mb: number): Uint8Array {
  return zipSync({ [`Bomb/${IFLOW_PATH}/Bomb.iflw`]: [new Uint8Array(mb * 1024 * 1024), { level: 9 }] });
}

function nested(depth: number): Uint8Array {
  let z = zipSync({ [`Deep/${IFLOW_PATH}/Deep.iflw`]: enc(GOOD) });
  for (let i = 0; i < depth; i++) z = zipSync({ [`level${i}_content`]: z });
  return z;
}

function measure<T>(fn: () => T): { result: T; ms: number; grown: number } {
  if (global.gc) global.gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const result = fn();
  const ms = performance.now() - started;
  const after = process.memoryUsage();
  return { result, ms, grown: after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers };
}

describe('security: hostile archives', function () {
  this.timeout(60_000);

  it('zip bomb declaring 3 GB: refused before inflating, with a clear message', () => {
    const z = patchDeclaredSize(bombBytes(1), 3_000_000_000);
    const { result, ms, grown } = measure(() => readIFlowArchive(z, 'bomb.zip'));
    assert.ok(ms < 2000, `${ms} ms`);
    assert.ok(grown < 32 * 1024 * 1024, `memory grew ${grown} bytes`);
    assert.strictEqual(result.iflows.length, 0);
    assert.match(result.errors.map((e) => e.message).join(), /too large|declares/);
  });

  it('zip bomb that lies (declares 1 kB, inflates to 64 MB): stopped while inflating, bounded memory', () => {
    const z = patchDeclaredSize(bombBytes(64), 1024);
    assert.ok(z.length < 1024 * 1024, `the bomb itself is small (${z.length} bytes)`);
    const { result, ms, grown } = measure(() => readIFlowArchive(z, 'liar.zip'));
    assert.ok(ms < 5000, `${ms} ms`);
    assert.ok(grown < 64 * 1024 * 1024, `memory grew ${grown} bytes`);
    assert.strictEqual(result.iflows.length, 0);
    assert.match(result.errors[0].message, /zip bomb|beyond/);
  });

  it('many entries that together exceed the total limit: the rest is refused', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 12; i++) files[`F${i}/${IFLOW_PATH}/F${i}.iflw`] = enc(GOOD + ' '.repeat(1024 * 1024));
    const z = zipSync(files);
    const { result, ms } = measure(() => readIFlowArchive(z, 'many.zip', { maxTotalBytes: 5 * 1024 * 1024 }));
    assert.ok(ms < 5000, `${ms} ms`);
    assert.ok(result.iflows.length > 0 && result.iflows.length < 12);
    assert.match(result.errors.map((e) => e.message).join(), /too large/);
  });

  it('zips nested 20 deep: the limit is reported once, nothing deeper read, fast', () => {
    const { result, ms } = measure(() => readIFlowArchive(nested(20), 'nested.zip'));
    assert.ok(ms < 2000, `${ms} ms`);
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
      assert.ok(r.ms < 15_000, `${r.ms} ms`);
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
