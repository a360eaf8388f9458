/**
 * Export folders that hold what iflow-auth did not write: a team's README.md, symbolic links to
 * files elsewhere, a sub-folder under a name the export uses, a forged or broken index. The
 * export never changes or deletes a file it did not write (unless --force, and then only the
 * names it writes — never a link's target), and says which files stopped it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { EXPORT_INDEX } from '../../../src/core/mapping/export';
import { cli, REPO, snapshot, tempDir } from './support';

const TEAM_README = Buffer.from('# Our team\'s notes\r\nDo not delete.\r\n');

/**
 * Runs `test` in a temporary copy of examples/ without SHIPPING_PARTNER_BACKUP (whose certificate
 * is SHIPPING_PARTNER's: that refuses every export), removed afterwards.
 */
async function inWorkspace(test: (dir: string) => Promise<void>): Promise<void> {
  const t = tempDir('iflow-sec-export-');
  fs.cpSync(path.join(REPO, 'examples'), t.dir, { recursive: true });
  const file = path.join(t.dir, 'certificate-user-mappings.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  m.mappings = m.mappings.filter((e: { user: string }) => e.user !== 'SHIPPING_PARTNER_BACKUP');
  fs.writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
  try {
    await test(t.dir);
  } finally {
    t.cleanup();
  }
}

const tempLeftovers = (dir: string): string[] => [...snapshot(dir).keys()].filter((f) => /\.tmp$/.test(f));

describe('security: hostile export folders', function () {
  this.timeout(60000);

  it('a symbolic link named README.md to a team file elsewhere: refused and named; with --force the link is replaced, its target byte-identical', () => inWorkspace(async (dir) => {
    const team = path.join(dir, 'team-README.md');
    fs.writeFileSync(team, TEAM_README);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.symlinkSync(team, path.join(out, 'README.md'));
    const r = await cli(['export', '--neo', 'out', '.'], dir);
    assert.strictEqual(r.code, 2, r.err);
    assert.match(r.err, /did not write .*: README\.md \(a symbolic link\), which the export would overwrite\. .*--force/);
    assert.deepStrictEqual(fs.readdirSync(out), ['README.md'], 'nothing written');
    const forced = await cli(['export', '--neo', 'out', '--force', '.'], dir);
    assert.strictEqual(forced.code, 1, forced.err);
    assert.match(forced.out, /overwrote README\.md \(a symbolic link\) \(--force\)/);
    assert.ok(fs.readFileSync(team).equals(TEAM_README), 'the link\'s target is never written');
    assert.ok(!fs.lstatSync(path.join(out, 'README.md')).isSymbolicLink(), 'the link itself was replaced by the export\'s file');
    assert.deepStrictEqual(tempLeftovers(out), []);
  }));

  it('an index that is a symbolic link to a forged index claiming the team\'s README is not believed', () => inWorkspace(async (dir) => {
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'README.md'), TEAM_README);
    const forged = path.join(dir, 'forged.json');
    const { createHash } = await import('crypto');
    fs.writeFileSync(forged, JSON.stringify({ writtenBy: 'iflow-auth', files: [{ name: 'README.md', sha256: createHash('sha256').update(TEAM_README).digest('hex') }] }));
    fs.symlinkSync(forged, path.join(out, EXPORT_INDEX));
    const r = await cli(['export', '--neo', 'out', '.'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /README\.md, iflow-auth-export\.json \(a symbolic link\), which the export would overwrite/);
    assert.ok(fs.readFileSync(path.join(out, 'README.md')).equals(TEAM_README));
  }));

  it('an index naming files outside the folder (../) never reaches them: only names found in the folder count', () => inWorkspace(async (dir) => {
    const first = await cli(['export', '--neo', 'out', '.'], dir);
    assert.strictEqual(first.code, 1, first.err);
    const outside = path.join(dir, 'outside.txt');
    fs.writeFileSync(outside, 'keep');
    const indexFile = path.join(dir, 'out', EXPORT_INDEX);
    const index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
    index.files.push({ name: '../outside.txt', sha256: ['0'.repeat(64)] }, { name: '/etc/hostname', sha256: [] }, { name: 42 }, null);
    fs.writeFileSync(indexFile, JSON.stringify(index));
    // An index edited by hand is still read (it is the record, not a file the export checks); names it lists that are not in the folder are never touched.
    const again = await cli(['export', '--neo', 'out', '.'], dir);
    assert.strictEqual(again.code, 1, again.err);
    assert.strictEqual(fs.readFileSync(outside, 'utf8'), 'keep');
    assert.ok(!JSON.parse(fs.readFileSync(indexFile, 'utf8')).files.some((f: { name: string }) => f.name.includes('..')), 'the rewritten index lists only what was written');
  }));

  for (const [name, bytes] of [['not JSON', 'not json {'], ['JSON of another tool', '{"files": [{"name": "README.md"}]}'], ['deeply nested', `${'['.repeat(100000)}${']'.repeat(100000)}`]] as const) {
    it(`an index that is ${name}: a file like any other, refused and named`, () => inWorkspace(async (dir) => {
      const out = path.join(dir, 'out');
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, EXPORT_INDEX), bytes);
      const r = await cli(['export', '--neo', 'out', '.'], dir);
      assert.strictEqual(r.code, 2, r.err);
      assert.match(r.err, /did not write .*: iflow-auth-export\.json, which the export would overwrite/);
      assert.strictEqual(fs.readFileSync(path.join(out, EXPORT_INDEX), 'utf8'), bytes);
    }));
  }

  it('a sub-folder under a name the export writes: refused; with --force a clear error (exit 2), the folder and its files intact, no temporary file left', () => inWorkspace(async (dir) => {
    const out = path.join(dir, 'out');
    fs.mkdirSync(path.join(out, 'README.md'), { recursive: true });
    fs.writeFileSync(path.join(out, 'README.md', 'inside.txt'), 'keep');
    const r = await cli(['export', '--neo', 'out', '.'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /: README\.md\/, which the export would overwrite/);
    const forced = await cli(['export', '--neo', 'out', '--force', '.'], dir);
    assert.strictEqual(forced.code, 2);
    assert.match(forced.err, /^iflow-auth: out: cannot write the Neo export: /);
    assert.strictEqual(fs.readFileSync(path.join(out, 'README.md', 'inside.txt'), 'utf8'), 'keep');
    assert.deepStrictEqual(tempLeftovers(out), []);
  }));

  it('an export folder that is a file: exit 2 with a message, the file intact', () => inWorkspace(async (dir) => {
    fs.writeFileSync(path.join(dir, 'out'), TEAM_README);
    const r = await cli(['export', '--cf', 'out', '.'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /^iflow-auth: out: cannot write the Cloud Foundry export: /);
    assert.ok(fs.readFileSync(path.join(dir, 'out')).equals(TEAM_README));
  }));

  it('a file edited by hand since iflow-auth wrote it is no longer its own: refused, kept byte for byte', () => inWorkspace(async (dir) => {
    assert.strictEqual((await cli(['export', '--cf', 'out', '.'], dir)).code, 1);
    const readme = path.join(dir, 'out', 'README.md');
    fs.appendFileSync(readme, '\nOur deployment notes.\n');
    const edited = fs.readFileSync(readme);
    const r = await cli(['export', '--cf', 'out', '.'], dir);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /changed since it wrote it\): README\.md, which the export would overwrite/);
    assert.ok(fs.readFileSync(readme).equals(edited));
  }));
});
