#!/usr/bin/env node
// Bundles the extension and the CLI with esbuild into dist/ (see package.json "main" and "bin").
// An entry point that does not exist yet is skipped with a note.
import { build } from 'esbuild';
import { existsSync, chmodSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Prefer packages' ES module builds: jsonc-parser's "main" is a UMD build whose internal
  // require('./impl/format') calls esbuild cannot follow (the bundle then fails at run time).
  mainFields: ['module', 'main'],
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

// Loads a bundle in a child Node with a stub 'vscode' module: a bundle that still requires a file
// at run time (e.g. a UMD build's require('./impl/…')) fails here instead of at activation.
const LOAD_CHECK = `
const Module = require('module');
const get = (t, p) => (p === Symbol.toPrimitive ? () => '' : p === 'then' ? undefined : stub);
const proto = new Proxy({}, { get }); // esbuild's __toESM copies own keys but keeps the prototype
const stub = new Proxy(function () {}, { get, apply: () => stub, construct: () => stub, getPrototypeOf: () => proto });
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
process.exit = () => { throw new Error('exit'); };
try { require(process.argv[1]); } catch (e) { if (e && e.code === 'MODULE_NOT_FOUND') { console.error('LOAD_FAILED ' + e.message.split('\\n')[0]); process.exitCode = 3; } }
`;
function checkLoads(file) {
  const r = spawnSync(process.execPath, ['-e', LOAD_CHECK, file], { encoding: 'utf8', timeout: 20_000, input: '' });
  const m = /LOAD_FAILED (.*)/.exec(r.stderr ?? '');
  if (m) throw new Error(`${relative(root, file)} does not load: ${m[1]}`);
}

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
    checkLoads(out);
    console.log(`bundle: ${relative(root, out)} ${kb(statSync(out).size)} (map ${kb(statSync(out + '.map').size)}) in ${Date.now() - started} ms`);
  } catch (err) {
    failed = true;
    console.error(`bundle: ${t.outfile} failed: ${err.message ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
