#!/usr/bin/env node
// Bundles the extension and the CLI with esbuild into dist/ (see package.json "main" and "bin").
// An entry point that does not exist yet is skipped with a note.
import { build } from 'esbuild';
import { existsSync, chmodSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};
const targets = [
  {
    entry: 'src/vscode/extension.ts',
    outfile: 'dist/extension.js',
    options: { external: ['vscode'], minify: true },
  },
  {
    entry: 'src/cli/main.ts',
    outfile: 'dist/cli.js',
    options: { banner: { js: '#!/usr/bin/env node' } },
    executable: true,
  },
];

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
let failed = false;
for (const t of targets) {
  if (!existsSync(join(root, t.entry))) {
    console.log(`bundle: skipped ${t.outfile}: ${t.entry} does not exist yet`);
    continue;
  }
  try {
    const started = Date.now();
    await build({ ...common, entryPoints: [t.entry], outfile: t.outfile, ...t.options });
    const out = join(root, t.outfile);
    if (t.executable) chmodSync(out, 0o755);
    console.log(`bundle: ${relative(root, out)} ${kb(statSync(out).size)} (map ${kb(statSync(out + '.map').size)}) in ${Date.now() - started} ms`);
  } catch (err) {
    failed = true;
    console.error(`bundle: ${t.outfile} failed: ${err.message ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
