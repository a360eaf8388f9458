/**
 * Property-based fuzzing of what an export folder holds: a mutated index (iflow-auth-export.json)
 * and arbitrary other entries never make planExportWrite throw, and a plan never writes over or
 * deletes an entry unless it holds exactly the bytes iflow-auth wrote there — or `force` was
 * given, and then only the names the export writes (nothing is ever deleted that is not its own).
 *
 * Re-run a failure with FUZZ_SEED=<seed> (and FUZZ_PATH=<path>); FUZZ_SCALE multiplies the runs.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { EXPORT_INDEX, neoExport, planExportWrite, type FolderEntry } from '../../../src/core/mapping/export';
import { readMappingFile } from '../../../src/core/mapping/read';
import { applyMutations, fuzzParameters, fuzzRuns, textMutations } from './corpus';

const REPO = path.join(__dirname, '../../../..');
const utf8 = new TextEncoder();

describe('fuzz: export folders', function () {
  this.timeout(120000);
  const m = JSON.parse(fs.readFileSync(path.join(REPO, 'examples/certificate-user-mappings.json'), 'utf8'));
  m.mappings = m.mappings.filter((e: { user: string }) => e.user !== 'SHIPPING_PARTNER_BACKUP');
  const result = neoExport(readMappingFile(JSON.stringify(m), 'm.json'));
  // The folder as the export leaves it: the files it wrote and its index.
  const own: FolderEntry[] = planExportWrite('neo', result, []).write.map((f) => ({ name: f.name, bytes: utf8.encode(f.content) }));
  const ownIndex = new TextDecoder().decode(own.find((f) => f.name === EXPORT_INDEX)!.bytes);
  const names = [...own.map((f) => f.name), 'notes.txt', 'OLD.json', '../x', ''];

  const entry: fc.Arbitrary<FolderEntry> = fc.oneof(
    fc.record({ name: fc.constantFrom(...names), bytes: fc.uint8Array({ maxLength: 64 }) }),
    fc.record({ name: fc.constantFrom(...names), folder: fc.constant(true) }),
    fc.record({ name: fc.constantFrom(...names), link: fc.constant(true) }),
  );

  it('never throws; writes over or deletes only its own bytes, or with force only the names it writes', () => {
    fc.assert(fc.property(textMutations, fc.array(entry, { maxLength: 6 }), fc.boolean(), fc.boolean(), (muts, extra, keepOwn, force) => {
      const index = applyMutations(ownIndex, muts).text;
      const byName = new Map<string, FolderEntry>();
      if (keepOwn) for (const f of own) byName.set(f.name, f);
      for (const f of extra) byName.set(f.name, f);
      byName.set(EXPORT_INDEX, { name: EXPORT_INDEX, bytes: utf8.encode(index) });
      const folder = [...byName.values()];
      const plan = planExportWrite('neo', result, folder, { force });
      const produced = new Set(result.files.map((f) => f.name).concat(EXPORT_INDEX));
      const isOwnBytes = (f: FolderEntry): boolean => !f.folder && !f.link && f.bytes !== undefined && own.some((o) => o.name === f.name && Buffer.from(o.bytes!).equals(Buffer.from(f.bytes!)));
      if (plan.refused) {
        assert.deepStrictEqual([plan.write, plan.remove], [[], []], 'refused: nothing planned');
        assert.ok(plan.foreign.length > 0);
        return;
      }
      for (const f of folder) {
        const touched = plan.write.some((w) => w.name === f.name) || plan.remove.includes(f.name);
        if (!touched || f.name === EXPORT_INDEX) continue;
        if (plan.remove.includes(f.name)) assert.ok(!f.folder && !f.link && f.bytes !== undefined, `${f.name}: only a file is ever deleted`);
        if (!force) assert.ok(isOwnBytes(f), `${f.name} written over or deleted without force, though not as iflow-auth wrote it`);
        else assert.ok(produced.has(f.name) || plan.remove.includes(f.name), `${f.name}: force touches only names the export writes`);
      }
      for (const r of plan.remove) assert.ok(!produced.has(r), `${r}: never deletes a file it writes`);
    }), { numRuns: fuzzRuns(400), ...fuzzParameters() });
  });
});
