#!/usr/bin/env node
// Bundles with esbuild: the extension for Node (package.json "main", dist/extension.js), the same
// extension for the browser's web worker (package.json "browser", dist/web/extension.js: vscode.dev,
// github.dev), the CLI (dist/cli.js), and the integration suite for the web-worker host
// (out/test/web/index.js; it must sit inside the extension's folder). An entry point that does not
// exist yet is skipped with a note. Features needed only on demand are chunks of their own beside
// each extension bundle (CHUNKS below), loaded on first use by src/vscode/chunks.ts.
// BUNDLE_METAFILE=1 writes each extension bundle's esbuild metafile to out/bundle-meta/ (what each
// module adds to the bundle, for https://esbuild.github.io/analyze/ or a script).
import { build } from 'esbuild';
import { existsSync, chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve, sep } from 'node:path';
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

// `import * as vscode from 'vscode'` becomes, in esbuild's CommonJS output, a copy of every property
// of the API object in each module that imports it (__toESM): 16 copies while the bundle is evaluated,
// the largest part of our share of activation in the profile. Instead one module of the bundle reads
// the API once and exports the names our code uses (found in src/; a name it misses fails the build).
function vscodeApiPlugin() {
  const names = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.ts')) for (const m of readFileSync(join(dir, e.name), 'utf8').matchAll(/\bvscode\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
    }
  };
  walk(join(root, 'src'));
  const contents = `const api = require('vscode');\nexport const { ${[...names].sort().join(', ')} } = api;`;
  return {
    name: 'vscode-api',
    setup(b) {
      b.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' }));
      b.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents, loader: 'js' }));
    },
  };
}
const vscodeApi = vscodeApiPlugin();

// ---- chunks: parts of the extension loaded on first use ----
// esbuild splits code only for ES module output, and VS Code 1.100 loads extensions as CommonJS
// (and the web worker host runs them as CommonJS text). So each chunk is a bundle of its own, and
// it shares the main bundle's modules instead of carrying copies (one class, one module state on
// both sides): it is built with every module the main bundle holds left out, required as
// 'shared:<path>', and the main bundle's src/vscode/chunkShared.ts is generated to hand over
// exactly the exports the chunks import (handing over whole modules would keep all of, e.g.,
// fflate in the main bundle). Per host: the main bundle (to learn what it holds), each chunk as an
// ES module (to learn what it imports) and as CommonJS, the main bundle again with its shares.
const CHUNKS = [
  // The tenant logs: the editor's log analysis, *Analyze Access Logs…*, src/core/logs/.
  { name: 'logs', entry: 'src/vscode/logsChunk.ts' },
  // What runs when the user acts: quick fixes, exemptions, Import/Renew Certificate, exports, and
  // the core's fix planner, which src/core/onDemand.ts's loadFixes() loads (its export `fixes`).
  { name: 'actions', entry: 'src/vscode/actionsChunk.ts', serves: { loadFixes: 'fixes' } },
  // The reader of .zip exports with fflate's inflater, for workspaces that hold some: the chunk's
  // exports are the module's (`*`).
  { name: 'archives', entry: 'src/core/iflow/archive.ts', serves: { loadArchiveReader: '*' } },
];
const SHARED_PREFIX = 'shared:'; // as src/vscode/chunks.ts reads it
const CHUNK_SHARED = join(root, 'src', 'vscode', 'chunkShared.ts');
const CHUNK_LOADER = join(root, 'src', 'vscode', 'chunks.ts');
// The core's parts loaded on first use: plain dynamic imports in the CLI, a chunk in the extension.
const CORE_ON_DEMAND = join(root, 'src', 'core', 'onDemand.ts');
const repoPath = (file) => relative(root, file).split(sep).join('/');
/** A whole module is shared (the chunk imports it as a namespace). */
const WHOLE = '*';

/**
 * Writes src/vscode/chunkShared.ts's contents for one bundle: the chunks' folder, and per shared
 * module an object of getters (live bindings) for the names imported, marked as an ES module so
 * that a default import reads `default`. The getters are written as arrows turned into getters at
 * run time: a third smaller in the main bundle than getter syntax.
 */
function chunkSharedPlugin(folder, shared) {
  const modules = [...shared.keys()].sort();
  const lines = [];
  const objects = modules.map((file, i) => {
    const names = shared.get(file);
    if (names === WHOLE) {
      lines.push(`import * as m${i} from ${JSON.stringify(file)};`);
      return `${JSON.stringify(repoPath(file))}: m${i}`;
    }
    const list = [...names].sort();
    lines.push(`import { ${list.map((n, k) => `${n} as m${i}_${k}`).join(', ')} } from ${JSON.stringify(file)};`);
    return `${JSON.stringify(repoPath(file))}: live({ ${list.map((n, k) => `${n}: () => m${i}_${k}`).join(', ')} })`;
  });
  const contents = [
    ...lines,
    'const live = (getters) => Object.defineProperties({ __esModule: true }, Object.fromEntries(Object.entries(getters).map(([k, get]) => [k, { get, enumerable: true }])));',
    `export const chunkFolder = ${JSON.stringify(folder)};`,
    `export const sharedModules = { ${objects.join(', ')} };`,
  ].join('\n');
  return {
    name: 'chunk-shared',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]vscode[\\/]chunkShared\.ts$/ }, (args) => (args.path === CHUNK_SHARED ? { contents, loader: 'ts', resolveDir: dirname(CHUNK_SHARED) } : undefined));
    },
  };
}

/** Makes src/core/onDemand.ts's loaders load the chunks that serve them (CHUNKS' `serves`). */
const coreOnDemandPlugin = {
  name: 'core-on-demand',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]core[\\/]onDemand\.ts$/ }, (args) => {
      if (args.path !== CORE_ON_DEMAND) return undefined;
      const wanted = [...readFileSync(CORE_ON_DEMAND, 'utf8').matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
      const lines = [`import { loadChunk } from ${JSON.stringify(CHUNK_LOADER)};`];
      for (const name of wanted) {
        const chunk = CHUNKS.find((c) => c.serves?.[name]);
        if (!chunk) return { errors: [{ text: `src/core/onDemand.ts exports ${name}, which no chunk serves (CHUNKS in scripts/bundle.mjs)` }] };
        const part = chunk.serves[name] === '*' ? '' : `.then((c) => c[${JSON.stringify(chunk.serves[name])}])`;
        lines.push(`export const ${name} = () => loadChunk(${JSON.stringify(chunk.name)})${part};`);
      }
      return { contents: lines.join('\n'), loader: 'js', resolveDir: dirname(CORE_ON_DEMAND) };
    });
  },
};

/**
 * The CLI carries src/core/onDemand.ts's parts in its one bundle, imported statically: a dynamic
 * import inlined by esbuild wraps every module behind it in a lazy initializer (+38 KB).
 */
const coreBundledPlugin = {
  name: 'core-bundled',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]core[\\/]onDemand\.ts$/ }, (args) => {
      if (args.path !== CORE_ON_DEMAND) return undefined;
      const parts = [...readFileSync(CORE_ON_DEMAND, 'utf8').matchAll(/^export const (\w+)\b.*\bimport\('([^']+)'\)/gm)];
      const contents = parts.map(([, name, path], i) => `import * as part${i} from ${JSON.stringify(path)};\nexport const ${name} = () => Promise.resolve(part${i});`).join('\n');
      return { contents, loader: 'js', resolveDir: dirname(CORE_ON_DEMAND) };
    });
  },
};

// A library (node_modules) holds no state of ours: a chunk may carry its own copy of it, and does
// when sharing it would pull functions the main bundle does not use into it (jsonc-parser's edits).
const isLibrary = (file) => file.split(sep).includes('node_modules');

/**
 * Leaves out of a chunk every module the main bundle holds (`inMain`) but the libraries in `copied`,
 * recording them in `files`.
 */
function fromMainPlugin(inMain, files, copied) {
  const again = Symbol('resolving');
  return {
    name: 'from-main',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === again || args.kind === 'entry-point') return undefined;
        const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, namespace: args.namespace, pluginData: again });
        if (r.errors.length > 0 || r.external || r.namespace !== 'file' || !inMain.has(r.path) || copied.has(r.path)) return undefined;
        files.set(SHARED_PREFIX + repoPath(r.path), r.path);
        return { path: SHARED_PREFIX + repoPath(r.path), external: true };
      });
    },
  };
}

/** What an ES module bundle imports from the shared modules: per id, the names, or WHOLE. */
function sharedImports(code) {
  const found = new Map();
  const add = (id, names) => {
    const had = found.get(id) ?? new Set();
    found.set(id, had === WHOLE || names === WHOLE ? WHOLE : new Set([...had, ...names]));
  };
  // esbuild writes each import of an external module as a statement of its own, at a line's start.
  const statement = /^(?:import|export)\s+([^;]*?)\s+from\s*"(shared:[^"]+)";|^import\s*"(shared:[^"]+)";/gm;
  for (let m; (m = statement.exec(code)); ) {
    if (m[3]) { add(m[3], []); continue; }
    const clause = m[1];
    if (/\*/.test(clause)) { add(m[2], WHOLE); continue; }
    const names = [];
    const braces = /\{([^}]*)\}/.exec(clause);
    if (braces) for (const part of braces[1].split(',')) if (part.trim()) names.push(part.trim().split(/\s+as\s+/)[0]);
    if (/^[\w$]+/.test(clause) && !clause.startsWith('{')) names.push('default');
    add(m[2], names);
  }
  return found;
}

/**
 * The extension for one host: its chunks beside it, then the main bundle. Returns each chunk's file
 * and the shared ids it requires (for the load checks).
 */
async function buildExtension(t) {
  const folder = dirname(t.outfile);
  const base = { ...common, entryPoints: [t.entry], ...t.options };
  const mainPlugins = (shared) => [...t.options.plugins, coreOnDemandPlugin, chunkSharedPlugin(folder, shared)];
  const probe = await build({ ...base, outfile: t.outfile, write: false, metafile: true, plugins: mainPlugins(new Map()) });
  const inMain = new Set(Object.keys(probe.metafile.inputs).filter((p) => !p.includes(':')).map((p) => resolve(root, p)));
  const bytesIn = (metafile) => new Map(Object.entries(Object.values(metafile.outputs).find((o) => o.entryPoint)?.inputs ?? {}).map(([p, i]) => [resolve(root, p), i.bytesInOutput]));
  const before = bytesIn(probe.metafile);
  // Libraries a chunk copies instead: sharing them grew the main bundle (functions it does not use).
  const copied = new Set();
  for (;;) {
    const shared = new Map(); // file → names imported, or WHOLE
    const chunks = [];
    for (const c of CHUNKS) {
      const outfile = join(folder, `${c.name}.js`);
      const files = new Map(); // shared id → file
      const esm = await build({ ...base, entryPoints: [c.entry], outfile, format: 'esm', minify: false, sourcemap: false, write: false, plugins: [...t.options.plugins, fromMainPlugin(inMain, files, copied)] });
      for (const [id, names] of sharedImports(esm.outputFiles[0].text)) {
        const file = files.get(id);
        const had = shared.get(file) ?? new Set();
        shared.set(file, had === WHOLE || names === WHOLE ? WHOLE : new Set([...had, ...names]));
      }
      await build({ ...base, entryPoints: [c.entry], outfile, plugins: [...t.options.plugins, fromMainPlugin(inMain, new Map(), copied)] });
      chunks.push({ outfile: join(root, outfile), requires: new Set(files.keys()) });
    }
    const main = await build({ ...base, outfile: t.outfile, metafile: true, plugins: mainPlugins(shared) });
    const after = bytesIn(main.metafile);
    if (process.env.BUNDLE_METAFILE) {
      const metafile = join(root, 'out', 'bundle-meta', `${t.outfile.replace(/[\\/]/g, '_')}.json`);
      mkdirSync(dirname(metafile), { recursive: true });
      writeFileSync(metafile, JSON.stringify(main.metafile));
    }
    const grown = [...shared.keys()].filter((f) => isLibrary(f) && !copied.has(f) && (after.get(f) ?? 0) > (before.get(f) ?? 0));
    if (grown.length === 0) return chunks;
    for (const f of grown) copied.add(f);
  }
}

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
    // fflate's Node build loads Node's 'module' (for worker threads we do not use): its browser build
    // is the same synchronous code, and a chunk is given nothing but 'vscode' to require.
    options: { external: ['vscode'], minify: true, plugins: [trustedRootsFromDisk, vscodeApi], alias: { fflate: 'fflate/browser' } },
    chunked: true,
  },
  {
    entry: 'src/vscode/extension.ts',
    outfile: 'dist/web/extension.js',
    options: { ...browser, external: ['vscode'], minify: true, plugins: [trustedRootsFromDisk, vscodeApi] },
    worker: true,
    chunked: true,
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
    options: { banner: { js: '#!/usr/bin/env node' }, plugins: [coreBundledPlugin] },
    executable: true,
  },
];

// Loads a bundle in a child Node with a stub 'vscode' module (and stubs for the main bundle's shared
// modules a chunk asks for): a bundle that still requires a file at run time (e.g. a UMD build's
// require('./impl/…')) fails here instead of at activation.
const LOAD_CHECK = `
const Module = require('module');
const get = (t, p) => (p === Symbol.toPrimitive ? () => '' : p === 'then' ? undefined : stub);
const proto = new Proxy({}, { get }); // esbuild's __toESM copies own keys but keeps the prototype
const stub = new Proxy(function () {}, { get, apply: () => stub, construct: () => stub, getPrototypeOf: () => proto });
const load = Module._load;
const shared = new Set(JSON.parse(process.argv[2] || '[]'));
const chunk = process.argv[3] === 'chunk'; // src/vscode/chunks.ts gives a chunk only these to require
Module._load = function (request, ...rest) {
  if (request === 'vscode' || shared.has(request)) return stub;
  if (chunk && request !== process.argv[1]) throw Object.assign(new Error("Cannot find module '" + request + "' (a chunk may require only 'vscode' and the main bundle's shared modules)"), { code: 'MODULE_NOT_FOUND' });
  return load.call(this, request, ...rest);
};
process.exit = () => { throw new Error('exit'); };
try { require(process.argv[1]); } catch (e) { if (e && e.code === 'MODULE_NOT_FOUND') { console.error('LOAD_FAILED ' + e.message.split('\\n')[0]); process.exitCode = 3; } }
`;
function checkLoads(file, shared) {
  const r = spawnSync(process.execPath, ['-e', LOAD_CHECK, file, JSON.stringify([...(shared ?? [])]), shared ? 'chunk' : 'main'], { encoding: 'utf8', timeout: 20_000, input: '' });
  const m = /LOAD_FAILED (.*)/.exec(r.stderr ?? '');
  if (m) throw new Error(`${relative(root, file)} does not load: ${m[1]}`);
}

// Evaluates a browser bundle the way a web-worker extension host loads it: a CommonJS wrapper, only
// 'vscode' to require (and, for a chunk, the main bundle's shared modules), and none of Node's
// globals (process, Buffer, require of built-ins).
function checkLoadsInWorker(file, shared) {
  const get = (t, p) => (p === Symbol.toPrimitive ? () => '' : p === 'then' ? undefined : stub);
  const proto = new Proxy({}, { get });
  const stub = new Proxy(function () {}, { get, apply: () => stub, construct: () => stub, getPrototypeOf: () => proto });
  const module = { exports: {} };
  const require = (id) => {
    if (id === 'vscode' || shared?.has(id)) return stub;
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
  if (shared) {
    if (Object.keys(module.exports).length === 0) throw new Error(`${relative(root, file)} exports nothing`);
  } else if (typeof module.exports.activate !== 'function' && typeof module.exports.run !== 'function') {
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
    const chunks = t.chunked ? await buildExtension(t) : (await build({ ...common, ...input, outfile: t.outfile, ...t.options }), []);
    const out = join(root, t.outfile);
    if (t.executable) chmodSync(out, 0o755);
    if (t.worker) checkLoadsInWorker(out);
    else checkLoads(out);
    console.log(`bundle: ${relative(root, out)} ${kb(statSync(out).size)} (map ${kb(statSync(out + '.map').size)}) in ${Date.now() - started} ms`);
    for (const c of chunks) {
      if (t.worker) checkLoadsInWorker(c.outfile, c.requires);
      else checkLoads(c.outfile, c.requires);
      console.log(`bundle: ${relative(root, c.outfile)} ${kb(statSync(c.outfile).size)}, loaded on first use (${c.requires.size} modules of the main bundle shared)`);
    }
  } catch (err) {
    failed = true;
    console.error(`bundle: ${t.outfile} failed: ${err.message ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
