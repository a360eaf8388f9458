#!/usr/bin/env node
// `npm start`, the README's "main job": builds, then a real VS Code (the same server as the
// integration runner, test/host/server.mjs) on a temp copy of examples/ whose certificates are
// re-dated to today (scripts/redate-examples.mjs), with this extension loaded from the repo
// (extensionDevelopmentPath), and one run of the CLI over that copy. Stays up until Ctrl+C. The
// console shows the URL first, then one line of what the CLI found.
//
//   node scripts/start.mjs [--port <n>] [--host <addr>] [--url-host <name>] [--workspace <dir>]
//                          [--screenshot <png>] [--check] [--verbose] [--no-build]
//
//   --port             port to listen on (default: a free one)
//   --host/--url-host  bind address (default 127.0.0.1) and the host name your browser will use
//                      (default 127.0.0.1; the URL's payload must name the same host and port)
//   --workspace        folder to copy and open instead of examples/
//   --screenshot       load the workbench once in headless Chromium and save a PNG
//   --check            exit after start-up (and the screenshot) instead of waiting for Ctrl+C
//   --verbose          show the VS Code server's own log and the build's output
//   --no-build         use dist/ as it is
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { copyToTemp, ensureInstalled, launchBrowser, repoRoot, startServer, workbenchUrl } from '../test/host/server.mjs';
import { redateExamples } from './redate-examples.mjs';

const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const flag = (name) => argv.includes(name);
const say = (s) => console.log(`[start] ${s}`);

const cleanups = [];
let cleaning = false;
async function cleanupAndExit(code) {
  if (cleaning) return;
  cleaning = true;
  while (cleanups.length) { try { await cleanups.pop()(); } catch { /* best effort */ } }
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { say(`${sig}: stopping VS Code`); cleanupAndExit(0); });

/** `npm run build`, quietly: its output only when it fails (or with --verbose). */
function build() {
  const started = Date.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', '--silent', 'build'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (flag('--verbose') || r.status !== 0) process.stdout.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.status !== 0) {
    say(`the build failed (npm run build, exit ${r.status})`);
    process.exit(1);
  }
  say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  if (!flag('--no-build')) build();
  if (!ensureInstalled()) { say('could not install the VS Code host (bash test/host/install.sh)'); process.exit(1); }
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  if (pkg.main && !existsSync(join(repoRoot, pkg.main))) say(`warning: ${pkg.main} is missing: run \`npm run build\` (npm start does) or the extension will not activate`);

  const examples = join(repoRoot, 'examples');
  const source = resolve(opt('--workspace') ?? examples);
  const ws = copyToTemp(source, 'iflow-start-');
  cleanups.push(ws.cleanup);
  say(`workspace: a temporary copy of ${source === examples ? 'examples/' : source} (edits there never touch the repository)`);
  if (source === examples) {
    const { days } = await redateExamples(ws.dir);
    say(`its certificates are re-dated by ${days} days to today, so the expiring one still expires in 13 days`);
  }

  const server = await startServer({
    host: opt('--host') ?? '127.0.0.1',
    port: opt('--port') ? Number(opt('--port')) : undefined,
    log: (s) => { if (flag('--verbose')) process.stdout.write(s); },
    // code-server would offer to forward every port a process in the workspace opens.
    settings: { 'remote.autoForwardPorts': false },
  });
  cleanups.push(server.stop);
  const url = workbenchUrl(server, { folder: ws.dir, urlHost: opt('--url-host') ?? '127.0.0.1' });
  say(`VS Code is up (${(server.startMs / 1000).toFixed(1)} s). Open this URL in a browser:`);
  console.log(`\n  ${url}\n`);

  // The CLI once over the same copy: one line here; the whole report is a command away.
  const cli = join(repoRoot, 'dist', 'cli.js');
  if (existsSync(cli)) {
    const r = spawnSync(process.execPath, [cli, 'lint', '--no-color', '.'], { cwd: ws.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    const summary = (r.stdout ?? '').trim().split('\n').pop() ?? '';
    say(`the CLI on the same files: ${summary || `exit ${r.status}`}`);
    say(`  all of it: cd ${ws.dir} && node ${cli} lint .`);
  }
  const screenshot = opt('--screenshot');
  if (screenshot) {
    const { browser, page } = await launchBrowser();
    cleanups.push(() => browser.close().catch(() => {}));
    await page.goto(workbenchUrl(server, { folder: ws.dir }), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    // let the extension activate and publish its diagnostics (status bar problem counts), ≤ 20 s
    await page.waitForFunction(() => /[1-9]/.test(document.getElementById('status.problems')?.textContent ?? ''), null, { timeout: 20_000 }).catch(() => {});
    await page.waitForTimeout(1000);
    mkdirSync(dirname(resolve(screenshot)), { recursive: true });
    await page.screenshot({ path: resolve(screenshot) });
    say(`screenshot: ${resolve(screenshot)}`);
    await browser.close().catch(() => {});
  }

  if (flag('--check')) await cleanupAndExit(0);
  say('Press Ctrl+C to stop.');
  server.exited.then((e) => { if (!cleaning) { say(`the VS Code server exited (${JSON.stringify(e)})`); cleanupAndExit(1); } });
  setInterval(() => {}, 1 << 30); // stay up until a signal
} catch (err) {
  say(`error: ${err?.stack ?? err}`);
  await cleanupAndExit(1);
}
