#!/usr/bin/env node
// Builds the zip fixtures of test/fixtures/zips/ from the real iFlow fixtures (deterministic:
// fixed mtime). Run: node scripts/make-test-zips.mjs   — the output is committed.
import { zipSync, strToU8 } from 'fflate';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const real = join(root, 'test/fixtures/real');
const out = join(root, 'test/fixtures/zips');
mkdirSync(out, { recursive: true });
const mtime = new Date('2024-01-01T00:00:00Z');
const zip = (files) => zipSync(files, { level: 6, mtime });
const read = (...p) => new Uint8Array(readFileSync(join(real, ...p)));
const IFLOW_DIR = 'src/main/resources/scenarioflows/integrationflow/';

// A fake certificate file: certificates are returned as bytes, not decoded, by the archive reader.
const fakeCert = strToU8('-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----\n');

function emarsysExport() {
  const d = 'D063654_Emarsys_Replicate_Contact';
  return {
    'META-INF/MANIFEST.MF': read(d, 'META-INF/MANIFEST.MF'),
    'src/main/resources/parameters.prop': read(d, 'src/main/resources/parameters.prop'),
    'src/main/resources/parameters.propdef': read(d, 'src/main/resources/parameters.propdef'),
    [IFLOW_DIR + 'D063654_Emarsys_Replicate_Contact.iflw']: read(d, IFLOW_DIR, 'D063654_Emarsys_Replicate_Contact.iflw'),
    'src/main/resources/certs/partner.cer': fakeCert,
  };
}
function sampleFlowExport() {
  return {
    'META-INF/MANIFEST.MF': strToU8('Manifest-Version: 1.0\r\nBundle-SymbolicName: SampleFlow; singleton:=true\r\nBundle-Name: Sample Flo\r\n w\r\n\r\n'),
    [IFLOW_DIR + 'SampleFlow.iflw']: read('SampleFlow', IFLOW_DIR, 'SampleFlow.iflw'),
  };
}

// 1. single-iFlow export
const single = zip(emarsysExport());
writeFileSync(join(out, 'single-export.zip'), single);

// 2. package export: <guid>_content entries are iFlow zips without extension
writeFileSync(
  join(out, 'package-export.zip'),
  zip({
    'contentmetadata.md': strToU8('Package description'),
    'resources.cnt': strToU8('eyJyZXNvdXJjZXMiOltdfQ=='),
    '8ecd3d730f4444eca0acd3757d4c2c4b_content': single,
    '8ecd3d730f4444eca0acd3757d4c2c4b': strToU8('not a zip: metadata without extension'),
    '699204c1ee364a5aae11cd776cca4771_content': zip(sampleFlowExport()),
    'partner-root.crt': fakeCert,
  }),
);

// 3. three levels: outer → a_content → b_content (read whole by default; a lower depth limit skips the innermost)
const level3 = zip({ [IFLOW_DIR + 'Deep.iflw']: read('SampleFlow', IFLOW_DIR, 'SampleFlow.iflw') });
const level2 = zip({ b_content: level3, [IFLOW_DIR + 'Middle.iflw']: read('TriggerError', IFLOW_DIR, 'TriggerError.iflw') });
writeFileSync(join(out, 'nested-three-levels.zip'), zip({ a_content: level2 }));

// 4. path traversal names
writeFileSync(
  join(out, 'traversal.zip'),
  zip({
    '../evil.iflw': strToU8('<x/>'),
    '/abs/evil.iflw': strToU8('<x/>'),
    'a/../../up.cer': fakeCert,
    [IFLOW_DIR + 'SampleFlow.iflw']: read('SampleFlow', IFLOW_DIR, 'SampleFlow.iflw'),
  }),
);

// 5. zip bombs. (a) declared huge size: patch the sizes of a small entry to 3 GB.
function patchSizes(bytes, newSize) {
  const b = new Uint8Array(bytes);
  const dv = new DataView(b.buffer);
  for (let i = 0; i + 4 <= b.length; i++) {
    const sig = dv.getUint32(i, true);
    if (sig === 0x04034b50) dv.setUint32(i + 22, newSize, true);
    if (sig === 0x02014b50) dv.setUint32(i + 24, newSize, true);
  }
  return b;
}
writeFileSync(join(out, 'bomb-declared.zip'), patchSizes(zip({ [IFLOW_DIR + 'Bomb.iflw']: strToU8('<a/>') }), 3_000_000_000));
// (b) declared small, really 20 MB of zeros: caught while inflating
const zeros = new Uint8Array(20 * 1024 * 1024);
writeFileSync(join(out, 'bomb-lying.zip'), patchSizes(zip({ [IFLOW_DIR + 'Bomb.iflw']: zeros }), 100));

// 6. broken zips
writeFileSync(join(out, 'truncated.zip'), single.subarray(0, Math.floor(single.length / 2)));
writeFileSync(join(out, 'garbage.zip'), strToU8('this is not a zip file at all, just text pretending'));

// 7. binary and UTF-16 .iflw entries
const sample = readFileSync(join(real, 'SampleFlow', IFLOW_DIR, 'SampleFlow.iflw'), 'utf8');
const utf16 = new Uint8Array(2 + sample.length * 2);
utf16[0] = 0xff;
utf16[1] = 0xfe;
for (let i = 0; i < sample.length; i++) {
  utf16[2 + 2 * i] = sample.charCodeAt(i) & 0xff;
  utf16[3 + 2 * i] = sample.charCodeAt(i) >> 8;
}
const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(sample)]);
writeFileSync(
  join(out, 'encodings.zip'),
  zip({
    'bin/src/main/resources/scenarioflows/integrationflow/Nul.iflw': new Uint8Array([0x3c, 0x61, 0x00, 0x2f, 0x3e]),
    'bad/src/main/resources/scenarioflows/integrationflow/Latin1.iflw': new Uint8Array([0x3c, 0x61, 0x3e, 0xe9, 0xff, 0x3c, 0x2f, 0x61, 0x3e]),
    'u16/src/main/resources/scenarioflows/integrationflow/Utf16.iflw': utf16,
    'bom/src/main/resources/scenarioflows/integrationflow/Bom.iflw': withBom,
  }),
);
// 8. SAP's learning content: a zip holding a package export (real, verbatim) whose _content entry
// is an iFlow zip — three levels. The outer zip mirrors the real src/rev_20.zip (the package
// export stored, a folder entry, other exercise files), without its 2 MB of documents.
const readArchive = (name) => new Uint8Array(readFileSync(join(real, 'archives', name)));
writeFileSync(
  join(out, 'zip-of-package.zip'),
  zip({
    'rev_20/BACKUP/': new Uint8Array(0),
    'rev_20/BACKUP/DelayedDelivery_01_Package.zip': [readArchive('DelayedDelivery_01_Package.zip'), { level: 0 }],
    'rev_20/Exercise6.txt': strToU8('Exercise 6: replace the placeholder with your user.\n'),
  }),
);

// 9. A package export whose _content entry has no central directory (the real one, see SOURCES.md)
// next to a sound one.
writeFileSync(
  join(out, 'package-no-central-directory.zip'),
  zip({
    'f01412029ad7405f8057cf865bee1996_content': readArchive('f01412029ad7405f8057cf865bee1996_content'),
    '699204c1ee364a5aae11cd776cca4771_content': zip(sampleFlowExport()),
    'contentmetadata.md': strToU8('Package description'),
  }),
);

// 10. An export zipped by macOS's Finder: AppleDouble companions (resource forks) under __MACOSX/,
// one named like the iFlow. Their bytes: the AppleDouble magic and version, "Mac OS X", no entries.
const appleDouble = new Uint8Array([0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00, ...strToU8('Mac OS X        '), 0x00, 0x00]);
writeFileSync(
  join(out, 'macos-finder.zip'),
  zip({
    'SampleFlow/': new Uint8Array(0),
    [`SampleFlow/${IFLOW_DIR}SampleFlow.iflw`]: read('SampleFlow', IFLOW_DIR, 'SampleFlow.iflw'),
    'SampleFlow/META-INF/MANIFEST.MF': sampleFlowExport()['META-INF/MANIFEST.MF'],
    '__MACOSX/': new Uint8Array(0),
    [`__MACOSX/SampleFlow/${IFLOW_DIR}._SampleFlow.iflw`]: appleDouble,
    '__MACOSX/SampleFlow/META-INF/._MANIFEST.MF': appleDouble,
    [`SampleFlow/${IFLOW_DIR}._SampleFlow.iflw`]: appleDouble,
  }),
);
console.log('zip fixtures written to', out);
