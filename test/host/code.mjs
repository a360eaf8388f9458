#!/usr/bin/env node
// A stand-in for the `code` executable that @vscode/test-electron and @vscode/test-cli launch, for
// machines that cannot download VS Code (.vscode-test.mjs points `useInstallation.fromPath` here
// when IFLOW_VSCODE_EXECUTABLE is set). It takes the desktop arguments they pass —
// --extensionDevelopmentPath=, --extensionTestsPath= and the folder to open; the rest (user data,
// --disable-extensions, …) concern a desktop VS Code and are ignored — runs the tests in the real
// VS Code server of test/host (IFLOW_VSCODE=oldest|newest, default oldest) driven by headless
// Chromium, forwards the extension host's console, and exits with the suite's exit code. The
// environment (test-cli's VSCODE_TEST_OPTIONS) reaches the extension host through the server.
import { format } from 'node:util';
import { ensureInstalled, launchBrowser, startServer, WORKBENCH_NOISE, workbenchUrl } from './server.mjs';

const TIME_LIMIT_S = Number(process.env.IFLOW_VSCODE_TIMEOUT) || 600;
const vscode = process.env.IFLOW_VSCODE || 'oldest';
const value = (name) => process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const developmentPath = value('extensionDevelopmentPath');
const testsPath = value('extensionTestsPath');
const folder = process.argv.slice(2).find((a) => !a.startsWith('-'));
const say = (s) => console.log(`[code.mjs] ${s}`);

if (process.argv.includes('--version')) {
  // test-electron asks an installation for its version; this is the VS Code the server runs.
  const { vscodeHost } = await import('./server.mjs');
  console.log(vscodeHost(vscode).version);
  process.exit(0);
}

const cleanups = [];
async function exit(code) {
  while (cleanups.length) await cleanups.pop()().catch(() => {});
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => exit(130));
setTimeout(() => { say(`time limit of ${TIME_LIMIT_S} s reached`); exit(1); }, TIME_LIMIT_S * 1000).unref();

try {
  if (!developmentPath || !testsPath) throw new Error('expected --extensionDevelopmentPath=… and --extensionTestsPath=…');
  if (!ensureInstalled({ vscode })) throw new Error('the VS Code test host is not installed (bash test/host/install.sh)');
  const server = await startServer({ vscode, log: () => {} });
  cleanups.push(server.stop);
  say(`VS Code ${server.vscodeVersion} server on ${server.origin}; folder ${folder ?? '(none)'}`);
  const { browser, page } = await launchBrowser();
  cleanups.push(() => browser.close());
  let done;
  const exited = new Promise((res) => { done = res; });
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    if (!WORKBENCH_NOISE.some((re) => re.test(text))) process.stdout.write(`${text}\n`);
  });
  // A .code-workspace file opens as a workspace (a test may add a folder to it), anything else as a folder.
  const opened = folder?.endsWith('.code-workspace') ? { workspace: folder } : { folder };
  await page.goto(workbenchUrl(server, { ...opened, extensionDevelopmentPath: developmentPath, extensionTestsPath: testsPath }), { waitUntil: 'domcontentloaded' });
  const code = await exited;
  say(`the tests exited with code ${code}`);
  await exit(code === 0 ? 0 : 1);
} catch (err) {
  say(`error: ${err?.message ?? err}`);
  await exit(1);
}
