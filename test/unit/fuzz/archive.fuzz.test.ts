/**
 * Property-based fuzzing of the archive reader: the zip fixtures (single and package exports, a
 * zip of a package export, a real `_content` without a central directory, a macOS zip, a zip
 * written with data descriptors) are mutated — bytes flipped, cut short, the central directory
 * dropped, ranges duplicated, record signatures planted — and `readIFlowArchive` must always
 * answer: no throw; every message names the archive or an entry inside it; and every iFlow it
 * returns is one of the originals, byte for byte (the CRC is checked, so a damaged entry is
 * named, never read as something else). FUZZ_SEED / FUZZ_SCALE as in the engine's fuzz suite.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { readIFlowArchive } from '../../../src/core/iflow/archive';
import { streamingZip } from '../iflow/helpers';
import { FIXTURES } from './corpus';

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? '1') || 1);
const RUNS = Math.max(1, Math.round(1500 * SCALE));
const params = (): Partial<fc.Parameters<unknown>> => ({
  endOnFailure: !process.env.FUZZ_SHRINK,
  numRuns: RUNS,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

const SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x01, 0x02],
  [0x50, 0x4b, 0x05, 0x06],
  [0x50, 0x4b, 0x07, 0x08],
];

/** Seeds and the texts of every iFlow in them. */
function seeds(): { archives: Array<{ name: string; bytes: Uint8Array }>; texts: Set<string> } {
  const names = ['single-export.zip', 'package-export.zip', 'zip-of-package.zip', 'package-no-central-directory.zip', 'macos-finder.zip', 'nested-three-levels.zip'];
  const archives: Array<{ name: string; bytes: Uint8Array }> = names.map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'zips', name))) }));
  const texts = new Set<string>();
  for (const a of archives) for (const f of readIFlowArchive(a.bytes, a.name).iflows) texts.add(f.text);
  const small = [...texts].filter((t) => t.length < 40_000).slice(0, 2);
  archives.push({ name: 'descriptors.zip', bytes: streamingZip(small.map((t, i) => [`F${i}/src/main/resources/scenarioflows/integrationflow/F${i}.iflw`, new TextEncoder().encode(t)])) });
  return { archives, texts };
}

type Mutation = [kind: number, a: number, b: number];

function mutate(src: Uint8Array, muts: Mutation[]): Uint8Array {
  let b = src.slice();
  for (const [kind, a, c] of muts) {
    const n = b.length;
    if (n === 0) break;
    switch (kind % 6) {
      case 0: // flip one byte
        b[a % n] ^= c & 0xff || 1;
        break;
      case 1: // cut short
        b = b.subarray(0, a % (n + 1));
        break;
      case 2: {
        // drop the central directory (everything from the first central header on)
        for (let i = 0; i + 4 <= n; i++) {
          if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x01 && b[i + 3] === 0x02) {
            b = b.subarray(0, i);
            break;
          }
        }
        break;
      }
      case 3: {
        // duplicate a range in place
        const from = a % n;
        const len = Math.min(c % 4096, n - from);
        const out = new Uint8Array(n + len);
        out.set(b.subarray(0, from + len));
        out.set(b.subarray(from), from + len);
        b = out;
        break;
      }
      case 4: // plant a record signature
        b.set(SIGNATURES[c % SIGNATURES.length].slice(0, Math.max(0, Math.min(4, n - (a % n)))), a % n);
        break;
      default: // overwrite a 32-bit field with an extreme value
        for (let k = 0; k < 4 && (a % n) + k < n; k++) b[(a % n) + k] = c & 1 ? 0xff : 0x00;
    }
  }
  return b;
}

/** Offset of the `i`-th local header (fflate's streaming writer: no signature collisions in these seeds). */
function startOfEntry(b: Uint8Array, i: number): number {
  let found = -1;
  for (let p = 0; p + 4 <= b.length; p++) {
    if (b[p] === 0x50 && b[p + 1] === 0x4b && b[p + 2] === 0x03 && b[p + 3] === 0x04 && ++found === i) return p;
  }
  return -1;
}

describe('fuzz: archives', function () {
  this.timeout(600_000);
  const { archives, texts } = seeds();

  it(`mutated zips (${RUNS} cases): no throw, messages name the archive, every iFlow read is an original`, () => {
    const mutation = fc.tuple(fc.nat(), fc.nat(), fc.nat());
    fc.assert(
      fc.property(fc.nat({ max: archives.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, muts) => {
        const seed = archives[which];
        const bytes = mutate(seed.bytes, muts);
        const r = readIFlowArchive(bytes, seed.name);
        for (const m of [...r.errors, ...r.notes]) {
          assert.ok(m.file === seed.name || m.file.startsWith(`${seed.name}!/`), `message names the archive: ${m.file}`);
          assert.ok(typeof m.message === 'string' && m.message.length > 0);
        }
        for (const f of r.iflows) {
          assert.ok(f.file.startsWith(`${seed.name}!/`), f.file);
          // A stored entry whose header declares 0 bytes is read as the empty file it says it is.
          assert.ok(texts.has(f.text) || f.text === '', `${f.file}: read as text that no original entry holds`);
        }
        for (const c of r.certificates) assert.ok(c.file.startsWith(`${seed.name}!/`) && c.bytes instanceof Uint8Array);
      }),
      params(),
    );
  });

  it('every cut of a zip without its central directory: exactly the entries before the cut, the cut one named', () => {
    const seed = archives.find((a) => a.name === 'descriptors.zip')!;
    const all = readIFlowArchive(seed.bytes, 'd.zip').iflows.map((f) => f.file);
    assert.ok(all.length === 2);
    // The end record (the last 22 bytes: no comment) gives the central directory's offset.
    const cd = new DataView(seed.bytes.buffer, seed.bytes.byteOffset).getUint32(seed.bytes.length - 22 + 16, true);
    const bare = seed.bytes.subarray(0, cd);
    // Where an entry starts, a cut leaves a shorter zip that is whole: nothing to say there.
    const starts = new Set(readIFlowArchive(bare, 'd.zip').iflows.map((_, i) => i).map((i) => startOfEntry(bare, i)));
    for (let cut = 1; cut <= bare.length; cut += Math.max(1, Math.floor(bare.length / 400))) {
      const r = readIFlowArchive(bare.subarray(0, cut), 'd.zip');
      const read = r.iflows.map((f) => f.file);
      assert.deepStrictEqual(read, all.slice(0, read.length), `cut at ${cut}: a prefix of the entries`);
      if (read.length < all.length && !starts.has(cut)) assert.strictEqual(r.errors.length, 1, `cut at ${cut}: the loss is said`);
    }
  });
});
