#!/usr/bin/env node
// Runs the integration suite inside a real VS Code extension host: a VS Code server from
// code-server (test/host/server.mjs) + headless Debian Chromium via playwright-core.
//
//   node test/host/run.mjs [--vscode oldest|newest] [--web] [--workspace <dir>] [--screenshot <png>]
//                          [--timeout <s>] [--ui <script.mjs>] [--grep <regexp>] [--verbose]
//
//   --vscode      which VS Code: oldest (1.100.3, the default) or newest (1.139.1).
//   --web         run the extension and the suite in the browser's web-worker extension host (what
//                 vscode.dev and github.dev run): the extension's `browser` bundle, and the suite
//                 bundled for the browser (out/test/web/index.js). Default: the Node extension host
//                 with `main` and out/test/integration/index.js.
//   --workspace   folder to open; it is copied to a temp dir first (tests never modify committed
//                 files). Default: test/fixtures/workspace if it exists, else examples/.
//   --screenshot  PNG of the workbench, saved when done and also when the time limit fires.
//   --timeout     time limit in seconds for the whole run (default 300).
//   --ui          after the suite passed: reload the workbench on the same workspace (extension
//                 loaded, no tests) and call the script's exported async function (default export
//                 or `ui`) with (page, { origin, workspace, screenshotDir }); a throw fails the run.
//   --grep        only tests whose full title matches (mocha grep).
//   --verbose     also print the VS Code server's own output (otherwise only shown on failure).
//
// The extension host's console (mocha's spec output) is forwarded to stdout. The last line is
//   RUNNER_RESULT {"passed":N,"failed":M,"pending":P,"ok":true|false,"reason":"...","vscode":"1.x.y","host":"node|web"}
// Exit code 0 only if the suite passed with N > 0; 1 otherwise.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import {
  copyToTemp, defaultWorkspaceSource, ensureInstalled, launchBrowser, makeTempDir, repoRoot,
  startServer, VSCODE_HOSTS, WEB_HOST_SETTINGS, WORKBENCH_NOISE, workbenchUrl, workspaceFileFor,
} from './server.mjs';


function parseArgs(argv) {
  const opts = { timeout: 300, verbose: false, vscode: 'oldest', web: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--workspace') opts.workspace = val();
    else if (a === '--screenshot') opts.screenshot = val();
    else if (a === '--timeout') opts.timeout = Number(val());
    else if (a === '--ui') opts.ui = val();
    else if (a === '--grep') opts.grep = val();
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--vscode') opts.vscode = val();
    else if (a === '--web') opts.web = true;
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  if (!(opts.timeout > 0)) usage('--timeout must be a positive number of seconds');
  if (!VSCODE_HOSTS.includes(opts.vscode)) usage(`--vscode must be one of ${VSCODE_HOSTS.join(', ')}`);
  return opts;
}

function usage(error) {
  const text = 'usage: node test/host/run.mjs [--vscode oldest|newest] [--web] [--workspace <dir>] [--screenshot <png>] [--timeout <s>] [--ui <script.mjs>] [--grep <re>] [--verbose]';
  if (error) { console.error(`run.mjs: ${error}\n${text}`); process.exit(2); }
  console.log(text);
  process.exit(0);
}

const opts = parseArgs(process.argv.slice(2));
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (s) => console.log(`[run] ${s}`);

const cleanups = [];
let serverLog = '';
let finished = false;
let pageRef = null;
let vscodeVersion = '?';

async function cleanup() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try { await fn(); } catch (err) { console.error(`[run] cleanup: ${err?.message ?? err}`); }
  }
}

async function screenshot(label) {
  if (!opts.screenshot || !pageRef) return;
  try {
    const file = resolve(opts.screenshot);
    mkdirSync(dirname(file), { recursive: true });
    await pageRef.screenshot({ path: file, timeout: 15_000 });
    say(`screenshot (${label}): ${file}`);
  } catch (err) {
    say(`screenshot failed: ${err?.message ?? err}`);
  }
}

async function finish(result, forcedExitCode) {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  const ok = result.ok === true && result.failed === 0 && result.passed > 0;
  if (!ok && !opts.verbose && serverLog) {
    console.log('[run] VS Code server output (last 4000 chars):');
    process.stdout.write(serverLog.slice(-4000));
  }
  await cleanup();
  say(`total ${secs(Date.now() - t0)}`);
  const line = { passed: result.passed ?? 0, failed: result.failed ?? 0, pending: result.pending ?? 0, ok, reason: result.reason ?? '', vscode: vscodeVersion, host: opts.web ? 'web' : 'node' };
  console.log(`RUNNER_RESULT ${JSON.stringify(line)}`);
  process.exit(forcedExitCode ?? (ok ? 0 : 1));
}

const timer = setTimeout(async () => {
  say(`time limit of ${opts.timeout} s reached`);
  await screenshot('time limit');
  await finish({ ok: false, passed: 0, failed: 1, reason: `time limit of ${opts.timeout} s reached` });
}, opts.timeout * 1000);

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    say(`${sig}: stopping`);
    finish({ ok: false, passed: 0, failed: 1, reason: `interrupted by ${sig}` }, 130);
  });
}

async function main() {
  if (!ensureInstalled({ vscode: opts.vscode })) return finish({ ok: false, failed: 1, reason: `the VS Code test host (${opts.vscode}) is not installed (bash test/host/install.sh failed)` });

  // The web-worker host loads tests only from inside the extension's folder, as one browser bundle.
  const testsIndex = opts.web ? join(repoRoot, 'out', 'test', 'web', 'index.js') : join(repoRoot, 'out', 'test', 'integration', 'index.js');
  if (!existsSync(testsIndex)) return finish({ ok: false, failed: 1, reason: `${testsIndex} is missing: run \`npm run build\` first` });
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const entry = opts.web ? pkg.browser : pkg.main;
  if (!entry || !existsSync(join(repoRoot, entry))) {
    say(`warning: package.json "${opts.web ? 'browser' : 'main'}" (${entry}) does not exist: run \`npm run bundle\`; activation will fail`);
  }

  const wsSource = opts.workspace ? resolve(opts.workspace) : defaultWorkspaceSource();
  if (opts.workspace && !existsSync(wsSource)) return finish({ ok: false, failed: 1, reason: `workspace ${wsSource} does not exist` });
  const ws = copyToTemp(wsSource);
  cleanups.push(ws.cleanup);
  say(`workspace: temp copy of ${wsSource} at ${ws.dir}`);

  const resultDir = makeTempDir('iflow-result-');
  cleanups.push(() => rmSync(resultDir, { recursive: true, force: true }));
  const resultFile = join(resultDir, 'result.json');

  const server = await startServer({
    vscode: opts.vscode,
    env: { INTEGRATION_RESULT_FILE: resultFile, ...(opts.grep ? { INTEGRATION_GREP: opts.grep } : {}) },
    // The web worker has no environment: it reads the grep from a user setting instead.
    settings: opts.web ? { ...WEB_HOST_SETTINGS, ...(opts.grep ? { 'integrationTests.grep': opts.grep } : {}) } : {},
    log: (s) => {
      if (serverLog.length < 1_000_000) serverLog += s;
      if (opts.verbose) process.stdout.write(s);
    },
  });
  cleanups.push(server.stop);
  vscodeVersion = server.vscodeVersion;
  say(`VS Code ${vscodeVersion} server up on ${server.origin} in ${server.startMs} ms (pid ${server.pid}); extension host: ${opts.web ? 'web worker' : 'Node'}`);

  const tb = Date.now();
  const { browser, page } = await launchBrowser();
  pageRef = page;
  cleanups.push(() => browser.close().catch(() => {}));
  say(`chromium up in ${Date.now() - tb} ms`);

  let exitCode = null;
  let onExit;
  const exited = new Promise((res) => { onExit = res; });
  await page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; onExit(code); });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    if (!opts.verbose && WORKBENCH_NOISE.some((re) => re.test(text))) return;
    process.stdout.write(type === 'error' || type === 'warn' ? `[host ${type}] ${text}\n` : `${text}\n`);
  });
  page.on('pageerror', (err) => { if (opts.verbose) say(`page error: ${err.message}`); });
  page.on('crash', () => say('the page crashed'));

  // The copy as the one folder of a .code-workspace: a test can add a second folder (multi-root).
  const url = workbenchUrl(server, { workspace: workspaceFileFor(ws.dir), extensionTestsPath: testsIndex });
  const ts = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  say('workbench opened, waiting for the suite…');
  await exited;
  const suiteMs = Date.now() - ts;

  let counts = null;
  try { counts = JSON.parse(readFileSync(resultFile, 'utf8')); } catch { /* no result file */ }
  if (!counts) counts = lastResultLine;
  say(`suite finished with exit code ${exitCode} in ${secs(suiteMs)}${counts ? ` (${counts.passed} passed, ${counts.failed} failed, ${counts.pending ?? 0} pending)` : ' (no INTEGRATION_RESULT seen)'}`);

  if (!counts) {
    await screenshot('done');
    return finish({ ok: false, passed: 0, failed: 1, reason: `the suite reported no counts (exit code ${exitCode}); did out/test/integration/index.js run?` });
  }
  let ok = exitCode === 0 && counts.failed === 0 && counts.passed > 0;
  let failed = counts.failed;
  let reason = ok ? '' : (counts.passed === 0 && counts.failed === 0 ? 'no test ran' : `exit code ${exitCode}`);
  if (!ok && failed === 0) failed = 1;

  if (ok && opts.ui) {
    const tu = Date.now();
    try {
      const mod = await import(pathToFileURL(resolve(opts.ui)).href);
      const fn = mod.default ?? mod.ui;
      if (typeof fn !== 'function') throw new Error(`${opts.ui} exports no function (default or \`ui\`)`);
      await page.goto(workbenchUrl(server, { folder: ws.dir }), { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await fn(page, { origin: server.origin, workspace: ws.dir, screenshotDir: opts.screenshot ? dirname(resolve(opts.screenshot)) : resolve('.screenshots') });
      say(`UI script ${opts.ui} passed in ${secs(Date.now() - tu)}`);
    } catch (err) {
      ok = false;
      failed += 1;
      reason = `UI script ${opts.ui} failed: ${err?.stack ?? err}`;
      say(reason);
    }
  }
  await screenshot('done');
  return finish({ ok, passed: counts.passed, failed, pending: counts.pending, reason });
}

// Fallback when the result file is missing: the suite's own line, forwarded from the host.
let lastResultLine = null;
const origWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const s = typeof chunk === 'string' ? chunk : chunk.toString();
  const m = /INTEGRATION_RESULT (\{[^\n]*\})/.exec(s);
  if (m) { try { lastResultLine = JSON.parse(m[1]); } catch { /* ignore */ } }
  return origWrite(chunk, ...rest);
};

main().catch(async (err) => {
  say(`error: ${err?.stack ?? err}`);
  await screenshot('error');
  await finish({ ok: false, passed: 0, failed: 1, reason: String(err?.message ?? err) });
});
