// The editor at scale in the real host (code-server's VS Code server + headless Chromium): a
// workspace of 2,000 iFlows (the examples copied), opened fresh; editor-entry.cjs reports the
// time to a populated tree and published diagnostics, a keystroke in the mapping file, and memory.
//   node test/bench/editor.mjs [--iflows 2000] [--vscode oldest|newest] [--profile <file.cpuprofile>]
//                              [--runs N] [--baseline <another built checkout>] [--extension <built checkout>]   (after npm run build)
//                              [--view]   (the view open from the start: rowsOnScreenMs, activation to the window showing a row of it)
//                              [--screenshot <folder>]   (with --view: the view during the first read, tree-reading-<version>.png)
// --extension: the checkout measured (default: this one); --baseline: another, measured in turn with it.
// rowsMs: activation to the tree's first rows (the iFlows read so far, while the rest are read);
// treeMs: to the tree showing every iFlow; readyMs: to every file's diagnostics published;
// cpuMs: the extension host's CPU time meanwhile (on a shared machine, steadier than the wall time).
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled, launchBrowser, makeTempDir, startServer, workbenchUrl } from '../host/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The rows of the Sender Authorization view (the only view of its container), not the Explorer's. */
const VIEW_ROWS = '[id="workbench.view.extension.iflowAuth"] .monaco-list-row';
const repo = join(here, '..', '..');

/** A workspace of `count` iFlows: the examples' exports copied into copy_NNN folders, with the mapping file and certificates. */
export function editorWorkspace(count) {
  const ws = makeTempDir('iflow-bench-editor-');
  const examples = join(repo, 'examples');
  const exports = readdirSync(examples).filter((d) => existsSync(join(examples, d, 'src/main/resources/scenarioflows/integrationflow')));
  cpSync(join(examples, 'certificates'), join(ws, 'certificates'), { recursive: true });
  cpSync(join(examples, 'certificate-user-mappings.json'), join(ws, 'certificate-user-mappings.json'));
  for (let i = 0; i * exports.length < count; i++) {
    for (const e of exports) cpSync(join(examples, e), join(ws, `copy_${String(i).padStart(3, '0')}`, e), { recursive: true });
  }
  return ws;
}

/**
 * Opens the workspace fresh in the real host once per run and extension, and returns what
 * editor-entry.cjs reported. `baseline`: another built checkout (its package.json, dist/ and
 * media/), measured in turn with this one in the same server on the same workspace, so a
 * before/after pair shares the machine's load.
 */
export async function measureEditor({ iflows = 2000, vscode = 'oldest', profile, extension = repo, baseline, runs = 1, timeoutMs = 600_000, screenshotDir, view = Boolean(screenshotDir) } = {}) {
  if (!ensureInstalled({ vscode })) return { error: 'the VS Code test host is not installed (test/host/install.sh)' };
  const ws = editorWorkspace(iflows);
  const resultDir = makeTempDir('iflow-bench-editor-result-');
  const resultFile = join(resultDir, 'editor.json');
  const cleanups = [() => rmSync(ws, { recursive: true, force: true }), () => rmSync(resultDir, { recursive: true, force: true })];
  try {
    const server = await startServer({ vscode, env: { BENCH_EDITOR_FILE: resultFile, ...(profile ? { BENCH_PROFILE: profile } : {}), ...(view ? { BENCH_OPEN_VIEW: '1' } : {}) }, log: () => {} });
    cleanups.push(server.stop);
    const once = async (extensionDevelopmentPath) => {
      rmSync(resultFile, { force: true });
      const { browser, page } = await launchBrowser();
      try {
        await page.exposeFunction('codeAutomationExit', () => {});
        await page.exposeFunction('codeAutomationLog', () => {});
        await page.goto(workbenchUrl(server, { folder: ws, extensionDevelopmentPath, extensionTestsPath: join(here, 'editor-entry.cjs') }), { waitUntil: 'domcontentloaded' });
        const t0 = Date.now();
        // --view: when the window first shows a row of the view, against the start of activation.
        const rowSeen = view ? page.locator(VIEW_ROWS).first().waitFor({ timeout: timeoutMs }).then(() => Date.now(), () => undefined) : undefined;
        // --screenshot: the view while the first read reads the iFlows, once it shows rows.
        if (screenshotDir) {
          await page.getByText(/Reading [\d,]+ iFlows…/).first().waitFor({ timeout: 120_000 }).catch(() => {});
          await page.locator(VIEW_ROWS).first().waitFor({ timeout: 30_000 }).catch(() => {});
          await page.locator('.part.sidebar').screenshot({ path: join(screenshotDir, `tree-reading-${server.vscodeVersion}.png`) });
        }
        while (!existsSync(resultFile) && Date.now() - t0 < timeoutMs) await new Promise((res) => setTimeout(res, 200));
        if (!existsSync(resultFile)) return { error: `no result within ${timeoutMs / 1000} s` };
        await new Promise((res) => setTimeout(res, 200));
        const result = JSON.parse(readFileSync(resultFile, 'utf8'));
        const seenAt = await rowSeen;
        if (seenAt !== undefined) result.rowsOnScreenMs = seenAt - result.activateAtEpochMs;
        return { ...result, loadAverage: loadavg()[0] };
      } finally {
        await browser.close().catch(() => {});
      }
    };
    const results = [];
    const baselines = [];
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first: the machine's load drifts.
      if (baseline && i % 2 === 1) baselines.push(await once(baseline));
      results.push(await once(extension));
      if (baseline && i % 2 === 0) baselines.push(await once(baseline));
    }
    if (!baseline && runs === 1) return { vscode: server.vscodeVersion, ...results[0] };
    return { vscode: server.vscodeVersion, runs: results, ...(baseline ? { baseline, baselineRuns: baselines } : {}) };
  } catch (e) {
    return { error: String(e?.message ?? e) };
  } finally {
    while (cleanups.length) { try { await cleanups.pop()(); } catch { /* ignore */ } }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name) => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const result = await measureEditor({ iflows: Number(arg('--iflows') ?? 2000), vscode: arg('--vscode') ?? 'oldest', profile: arg('--profile'), extension: arg('--extension'), baseline: arg('--baseline'), runs: Number(arg('--runs') ?? 1), screenshotDir: arg('--screenshot'), view: process.argv.includes('--view') || undefined });
  console.log(JSON.stringify(result, null, 2));
}
