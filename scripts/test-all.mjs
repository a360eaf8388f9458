#!/usr/bin/env node
// Every test of the project, in order: ESLint (a lint error fails the run), the unit tests (mocha, .mocharc.json: out/test/unit/**/*.test.js),
// the grammar tests, then the integration suite inside real VS Code extension hosts
// (test/host/run.mjs; installs the hosts first if needed): VS Code 1.100 (the oldest engines.vscode
// accepts) and 1.139 (the newest code-server on npm) in the Node extension host, 1.139 in the
// browser's web-worker extension host (as on vscode.dev), `npx vscode-test` (the standard tooling,
// pointed at test/host/code.mjs), then the package. Expects a build (`npm test` runs `npm run build` first). The output ends with exactly one
// line "N passed, M failed" counting every test that ran; a stage that could not run counts as a
// failure. Exit code 0 only if nothing failed.
//
//   node scripts/test-all.mjs [--unit-only | --integration-only] [--timeout <s>]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLES, checkBundles, MAIN_BUNDLE_TARGET } from './bundle-budget.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--unit-only') ? 'unit' : args.includes('--integration-only') ? 'integration' : null;
const timeoutArg = args.indexOf('--timeout');
const integrationTimeout = timeoutArg >= 0 ? args[timeoutArg + 1] : '600';

const stages = [];
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const banner = (s) => console.log(`\n=== ${s} ===`);

function findFiles(dir, suffix, out = []) {
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules') findFiles(full, suffix, out); }
    else if (e.name.endsWith(suffix)) out.push(full);
  }
  return out;
}

/** Runs a child with inherited stderr and stdout echoed (and kept); resolves {code, signal, out}. */
function run(cmd, argv, { env = {}, timeoutMs } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { process.stdout.write(d); out += d.toString(); if (out.length > 4_000_000) out = out.slice(-2_000_000); });
    let timedOut = false;
    const timer = timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGTERM'); setTimeout(() => child.kill('SIGKILL'), 10_000).unref(); }, timeoutMs) : null;
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => { out += `\n${err.message}`; });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code, signal, out, timedOut });
    });
  });
}

async function unitStage() {
  banner('unit tests (mocha, out/test/unit)');
  const started = Date.now();
  const compiled = findFiles(join(root, 'out', 'test', 'unit'), '.test.js');
  const sources = findFiles(join(root, 'test', 'unit'), '.test.ts');
  if (compiled.length === 0) {
    if (sources.length === 0) {
      console.log('no unit test files (test/unit/**/*.test.ts) yet: nothing to run');
      return { name: 'unit', passed: 0, failed: 0, pending: 0, ms: Date.now() - started, note: 'no unit tests' };
    }
    return { name: 'unit', passed: 0, failed: 1, pending: 0, ms: Date.now() - started, error: `${sources.length} unit test sources but nothing compiled under out/test/unit: run \`npm run compile\`` };
  }
  const mochaBin = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  if (!existsSync(mochaBin)) return { name: 'unit', passed: 0, failed: 1, pending: 0, ms: 0, error: 'mocha is not installed: run `npm ci`' };
  const tmp = mkdtempSync(join(tmpdir(), 'iflow-unit-'));
  const countFile = join(tmp, 'counts.json');
  try {
    const r = await run(process.execPath, [mochaBin, '--config', '.mocharc.json', '--reporter', join(root, 'test', 'host', 'mocha-count-reporter.cjs'), process.stdout.isTTY ? '--color' : '--no-color'], {
      env: { MOCHA_COUNT_FILE: countFile },
      timeoutMs: 30 * 60_000,
    });
    let counts = null;
    try { counts = JSON.parse(readFileSync(countFile, 'utf8')); } catch { /* mocha did not finish */ }
    const ms = Date.now() - started;
    if (!counts) return { name: 'unit', passed: 0, failed: 1, pending: 0, ms, error: `mocha ended (code ${r.code}${r.signal ? `, ${r.signal}` : ''}${r.timedOut ? ', time limit of 30 min' : ''}) without reporting counts (crashed while loading the specs?)` };
    const res = { name: 'unit', ...counts, ms };
    if (r.code !== 0 && counts.failed === 0) { res.failed = 1; res.error = `mocha exited with code ${r.code} although no test failed`; }
    return res;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The integration suite in one real VS Code extension host: `vscode` 'oldest' (1.100) or 'newest'
 * (1.139), the Node host or (`web`) the browser's web-worker host. `ui`: also drive the workbench
 * as a person would and screenshot it (one more test).
 */
async function integrationStage({ vscode, web = false, ui = false }) {
  const label = `${vscode}${web ? ', web worker' : ''}`;
  banner(`integration tests, ${label} (real VS Code: test/host/run.mjs --vscode ${vscode}${web ? ' --web' : ''})`);
  const started = Date.now();
  const name = `integration (${label})`;
  const index = web ? join(root, 'out', 'test', 'web', 'index.js') : join(root, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(index)) {
    return { name, passed: 0, failed: 1, pending: 0, ms: 0, error: `${relative(root, index)} is missing: run \`npm run build\` first` };
  }
  const { isInstalled } = await import('../test/host/server.mjs');
  if (!isInstalled(vscode)) {
    console.log('installing the VS Code test hosts: bash test/host/install.sh');
    const ri = await run('bash', [join(root, 'test', 'host', 'install.sh')], { timeoutMs: 30 * 60_000 });
    if (ri.code !== 0 || !isInstalled(vscode)) {
      return { name, passed: 0, failed: 1, pending: 0, ms: Date.now() - started, error: `bash test/host/install.sh failed (code ${ri.code})` };
    }
  }
  // The UI script saves its pictures beside this one: .screenshots/ for the Node host, .screenshots/web/.
  const shot = join(root, '.screenshots', ...(web ? ['web'] : []), `integration-${vscode}.png`);
  const r = await run(process.execPath, [
    join(root, 'test', 'host', 'run.mjs'),
    '--vscode', vscode,
    ...(web ? ['--web'] : []),
    '--screenshot', shot,
    '--timeout', String(integrationTimeout),
    ...(ui ? ['--ui', join(root, 'test', 'ui', 'workbench.mjs')] : []),
  ], { timeoutMs: (Number(integrationTimeout) + 120) * 1000 });
  const ms = Date.now() - started;
  const m = [...r.out.matchAll(/^RUNNER_RESULT (\{.*\})$/gm)].pop();
  let result = null;
  try { result = m && JSON.parse(m[1]); } catch { /* malformed */ }
  if (!result) return { name, passed: 0, failed: 1, pending: 0, ms, error: `test/host/run.mjs ended (code ${r.code}${r.signal ? `, ${r.signal}` : ''}) without a RUNNER_RESULT line` };
  // The UI check counts as one test: a failure is already in result.failed, a pass is not.
  const res = { name: `integration (VS Code ${result.vscode}, ${web ? 'web-worker' : 'Node'} extension host)`, passed: result.passed + (ui && result.ok ? 1 : 0), failed: result.failed, pending: result.pending ?? 0, ms, screenshot: shot };
  if (!result.ok || r.code !== 0) {
    if (res.failed === 0) res.failed = 1;
    res.error = result.reason || `test/host/run.mjs exited with code ${r.code}`;
  }
  return res;
}

/** ESLint over the repository (eslint.config.mjs): clean counts as one passed test, each error as a failure. */
async function lintStage() {
  banner('lint (ESLint + typescript-eslint, eslint.config.mjs)');
  const started = Date.now();
  const bin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
  if (!existsSync(bin)) return { name: 'lint', passed: 0, failed: 1, pending: 0, ms: 0, error: 'eslint is not installed: run `npm ci`' };
  const r = await run(process.execPath, [bin, '--max-warnings', '0', '.'], { timeoutMs: 10 * 60_000 });
  const ms = Date.now() - started;
  if (r.code === 0) {
    console.log('✓ no lint problems');
    return { name: 'lint', passed: 1, failed: 0, pending: 0, ms };
  }
  const m = /✖ (\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(r.out);
  const problems = m ? Number(m[1]) : 0;
  return { name: 'lint', passed: 0, failed: Math.max(1, problems), pending: 0, ms, error: m ? `${problems} lint problems (npm run lint)` : `eslint exited with code ${r.code}` };
}

/**
 * The standard tooling: `npx vscode-test` (@vscode/test-cli with .vscode-test.mjs, @vscode/test-electron
 * underneath) launching our stand-in executable test/host/code.mjs, since VS Code cannot be
 * downloaded here. Only a part of the suite (the three hosts above run all of it): this checks that
 * the configuration, test-cli's own runner and the file list work.
 */
async function vscodeTestStage() {
  banner('npx vscode-test (.vscode-test.mjs through test/host/code.mjs; smoke and tree tests)');
  const started = Date.now();
  const bin = join(root, 'node_modules', '@vscode', 'test-cli', 'out', 'bin.mjs');
  if (!existsSync(bin)) return { name: 'vscode-test', passed: 0, failed: 1, pending: 0, ms: 0, error: '@vscode/test-cli is not installed: run `npm ci`' };
  const r = await run(process.execPath, [bin, '--grep', '^(smoke|Sender Authorization tree)'], {
    env: { IFLOW_VSCODE_EXECUTABLE: 'test/host/code.mjs' },
    timeoutMs: 10 * 60_000,
  });
  const count = (re) => Number(re.exec(r.out)?.[1] ?? 0);
  const res = { name: 'vscode-test (test-cli, VS Code 1.100.3)', passed: count(/^\s*(\d+) passing/m), failed: count(/^\s*(\d+) failing/m), pending: count(/^\s*(\d+) pending/m), ms: Date.now() - started };
  if (r.code !== 0 || res.passed === 0) {
    if (res.failed === 0) res.failed = 1;
    res.error = `npx vscode-test exited with code ${r.code}${res.passed === 0 ? ' and no test passed' : ''}`;
  }
  return res;
}

/** TextMate grammar tests (test/grammar/*.test.iflw, *.test.log): one test per case file. */
async function grammarStage() {
  banner('grammar tests (vscode-tmgrammar-test, test/grammar)');
  const started = Date.now();
  const bin = join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
  if (!existsSync(bin)) return { name: 'grammar', passed: 0, failed: 1, pending: 0, ms: 0, error: 'vscode-tmgrammar-test is not installed: run `npm ci`' };
  const cases = [...findFiles(join(root, 'test', 'grammar'), '.test.iflw'), ...findFiles(join(root, 'test', 'grammar'), '.test.log')];
  const r = await run(process.execPath, [bin, '-g', join(root, 'test', 'grammar', 'xml.tmLanguage.json'), ...cases], { timeoutMs: 5 * 60_000 });
  const passed = (r.out.match(/^✓ /gm) ?? []).length;
  const failed = (r.out.match(/^✖ /gm) ?? []).length;
  const res = { name: 'grammar', passed, failed, pending: 0, ms: Date.now() - started };
  if (r.code !== 0 && failed === 0) { res.failed = 1; res.error = `vscode-tmgrammar-test exited with code ${r.code}`; }
  if (passed + failed !== cases.length && !res.error) { res.failed += 1; res.error = `expected ${cases.length} grammar cases, saw ${passed + failed}`; }
  return res;
}

/** The packaged extension: only what runs is inside, and it installs and activates in a real VS Code. */
async function packageStage() {
  banner('package (.vsix: contents, then installed into a real VS Code)');
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'iflow-vsix-'));
  const vsix = join(tmp, 'iflow-sender-auth.vsix');
  const res = { name: 'package', passed: 0, failed: 0, pending: 0, ms: 0 };
  try {
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const p = await run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { timeoutMs: 5 * 60_000 });
    if (p.code !== 0 || !existsSync(vsix)) return { ...res, failed: 1, ms: Date.now() - started, error: `vsce package failed (code ${p.code})` };
    // Test 1: the .vsix holds only what runs.
    const { unzipSync } = await import('fflate');
    const names = [];
    unzipSync(new Uint8Array(readFileSync(vsix)), { filter: (f) => { names.push(f.name); return false; } });
    const allowed = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|dist\/extension\.js|dist\/web\/extension\.js|dist\/(web\/)?(logs|actions|archives)\.js|dist\/trusted-roots\.json|syntaxes\/[^/]+|schemas\/[^/]+|media\/[^/]+|docs\/rules\/[^/]+\.md))$/;
    const unexpected = names.filter((n) => !allowed.test(n));
    const size = statSync(vsix).size;
    const needed = ['extension/dist/extension.js', ...BUNDLES.flatMap((b) => b.chunks.map((c) => `extension/${c.file}`))].filter((n) => !names.includes(n));
    if (unexpected.length > 0 || size > 1024 * 1024 || needed.length > 0) {
      console.log(`✖ .vsix contents: ${unexpected.length} unexpected files (${unexpected.slice(0, 5).join(', ')}), ${needed.length} missing (${needed.join(', ')}), ${Math.round(size / 1024)} KB`);
      res.failed++;
    } else {
      console.log(`✓ .vsix holds only what runs: ${names.length} files, ${Math.round(size / 1024)} KB`);
      res.passed++;
    }
    // Test 2: the main bundles stay within their target and leave the chunks' code to the chunks
    // (scripts/bundle-budget.mjs).
    const budget = checkBundles();
    if (budget.problems.length > 0) {
      console.log(`✖ main bundles: ${budget.problems.join('; ')}`);
      res.failed++;
    } else {
      console.log(`✓ main bundles within ${MAIN_BUNDLE_TARGET.toLocaleString('en-US')} bytes, holding none of the chunks' code: ${budget.rows.map((r) => `${r.file} ${r.bytes.toLocaleString('en-US')} bytes`).join(', ')}`);
      res.passed++;
    }
    // Test 3: installed from the .vsix (no development path), the extension activates and shows its view.
    const c = await run(process.execPath, [join(root, 'test', 'host', 'vsix-check.mjs'), vsix, '--screenshot', join(root, '.screenshots', 'vsix.png')], { timeoutMs: 5 * 60_000 });
    const m = /^VSIX_RESULT (\{.*\})$/m.exec(c.out);
    if (c.code === 0 && m && JSON.parse(m[1]).ok) res.passed++;
    else { res.failed++; res.error = m ? JSON.parse(m[1]).reason : `vsix-check ended with code ${c.code}`; }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { ...res, ms: Date.now() - started };
}

/**
 * One full run at a time per machine: several checkouts (worktrees) testing at once on a small
 * machine made every run crawl and the real-VS-Code stages time out. A lock folder in the temp
 * directory holds the owner's pid; a lock whose owner is gone is taken over. IFLOW_TEST_NO_LOCK=1
 * skips it.
 */
async function machineLock() {
  if (process.env.IFLOW_TEST_NO_LOCK === '1') return () => {};
  const dir = join(tmpdir(), 'iflow-sender-auth-test-all.lock');
  const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
  let said = 0;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      const release = () => rmSync(dir, { recursive: true, force: true });
      process.on('exit', release);
      return release;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try { owner = Number(readFileSync(join(dir, 'pid'), 'utf8')); } catch { /* being written */ }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) { rmSync(dir, { recursive: true, force: true }); continue; }
      if (Date.now() - said > 60_000) { console.log(`waiting for another full test run on this machine (pid ${owner || '?'}) to end…`); said = Date.now(); }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}
const releaseLock = await machineLock();
const lockWaitMs = Date.now() - t0;

if (only !== 'integration') stages.push(await lintStage());
if (only !== 'integration') stages.push(await unitStage());
if (only !== 'integration') stages.push(await grammarStage());
if (only !== 'unit') {
  stages.push(await integrationStage({ vscode: 'oldest', ui: true }));
  stages.push(await integrationStage({ vscode: 'newest' }));
  // vscode.dev and github.dev always run the newest VS Code.
  stages.push(await integrationStage({ vscode: 'newest', web: true, ui: true }));
  stages.push(await vscodeTestStage());
}
if (only !== 'unit') stages.push(await packageStage());

banner('summary');
let passed = 0;
let failed = 0;
for (const s of stages) {
  passed += s.passed;
  failed += s.failed;
  const extra = s.error ? ` (stage failed: ${s.error})` : s.note ? ` (${s.note})` : '';
  console.log(`${s.name}: ${s.passed} passed, ${s.failed} failed, ${s.pending} pending in ${secs(s.ms)}${extra}`);
}
for (const s of stages) if (s.screenshot && existsSync(s.screenshot)) console.log(`screenshot: ${relative(root, s.screenshot)}`);
console.log(`total time ${secs(Date.now() - t0 - lockWaitMs)}${lockWaitMs > 5000 ? ` (after waiting ${secs(lockWaitMs)} for another run to end)` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
releaseLock();
process.exitCode = failed > 0 ? 1 : 0;
