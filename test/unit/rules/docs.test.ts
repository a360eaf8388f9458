import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { rules } from '../../../src/core/rules/registry';

const REPO = path.join(__dirname, '../../../..');
const read = (file: string): string => fs.readFileSync(path.join(REPO, file), 'utf8');

/** The rows of a markdown rules table: the linked id and the default severity column. */
function tableRows(markdown: string): Array<{ id: string; severity: string; link: string }> {
  return [...markdown.matchAll(/^\| \[`([a-z-]+)`\]\(([^)]+)\) \| (error|warning|info) \|/gm)].map((m) => ({ id: m[1], link: m[2], severity: m[3] }));
}

const registry = rules.map((r) => ({ id: r.id, severity: r.defaultSeverity }));

describe('rules: the README, docs/rules and the registry agree', () => {
  it("the README's rules table lists every rule of the registry, in its order, with its default severity and page", () => {
    const rows = tableRows(read('README.md'));
    assert.deepStrictEqual(rows.map(({ id, severity }) => ({ id, severity })), registry);
    for (const r of rows) assert.strictEqual(r.link, `docs/rules/${r.id}.md`, r.id);
  });

  it("docs/rules/README.md's table does too", () => {
    const rows = tableRows(read('docs/rules/README.md'));
    assert.deepStrictEqual(rows.map(({ id, severity }) => ({ id, severity })), registry);
    for (const r of rows) assert.strictEqual(r.link, `${r.id}.md`, r.id);
  });

  it('every rule has its page, which names it and its default severity; no page without a rule', () => {
    for (const { id, severity } of registry) {
      const page = read(`docs/rules/${id}.md`);
      assert.match(page, new RegExp(`^# ${id}\\n`), `${id}.md starts with its id`);
      assert.match(page, new RegExp(`^Default severity: \\*\\*${severity}\\*\\*[. ]`, 'm'), `${id}.md: default severity ${severity}`);
    }
    const pages = fs.readdirSync(path.join(REPO, 'docs/rules')).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3)).sort();
    assert.deepStrictEqual(pages, registry.map((r) => r.id).sort());
  });

  it("each page's example output names its own rule", () => {
    for (const { id } of registry) {
      const page = read(`docs/rules/${id}.md`);
      const examples = [...page.matchAll(/```text\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n')).filter((l) => /^\S+:\d+:\d+ (error|warning|info) /.test(l));
      for (const line of examples) assert.match(line, new RegExp(`^\\S+:\\d+:\\d+ (error|warning|info) +${id} `), `${id}.md: ${line}`);
    }
  });
});
