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
import { concatBytes } from '../iflow/helpers';
import { bombBytes, cli, IFLOW_PATH, patchDeclaredSize, iflowWith, NOW_ARG, snapshot, tempDir, writeTree } from './support';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const GOOD = iflowWith([['senderAuthType', 'ClientCertificate'], ['userRole', 'R']]);

function nested(depth: number): Uint8Array {
  let z = zipSync({ [`Deep/${IFLOW_PATH}/Deep.iflw`]: enc(GOOD) });
  for (let i = 0; i < depth; i++) z = zipSync({ [`level${i}_content`]: z });
  return z;
}

/**
 * A non-recursive bomb: `count` central directory entries, each declaring `mb` MB, all pointing
 * at the same deflated body (one local header).
 */
function overlappingBomb(count: number, mb: number): Uint8Array {
  const one = zipSync({ 'x.iflw': [new Uint8Array(mb * 1024 * 1024), { level: 9 }] });
  const dv = new DataView(one.buffer, one.byteOffset, one.byteLength);
  let cd = 0;
  while (dv.getUint32(cd, true) !== 0x02014b50) cd++;
  const eocd = one.length - 22;
  const central = one.subarray(cd, eocd);
  const entries = concatBytes(Array.from({ length: count }, () => central));
  const end = one.slice(eocd);
  const edv = new DataView(end.buffer);
  edv.setUint16(8, count, true);
  edv.setUint16(10, count, true);
  edv.setUint32(12, entries.length, true);
  return concatBytes([one.subarray(0, cd), entries, end]);
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

  it('overlapping entries (a thousand directory entries sharing one 20 MB-of-zeros body, 20 GB declared): inflated once, the rest named in one message', () => {
    const z = overlappingBomb(1000, 20);
    assert.ok(z.length < 200 * 1024, `the bomb itself is small (${z.length} bytes)`);
    const { result, inflated, grown } = measure(() => readIFlowArchive(z, 'overlap.zip'));
    assert.ok(inflated <= 20 * MB, `inflated once: ${inflated} bytes`);
    // 20 GB declared; what remains is the one body (20 MB, held twice while its chunks are joined) and the inflater's garbage.
    assert.ok(grown < 128 * MB, `memory grew ${grown} bytes`);
    assert.strictEqual(result.iflows.length, 0);
    assert.deepStrictEqual(result.errors.map((e) => [e.file, e.message]), [
      ['overlap.zip', "999 entries overlapping another entry's data (a zip bomb technique; no zip tool writes that) skipped"],
      ['overlap.zip!/x.iflw', 'not an iFlow text file: binary content: the text contains NUL characters'],
    ]);
  });

  it('nested bomb (each level holds 16 copies of the one below, 16^4 leaves of 1 MB): one message at the total limit', () => {
    let z = zipSync({ 'leaf.cer': [new Uint8Array(1024 * 1024), { level: 9 }] });
    for (let level = 0; level < 4; level++) {
      const copies: Record<string, Uint8Array> = {};
      for (let i = 0; i < 16; i++) copies[`l${level}_${i}_content`] = z;
      z = zipSync(copies);
    }
    const result = readIFlowArchive(z, 'nested-bomb.zip', { maxTotalBytes: 16 * 1024 * 1024 });
    assert.deepStrictEqual(result.errors.map((e) => e.message.replace(/\d+ MB/, 'N MB')), [
      'archive too large: more than N MB uncompressed in total (with its nested archives); this entry and the rest of the archive were not read',
    ]);
    const kept = result.certificates.reduce((n, c) => n + c.bytes.length, 0);
    assert.ok(kept <= 16 * 1024 * 1024, `${kept} bytes kept`);
  });

  it('no central directory, hostile local headers: a flood of empty entries stops at the entry limit; an entry whose end cannot be found is named', () => {
    const header = (name: string, flags: number): Uint8Array => {
      const n = enc(name);
      const h = new Uint8Array(30 + n.length);
      const dv = new DataView(h.buffer);
      dv.setUint32(0, 0x04034b50, true);
      dv.setUint16(6, flags, true);
      dv.setUint16(26, n.length, true);
      h.set(n, 30);
      return h;
    };
    const flood = concatBytes(Array.from({ length: 30_000 }, (_, i) => header(`e${i}`, 0)));
    const r = readIFlowArchive(flood, 'flood.zip');
    assert.deepStrictEqual(r.errors.map((e) => e.file), ['flood.zip']);
    assert.match(r.errors[0].message, /stopped after 20,000 entries: too many entries/);
    // Flag 8 (sizes after the data) and 4 MB of "PK" pairs that are never a descriptor: scanned once.
    const pk = new Uint8Array(4 * 1024 * 1024).map((_, i) => (i % 2 === 0 ? 0x50 : 0x4b));
    const lost = readIFlowArchive(concatBytes([header(`${IFLOW_PATH}/Lost.iflw`, 8), pk]), 'lost.zip');
    assert.deepStrictEqual(lost.iflows, []);
    assert.deepStrictEqual(lost.errors.map((e) => e.file), ['lost.zip']);
    assert.match(lost.errors[0].message, /not a readable zip archive|the end of ".*Lost\.iflw" cannot be found/);
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
