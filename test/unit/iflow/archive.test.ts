import * as assert from 'assert';
import { zipSync } from 'fflate';
import { readIFlowArchive } from '../../../src/core/iflow/archive';
import { decodeText } from '../../../src/core/iflow/encoding';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { countInflated } from '../support/work';
import { readBytes, readText, streamingZip } from './helpers';

const IFLOW_DIR = 'src/main/resources/scenarioflows/integrationflow/';

/** Where the `nth` occurrence of `sig` from the end starts. */
function lastIndexOf(b: Uint8Array, sig: number[], nth: number): number {
  let found = 0;
  for (let i = b.length - sig.length; i >= 0; i--) {
    if (sig.every((v, k) => b[i + k] === v) && ++found === nth) return i;
  }
  return -1;
}

describe('iflow: exported archives', () => {
  it('single-iFlow export: the iFlow with its manifest, parameters and a certificate', () => {
    const r = readIFlowArchive(readBytes('zips', 'single-export.zip'), 'exports/Emarsys.zip');
    assert.deepStrictEqual(r.errors, []);
    assert.strictEqual(r.iflows.length, 1);
    const f = r.iflows[0];
    assert.strictEqual(f.file, `exports/Emarsys.zip!/${IFLOW_DIR}D063654_Emarsys_Replicate_Contact.iflw`);
    assert.strictEqual(f.text, readText('real', 'D063654_Emarsys_Replicate_Contact', IFLOW_DIR, 'D063654_Emarsys_Replicate_Contact.iflw'));
    assert.strictEqual(f.manifestFile, 'exports/Emarsys.zip!/META-INF/MANIFEST.MF');
    assert.strictEqual(f.parametersFile, 'exports/Emarsys.zip!/src/main/resources/parameters.prop');
    const doc = parseIFlow(f.text, f.file, { manifest: f.manifest, parameters: parseParameters(f.parameters!, f.parametersFile) });
    assert.strictEqual(doc.iflowId, 'Replicate_Contacts_to_SAP_Emarsys_API');
    assert.strictEqual(doc.channels[0].authorization, 'userRole');
    assert.deepStrictEqual(r.certificates.map((c) => c.file), ['exports/Emarsys.zip!/src/main/resources/certs/partner.cer']);
    assert.match(new TextDecoder().decode(r.certificates[0].bytes), /BEGIN CERTIFICATE/);
  });

  it('package export: <guid>_content entries are iFlow zips; non-zip extensionless entries are ignored', () => {
    const r = readIFlowArchive(readBytes('zips', 'package-export.zip'), 'pkg.zip');
    assert.deepStrictEqual(r.errors, []);
    assert.deepStrictEqual(r.iflows.map((f) => f.file).sort(), [
      `pkg.zip!/699204c1ee364a5aae11cd776cca4771_content!/${IFLOW_DIR}SampleFlow.iflw`,
      `pkg.zip!/8ecd3d730f4444eca0acd3757d4c2c4b_content!/${IFLOW_DIR}D063654_Emarsys_Replicate_Contact.iflw`,
    ]);
    const sample = r.iflows.find((f) => f.file.includes('SampleFlow'))!;
    assert.strictEqual(sample.parameters, undefined);
    const doc = parseIFlow(sample.text, sample.file, { manifest: sample.manifest });
    assert.deepStrictEqual([doc.iflowId, doc.iflowName], ['SampleFlow', 'Sample Flow']);
    assert.deepStrictEqual(r.certificates.map((c) => c.file).sort(), [
      'pkg.zip!/8ecd3d730f4444eca0acd3757d4c2c4b_content!/src/main/resources/certs/partner.cer',
      'pkg.zip!/partner-root.crt',
    ]);
  });

  it('three levels (a zip of package exports) are read by default; a lower depth limit is reported and skipped', () => {
    const bytes = readBytes('zips', 'nested-three-levels.zip');
    const r = readIFlowArchive(bytes, 'deep.zip');
    assert.deepStrictEqual(r.errors, []);
    assert.deepStrictEqual(r.iflows.map((f) => f.file).sort(), [
      `deep.zip!/a_content!/b_content!/${IFLOW_DIR}Deep.iflw`,
      `deep.zip!/a_content!/${IFLOW_DIR}Middle.iflw`,
    ]);
    const r2 = readIFlowArchive(bytes, 'deep.zip', { maxDepth: 2 });
    assert.deepStrictEqual(r2.iflows.map((f) => f.file), [`deep.zip!/a_content!/${IFLOW_DIR}Middle.iflw`]);
    assert.deepStrictEqual(r2.errors.map((e) => e.file), ['deep.zip!/a_content!/b_content']);
    assert.match(r2.errors[0].message, /nested archive skipped: zips nested deeper than 2 levels/);
    const r1 = readIFlowArchive(bytes, 'deep.zip', { maxDepth: 1 });
    assert.deepStrictEqual(r1.iflows, []);
    assert.deepStrictEqual(r1.errors.map((e) => e.file), ['deep.zip!/a_content']);
  });

  it("SAP's learning content (real): a zip holding a package export whose _content is an iFlow zip, read with its manifest and parameters", () => {
    const r = readIFlowArchive(readBytes('zips', 'zip-of-package.zip'), 'rev_20.zip');
    assert.deepStrictEqual([r.errors, r.notes], [[], []]);
    const inner = 'rev_20.zip!/rev_20/BACKUP/DelayedDelivery_01_Package.zip!/9a1f6e3b9f974943818fa01aede1d263_content!/';
    assert.deepStrictEqual(r.iflows.map((f) => [f.file, f.manifestFile, f.parametersFile]), [
      [`${inner}${IFLOW_DIR}DelayedDelivery_Process.iflw`, `${inner}META-INF/MANIFEST.MF`, `${inner}src/main/resources/parameters.prop`],
    ]);
    const f = r.iflows[0];
    const doc = parseIFlow(f.text, f.file, { manifest: f.manifest, parameters: parseParameters(f.parameters!, f.parametersFile) });
    assert.strictEqual(doc.iflowId, 'DelayedDelivery_Process');
    assert.deepStrictEqual(doc.channels.map((c) => [c.id, c.adapter, c.authorization, c.endpoint?.path]), [
      ['MessageFlow_57', 'SOAP', 'userRole', '/cxf/send/message/DelayedDelivery_Process/timestamp'],
    ]);
    // The same package export on its own (two levels) gives the same iFlow text.
    const alone = readIFlowArchive(readBytes('real', 'archives', 'DelayedDelivery_01_Package.zip'), 'pkg.zip');
    assert.deepStrictEqual(alone.errors, []);
    assert.deepStrictEqual(alone.iflows.map((x) => x.text), [f.text]);
  });

  it('a _content zip without a central directory (real): read entry by entry from its local headers, with a note', () => {
    const r = readIFlowArchive(readBytes('zips', 'package-no-central-directory.zip'), 'pkg.zip');
    assert.deepStrictEqual(r.errors, []);
    const inner = 'pkg.zip!/f01412029ad7405f8057cf865bee1996_content';
    assert.deepStrictEqual(r.notes.map((n) => n.file), [inner]);
    assert.match(r.notes[0].message, /central directory is unusable \(no end of central directory record.*\); read entry by entry from the local headers instead: 15 entries/);
    const bank = r.iflows.find((f) => f.file.startsWith(inner))!;
    assert.strictEqual(bank.file, `${inner}!/${IFLOW_DIR}Bank_To_TorongaS4HC.iflw`);
    assert.strictEqual(bank.manifestFile, `${inner}!/META-INF/MANIFEST.MF`);
    assert.strictEqual(bank.parametersFile, `${inner}!/src/main/resources/parameters.prop`);
    const doc = parseIFlow(bank.text, bank.file, { manifest: bank.manifest });
    assert.strictEqual(doc.error, undefined);
    assert.deepStrictEqual(doc.channels.map((c) => [c.id, c.name, c.adapter]), [['MessageFlow_4583', 'SFTP_PullBAIFile', 'SFTP']]);
    // The sound package next to it is read as before.
    assert.ok(r.iflows.some((f) => f.file === `pkg.zip!/699204c1ee364a5aae11cd776cca4771_content!/${IFLOW_DIR}SampleFlow.iflw`));
  });

  it('entries written with data descriptors and no central directory: each complete entry is read, a cut-off one is named', () => {
    const names = ['A', 'B', 'C'].map((n) => `${n}/${IFLOW_DIR}${n}.iflw`);
    const sample = readText('real', 'SampleFlow', IFLOW_DIR, 'SampleFlow.iflw');
    const z = streamingZip(names.map((n) => [n, new TextEncoder().encode(sample)]));
    const cdStart = lastIndexOf(z, [0x50, 0x4b, 0x01, 0x02], names.length);
    const withoutDirectory = z.subarray(0, cdStart);
    const r = readIFlowArchive(withoutDirectory, 'd.zip');
    assert.deepStrictEqual(r.errors, []);
    assert.deepStrictEqual(r.iflows.map((f) => f.file), names.map((n) => `d.zip!/${n}`));
    for (const f of r.iflows) assert.strictEqual(f.text, sample);
    const cut = readIFlowArchive(withoutDirectory.subarray(0, withoutDirectory.length - 40), 'cut.zip');
    assert.deepStrictEqual(cut.iflows.map((f) => f.file), names.slice(0, 2).map((n) => `cut.zip!/${n}`));
    assert.strictEqual(cut.errors.length, 1);
    assert.strictEqual(cut.errors[0].file, 'cut.zip');
    assert.match(cut.errors[0].message, /stopped after 2 entries: the end of "C\/.*C\.iflw" cannot be found; whatever follows could not be read/);
  });

  it('data descriptors without their optional signature, before the next entry and at the very end: found', () => {
    const sample = new TextEncoder().encode(readText('real', 'SampleFlow', IFLOW_DIR, 'SampleFlow.iflw'));
    const names = [`A/${IFLOW_DIR}A.iflw`, `B/${IFLOW_DIR}B.iflw`];
    const z = streamingZip(names.map((n) => [n, sample]));
    const cd = lastIndexOf(z, [0x50, 0x4b, 0x01, 0x02], names.length);
    const second = lastIndexOf(z.subarray(0, cd), [0x50, 0x4b, 0x03, 0x04], 1);
    const descriptors = [second - 16, cd - 16];
    for (const d of descriptors) assert.deepStrictEqual([...z.subarray(d, d + 4)], [0x50, 0x4b, 0x07, 0x08]);
    // Drop both 4-byte signatures and the central directory.
    const unsigned = new Uint8Array([...z.subarray(0, descriptors[0]), ...z.subarray(descriptors[0] + 4, descriptors[1]), ...z.subarray(descriptors[1] + 4, cd)]);
    const r = readIFlowArchive(unsigned, 'u.zip');
    assert.deepStrictEqual(r.errors, []);
    assert.deepStrictEqual(r.iflows.map((f) => f.file), names.map((n) => `u.zip!/${n}`));
  });

  it("macOS Finder's AppleDouble companions (__MACOSX/, ._name) are ignored, not reported as binary iFlows", () => {
    const r = readIFlowArchive(readBytes('zips', 'macos-finder.zip'), 'mac.zip');
    assert.deepStrictEqual([r.errors, r.notes], [[], []]);
    assert.deepStrictEqual(r.iflows.map((f) => [f.file, f.manifestFile]), [
      [`mac.zip!/SampleFlow/${IFLOW_DIR}SampleFlow.iflw`, 'mac.zip!/SampleFlow/META-INF/MANIFEST.MF'],
    ]);
    // A file merely named ._X.iflw that is not AppleDouble is still read as what it is.
    const named = readIFlowArchive(zipSync({ [`${IFLOW_DIR}._Odd.iflw`]: new TextEncoder().encode(readText('real', 'SampleFlow', IFLOW_DIR, 'SampleFlow.iflw')) }), 'odd.zip');
    assert.deepStrictEqual(named.iflows.map((f) => f.file), [`odd.zip!/${IFLOW_DIR}._Odd.iflw`]);
  });

  it('path traversal names are reported and skipped', () => {
    const r = readIFlowArchive(readBytes('zips', 'traversal.zip'), 't.zip');
    assert.deepStrictEqual(r.errors.map((e) => e.file).sort(), ['t.zip!/../evil.iflw', 't.zip!//abs/evil.iflw', 't.zip!/a/../../up.cer']);
    for (const e of r.errors) assert.match(e.message, /unsafe/);
    assert.deepStrictEqual(r.iflows.map((f) => f.file), [`t.zip!/${IFLOW_DIR}SampleFlow.iflw`]);
    assert.deepStrictEqual(r.certificates, []);
  });

  it('zip bomb with a huge declared size: refused before inflating', () => {
    const { result: r, inflated } = countInflated(() => readIFlowArchive(readBytes('zips', 'bomb-declared.zip'), 'b.zip'));
    assert.strictEqual(inflated, 0, 'nothing inflated');
    assert.deepStrictEqual(r.iflows, []);
    assert.strictEqual(r.errors.length, 1);
    assert.match(r.errors[0].message, /declares 3000000000 uncompressed bytes/);
    assert.strictEqual(r.errors[0].file, `b.zip!/${IFLOW_DIR}Bomb.iflw`);
  });

  it('zip bomb that lies about its size: stopped while inflating', () => {
    const r = readIFlowArchive(readBytes('zips', 'bomb-lying.zip'), 'b.zip');
    assert.deepStrictEqual(r.iflows, []);
    assert.strictEqual(r.errors.length, 1);
    assert.match(r.errors[0].message, /inflates beyond its declared size/);
  });

  it('per-entry and total limits apply', () => {
    const bytes = readBytes('zips', 'single-export.zip');
    const small = readIFlowArchive(bytes, 's.zip', { maxEntryBytes: 1000 });
    assert.deepStrictEqual(small.iflows, []);
    assert.ok(small.errors.some((e) => /entry too large/.test(e.message) && e.file.endsWith('.iflw')));
    const total = readIFlowArchive(bytes, 's.zip', { maxTotalBytes: 2000 });
    // One message, then nothing more of the archive.
    assert.deepStrictEqual(total.errors.map((e) => e.message.replace(/\d+ MB/, 'N MB')), [
      'archive too large: more than N MB uncompressed in total (with its nested archives); this entry and the rest of the archive were not read',
    ]);
    assert.deepStrictEqual(total.certificates, []);
    const entries = readIFlowArchive(bytes, 's.zip', { maxEntries: 2 });
    assert.deepStrictEqual(entries.iflows, []);
    assert.match(entries.errors[0].message, /too many entries/);
  });

  it('broken zips give one error naming the archive, never a throw', () => {
    const garbage = readIFlowArchive(readBytes('zips', 'garbage.zip'), 'garbage.zip');
    assert.deepStrictEqual(garbage.iflows, []);
    assert.deepStrictEqual(garbage.errors.map((e) => e.file), ['garbage.zip']);
    assert.match(garbage.errors[0].message, /not a readable zip archive/);
    // Cut in half: the entries before the cut are read (manifest, parameters); the cut iFlow is named.
    const truncated = readIFlowArchive(readBytes('zips', 'truncated.zip'), 'truncated.zip');
    assert.deepStrictEqual(truncated.iflows, []);
    assert.deepStrictEqual(truncated.errors.map((e) => e.file), ['truncated.zip']);
    assert.match(truncated.errors[0].message, /stopped after 3 entries: ".*D063654_Emarsys_Replicate_Contact\.iflw" is cut off/);
    assert.deepStrictEqual(truncated.notes.map((n) => n.file), ['truncated.zip']);
    for (const b of [new Uint8Array(0), new Uint8Array([0x50, 0x4b, 3, 4]), null as unknown as Uint8Array]) {
      const r = readIFlowArchive(b, 'x.zip');
      assert.strictEqual(r.errors.length, 1);
      assert.strictEqual(r.errors[0].file, 'x.zip');
    }
  });

  it('a corrupted entry (CRC mismatch) is an error for that entry', () => {
    const iflw = new TextEncoder().encode(readText('real', 'SampleFlow', IFLOW_DIR, 'SampleFlow.iflw'));
    const z = zipSync({ [`${IFLOW_DIR}A.iflw`]: iflw }, { level: 0, mtime: new Date('2024-01-01T00:00:00Z') });
    const at = 30 + `${IFLOW_DIR}A.iflw`.length + 100; // inside the stored data
    z[at] = z[at] ^ 0x01;
    const r = readIFlowArchive(z, 'c.zip');
    assert.deepStrictEqual(r.iflows, []);
    assert.match(r.errors[0].message, /CRC/);
  });

  it('a deflated entry whose header lost its sizes (no data at all) is corrupt, not an empty iFlow', () => {
    // A streaming writer puts the sizes after the data (flag bit 3) and zeros in the local header;
    // with that flag cleared and no central directory, the header says "deflated, 0 bytes".
    const z = streamingZip([[`${IFLOW_DIR}A.iflw`, new TextEncoder().encode(readText('real', 'SampleFlow', IFLOW_DIR, 'SampleFlow.iflw'))]]);
    const central = lastIndexOf(z, [0x50, 0x4b, 0x01, 0x02], 1);
    const bare = z.slice(0, central);
    bare[6] &= ~0x08;
    const r = readIFlowArchive(bare, 'lost.zip');
    assert.deepStrictEqual(r.iflows, [], 'nothing read as an (empty) iFlow');
    assert.ok(r.errors.some((e) => /deflated, but holds no data/.test(e.message)), JSON.stringify(r.errors));
  });

  it('binary .iflw entries are errors; UTF-16 and BOM-prefixed .iflw are decoded', () => {
    const r = readIFlowArchive(readBytes('zips', 'encodings.zip'), 'e.zip');
    assert.deepStrictEqual(r.errors.map((e) => e.file.replace(/.*\//, '')).sort(), ['Latin1.iflw', 'Nul.iflw']);
    for (const e of r.errors) assert.match(e.message, /binary/);
    const sample = readText('real', 'SampleFlow', IFLOW_DIR, 'SampleFlow.iflw');
    assert.strictEqual(r.iflows.length, 2);
    for (const f of r.iflows) {
      assert.strictEqual(f.text, sample, f.file);
      assert.strictEqual(parseIFlow(f.text, f.file).channels[0].id, 'MessageFlow_14');
    }
  });
});

describe('iflow: decodeText', () => {
  const enc = (s: string): number[] => [...new TextEncoder().encode(s)];
  it('UTF-8 with and without BOM, UTF-16 LE and BE with BOM', () => {
    assert.deepStrictEqual(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('é<a/>')])), { text: 'é<a/>', encoding: 'utf-8' });
    assert.strictEqual(decodeText(new Uint8Array(enc('plain'))).text, 'plain');
    assert.deepStrictEqual(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe9, 0x00])), { text: 'Aé', encoding: 'utf-16le' });
    assert.deepStrictEqual(decodeText(new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00, 0xe9])), { text: 'Aé', encoding: 'utf-16be' });
  });
  it('invalid UTF-8 and NUL bytes are binary; latin1 fallback on request', () => {
    assert.match(decodeText(new Uint8Array([0x41, 0xff])).error!, /binary/);
    assert.match(decodeText(new Uint8Array([0x41, 0x00, 0x42])).error!, /NUL/);
    assert.deepStrictEqual(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { latin1Fallback: true }), { text: 'café', encoding: 'windows-1252' });
    assert.match(decodeText(new Uint8Array([0xfe, 0xff, 0x00])).error!, /UTF-16/);
  });
});
