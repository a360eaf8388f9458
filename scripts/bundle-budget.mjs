#!/usr/bin/env node
// What the extension loads at activation, checked on a build (dist/): each host's main bundle stays
// under its ceiling and holds none of the code of the chunks loaded on first use (scripts/bundle.mjs,
// CHUNKS), and each chunk holds the code it is for (read from the source maps). The package stage of scripts/test-all.mjs runs it; alone: `node scripts/bundle-budget.mjs`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What a main bundle may not exceed: what the extension host evaluates before activate() runs (the bench reports it). */
export const MAIN_BUNDLE_TARGET = 200_000;

/** Code that belongs in a chunk, never in a main bundle (a chunk whose code the main bundle holds shrinks to its entry). */
const LOGS = ['src/vscode/logs.ts', 'src/vscode/logReport.ts', 'src/core/logs/analyzer.ts', 'src/core/logs/verdict.ts', 'src/core/logs/accessLine.ts', 'src/core/logs/reportHtml.ts'];

const ARCHIVES = ['src/core/iflow/archive.ts'];
const ACTIONS = ['src/core/fixes.ts', 'src/vscode/codeActions.ts', 'src/vscode/exemptions.ts', 'src/vscode/importCertificate.ts', 'src/vscode/renewCertificate.ts', 'src/vscode/exportMappings.ts'];

/** Each host's main bundle and the chunks beside it (as package.json's main and browser name them). */
export const BUNDLES = [
  { host: 'Node', main: 'dist/extension.js', chunks: [{ file: 'dist/logs.js', holds: LOGS }, { file: 'dist/actions.js', holds: ACTIONS }, { file: 'dist/archives.js', holds: ARCHIVES }] },
  { host: 'web worker', main: 'dist/web/extension.js', chunks: [{ file: 'dist/web/logs.js', holds: LOGS }, { file: 'dist/web/actions.js', holds: ACTIONS }, { file: 'dist/web/archives.js', holds: ARCHIVES }] },
];

/** The repository files a bundle was built from (its source map's sources). */
function sourcesOf(file) {
  const map = JSON.parse(readFileSync(join(root, `${file}.map`), 'utf8'));
  return new Set(map.sources.map((s) => relative(root, join(root, dirname(file), s)).split('\\').join('/')));
}

/** Sizes and problems of the built bundles: { rows: [{ file, bytes, note }], problems: [string] }. */
export function checkBundles() {
  const rows = [];
  const problems = [];
  for (const b of BUNDLES) {
    const absent = [b.main, ...b.chunks.map((c) => c.file)].filter((f) => !existsSync(join(root, f)) || !existsSync(join(root, `${f}.map`)));
    for (const f of absent) problems.push(`${f} (or its source map) is missing: run npm run build`);
    if (absent.length > 0) continue;
    const main = sourcesOf(b.main);
    const bytes = statSync(join(root, b.main)).size;
    if (bytes > MAIN_BUNDLE_TARGET) problems.push(`${b.main} is ${bytes.toLocaleString('en-US')} bytes, over the target of ${MAIN_BUNDLE_TARGET.toLocaleString('en-US')}: load what activation does not need on first use (CHUNKS in scripts/bundle.mjs)`);
    rows.push({ file: b.main, bytes, note: `${b.host} host, loaded at activation` });
    for (const c of b.chunks) {
      const own = sourcesOf(c.file);
      const missing = c.holds.filter((s) => !own.has(s));
      // Libraries are copied into a chunk on purpose (scripts/bundle.mjs), and so is the module that
      // reads the vscode API (vscode-api:vscode); our code never is.
      const twice = [...own].filter((s) => main.has(s) && !s.split('/').includes('node_modules') && !s.includes('vscode-api:'));
      if (missing.length > 0) problems.push(`${c.file} lacks ${missing.join(', ')}`);
      if (twice.length > 0) problems.push(`${b.main} holds code of ${c.file}, which is meant to load on first use: ${twice.slice(0, 5).join(', ')}${twice.length > 5 ? ` and ${twice.length - 5} more` : ''}`);
      rows.push({ file: c.file, bytes: statSync(join(root, c.file)).size, note: `${b.host} host, loaded on first use (${own.size} files)` });
    }
  }
  return { rows, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, problems } = checkBundles();
  for (const r of rows) console.log(`${r.file.padEnd(24)} ${r.bytes.toLocaleString('en-US').padStart(9)} bytes  ${r.note}`);
  for (const p of problems) console.error(`✖ ${p}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
