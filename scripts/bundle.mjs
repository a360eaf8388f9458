#!/usr/bin/env node
// Bundles with esbuild: the extension for Node (package.json "main", dist/extension.js), the same
// extension for the browser's web worker (package.json "browser", dist/web/extension.js: vscode.dev,
// github.dev), the CLI (dist/cli.js), and the integration suite for the web-worker host
// (out/test/web/index.js; it must sit inside the extension's folder). An entry point that does not
// exist yet is skipped with a note.
import { build } from 'esbuild';
import { existsSync, chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

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
// A web worker: no Node built-ins, no process, no Buffer. esbuild fails on a Node built-in import.
const browser = {
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
};

// mocha >= 12 is an ES module package, so esbuild treats its browser build (a UMD script) as ESM and
// the UMD's `module.exports = factory()` would replace the bundle's own exports. Run it as a plain
// script instead: it then sets globalThis.mocha.
const mochaAsScript = {
  name: 'mocha-as-script',
  setup(b) {
    b.onLoad({ filter: /[\\/]mocha[\\/]mocha\.js$/ }, (args) => ({
      contents: `(function (module, exports, define) {\n${readFileSync(args.path, 'utf8')}\n}).call(globalThis);`,
      loader: 'js',
    }));
  },
};

// The trusted roots' facts (44 KB) stay out of the extension's bundles: the extension reads
// dist/trusted-roots.json (written below, the same data) at activation (src/vscode/trustedRoots.ts).
// The CLI keeps them bundled.
const TRUSTED_ROOTS = join(root, 'src', 'core', 'certs', 'trusted-roots.json');
const trustedRootsFromDisk = {
  name: 'trusted-roots-from-disk',
  setup(b) {
    b.onResolve({ filter: /[\\/]trusted-roots\.json$/ }, (args) => ({ path: join(args.resolveDir, args.path), namespace: 'trusted-roots-from-disk' }));
    b.onLoad({ filter: /.*/, namespace: 'trusted-roots-from-disk' }, () => ({ contents: 'export default undefined;', loader: 'js' }));
  },
};

/** The web test bundle's entry: mocha's browser build, then every test file the web-worker host runs. */
function webTestsEntry() {
  const dir = join(root, 'test', 'integration');
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => `./test/integration/${f}`),
    ...readdirSync(join(dir, 'web')).filter((f) => f.endsWith('.test.ts')).map((f) => `./test/integration/web/${f}`),
  ].sort();
  return [
    "import 'mocha/mocha.js';",
    "import { runInWebWorker } from './test/integration/web/index.ts';",
    `export function run() { return runInWebWorker(() => { ${files.map((f) => `require(${JSON.stringify(f)});`).join(' ')} }); }`,
  ].join('\n');
}

const targets = [
  {
    entry: 'src/vscode/extension.ts',
    outfile: 'dist/extension.js',
    options: { external: ['vscode'], minify: true, plugins: [trustedRootsFromDisk] },
  },
  {
    entry: 'src/vscode/extension.ts',
    outfile: 'dist/web/extension.js',
    options: { ...browser, external: ['vscode'], minify: true, plugins: [trustedRootsFromDisk] },
    worker: true,
  },
  {
    entry: 'test/integration/web/index.ts',
    stdin: webTestsEntry,
    outfile: 'out/test/web/index.js',
    options: {
      ...browser,
      external: ['vscode'],
      plugins: [mochaAsScript],
      inject: [join(root, 'test', 'integration', 'web', 'process.ts')],
    },
    worker: true,
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

// Evaluates a browser bundle the way a web-worker extension host loads it: a CommonJS wrapper, only
// 'vscode' to require, and none of Node's globals (process, Buffer, require of built-ins).
function checkLoadsInWorker(file) {
  const get = (t, p) => (p === Symbol.toPrimitive ? () => '' : p === 'then' ? undefined : stub);
  const proto = new Proxy({}, { get });
  const stub = new Proxy(function () {}, { get, apply: () => stub, construct: () => stub, getPrototypeOf: () => proto });
  const module = { exports: {} };
  const require = (id) => {
    if (id === 'vscode') return stub;
    throw new Error(`require('${id}') in a web worker`);
  };
  const sandbox = { module, exports: module.exports, require, console, TextEncoder, TextDecoder, URL, crypto: globalThis.crypto, setTimeout, clearTimeout, queueMicrotask, atob, btoa };
  sandbox.globalThis = sandbox;
  sandbox.self = sandbox;
  try {
    runInNewContext(readFileSync(file, 'utf8'), sandbox, { filename: file });
  } catch (e) {
    throw new Error(`${relative(root, file)} does not load in a web worker: ${e?.message ?? e}`, { cause: e });
  }
  if (typeof module.exports.activate !== 'function' && typeof module.exports.run !== 'function') {
    throw new Error(`${relative(root, file)} exports neither activate() nor run()`);
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
let failed = false;
{
  const out = join(root, 'dist', 'trusted-roots.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(JSON.parse(readFileSync(TRUSTED_ROOTS, 'utf8'))));
  console.log(`bundle: ${relative(root, out)} ${kb(statSync(out).size)} (read by the extension at activation)`);
}
for (const t of targets) {
  if (!existsSync(join(root, t.entry))) {
    console.log(`bundle: skipped ${t.outfile}: ${t.entry} does not exist yet`);
    continue;
  }
  try {
    const started = Date.now();
    const input = t.stdin ? { stdin: { contents: t.stdin(), resolveDir: root, sourcefile: 'web-tests-entry.js', loader: 'ts' } } : { entryPoints: [t.entry] };
    await build({ ...common, ...input, outfile: t.outfile, ...t.options });
    const out = join(root, t.outfile);
    if (t.executable) chmodSync(out, 0o755);
    if (t.worker) checkLoadsInWorker(out);
    else checkLoads(out);
    console.log(`bundle: ${relative(root, out)} ${kb(statSync(out).size)} (map ${kb(statSync(out + '.map').size)}) in ${Date.now() - started} ms`);
  } catch (err) {
    failed = true;
    console.error(`bundle: ${t.outfile} failed: ${err.message ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
