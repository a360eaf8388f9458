import * as assert from 'assert';
import { zipSync } from 'fflate';
import { readIFlowArchive } from '../../../src/core/iflow/archive';
import { decodeText } from '../../../src/core/iflow/encoding';
import { parseParameters } from '../../../src/core/iflow/parameters';
import { parseIFlow } from '../../../src/core/iflow/parse';
import { countInflated } from '../support/work';
import { readBytes, readText } from './helpers';

const IFLOW_DIR = 'src/main/resources/scenarioflows/integrationflow/';

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

  it('nesting deeper than the limit is reported and skipped; depth is configurable', () => {
    const bytes = readBytes('zips', 'nested-too-deep.zip');
    const r = readIFlowArchive(bytes, 'deep.zip');
    assert.deepStrictEqual(r.iflows.map((f) => f.file), [`deep.zip!/a_content!/${IFLOW_DIR}Middle.iflw`]);
    assert.deepStrictEqual(r.errors.map((e) => e.file), ['deep.zip!/a_content!/b_content']);
    assert.match(r.errors[0].message, /nest/);
    const r3 = readIFlowArchive(bytes, 'deep.zip', { maxDepth: 3 });
    assert.deepStrictEqual(r3.errors, []);
    assert.strictEqual(r3.iflows.length, 2);
    const r1 = readIFlowArchive(bytes, 'deep.zip', { maxDepth: 1 });
    assert.deepStrictEqual(r1.iflows, []);
    assert.deepStrictEqual(r1.errors.map((e) => e.file), ['deep.zip!/a_content']);
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
    assert.ok(total.errors.some((e) => /in total/.test(e.message)));
    const entries = readIFlowArchive(bytes, 's.zip', { maxEntries: 2 });
    assert.deepStrictEqual(entries.iflows, []);
    assert.match(entries.errors[0].message, /too many entries/);
  });

  it('broken zips give one error naming the archive, never a throw', () => {
    for (const name of ['truncated.zip', 'garbage.zip']) {
      const r = readIFlowArchive(readBytes('zips', name), name);
      assert.deepStrictEqual(r.iflows, []);
      assert.strictEqual(r.errors.length, 1, name);
      assert.strictEqual(r.errors[0].file, name);
      assert.match(r.errors[0].message, /not a readable zip archive/);
    }
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
