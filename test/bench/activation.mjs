// Extension activation time in the real host (code-server's VS Code server + headless Chromium,
// test/host/server.mjs; `vscode`: 'oldest' = 1.100, 'newest' = 1.139): opens an empty workspace (no iFlows, so nothing activates the extension),
// runs activation-entry.cjs as the extension tests, which times `await ext.activate()` and reads
// the extension host's marks around loading the module and calling activate().
// Each run reloads the workbench, which starts a fresh extension host.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled, launchBrowser, makeTempDir, startServer, workbenchUrl } from '../host/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, '..', '..', 'package.json'), 'utf8'));
const DISPLAY_NAME = manifest.displayName;
const EXTENSION_ID = `${manifest.publisher}.${manifest.name}`;

// `baseline`: another checkout of the extension (built), measured in turn with this one in the same
// server, so that both see the same machine load; its samples are returned as `baseline`.
// `profile`: CPU profiles of the extension host during each run's activation, <profile>-<time>.cpuprofile.
export async function measureActivation({ runs = 3, timeoutMs = 90_000, vscode = 'oldest', baseline, profile } = {}) {
  if (!ensureInstalled({ vscode })) return { samples: [], error: 'the VS Code test host is not installed (test/host/install.sh)' };
  const ws = makeTempDir('iflow-bench-ws-');
  const resultDir = makeTempDir('iflow-bench-act-');
  const resultFile = join(resultDir, 'activation.json');
  const cleanups = [() => rmSync(ws, { recursive: true, force: true }), () => rmSync(resultDir, { recursive: true, force: true })];
  const samples = [];
  const bodies = [];
  const hostCounted = [];
  const shown = [];
  const other = { samples: [], bodies: [], cpu: [], hostCounted: [], shown: [] };
  const cpu = [];
  let error;
  try {
    const server = await startServer({ vscode, env: { BENCH_ACTIVATION_FILE: resultFile, ...(profile ? { BENCH_PROFILE: profile } : {}) }, log: () => {} });
    cleanups.push(server.stop);
    const { browser, page } = await launchBrowser();
    cleanups.push(() => browser.close().catch(() => {}));
    await page.exposeFunction('codeAutomationExit', () => {});
    await page.exposeFunction('codeAutomationLog', () => {});
    for (let r = 0; r < runs * (baseline ? 2 : 1); r++) {
      rmSync(resultFile, { force: true });
      rmSync(`${resultFile}.seen`, { force: true });
      const isBaseline = baseline && r % 2 === 1;
      const into = isBaseline ? other : { samples, bodies, cpu, hostCounted, shown };
      const url = workbenchUrl(server, { folder: ws, extensionTestsPath: join(here, 'activation-entry.cjs'), ...(isBaseline ? { extensionDevelopmentPath: baseline } : {}) });
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      const t0 = Date.now();
      while (!existsSync(resultFile) && Date.now() - t0 < timeoutMs) await new Promise((res) => setTimeout(res, 100));
      if (!existsSync(resultFile)) { error = `no result within ${timeoutMs / 1000} s`; break; }
      await new Promise((res) => setTimeout(res, 100));
      const res = JSON.parse(readFileSync(resultFile, 'utf8'));
      if (res.error || !res.found || res.wasActive) { error = res.error ?? (res.found ? 'already active' : 'extension not found'); break; }
      into.samples.push(res.activateMs);
      if (typeof res.bodyMs === 'number') into.bodies.push(res.bodyMs);
      if (typeof res.cpuMs === 'number') into.cpu.push(res.cpuMs);
      const counted = hostCountedMs(res.marks);
      if (counted !== undefined) into.hostCounted.push(counted);
      const onScreen = await shownActivationMs(page);
      if (onScreen !== undefined) into.shown.push(onScreen);
      writeFileSync(`${resultFile}.seen`, '');
    }
  } catch (e) {
    error = String(e?.message ?? e);
  } finally {
    while (cleanups.length) { try { await cleanups.pop()(); } catch { /* ignore */ } }
  }
  return { samples, bodies, cpu, hostCounted, shown, error, ...(baseline ? { baseline: other } : {}) };
}

/** The activation time Show Running Extensions shows for the extension (its row names it by id under development or display name), within 10 s. */
async function shownActivationMs(page) {
  try {
    const row = page.locator('.monaco-list-row', { has: page.locator('.activation-time') }).filter({ hasText: new RegExp(`${EXTENSION_ID}|${DISPLAY_NAME}`) });
    const text = await row.first().locator('.activation-time').textContent({ timeout: 10_000 });
    const m = /(\d+)\s*ms/.exec(text ?? '');
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The activation time VS Code itself reports for an extension (Show Running Extensions): loading
 * its main module plus calling activate(), from the extension host's own marks. It leaves out
 * what the host does meanwhile for every extension (preparing the context's storage, asked of the
 * window), which `await ext.activate()` includes.
 */
function hostCountedMs(marks) {
  if (!marks) return undefined;
  const { willLoad, didLoad, willActivate, didActivate } = marks;
  if (![willLoad, didLoad, willActivate, didActivate].every((m) => typeof m === 'number')) return undefined;
  return (didLoad - willLoad) + (didActivate - willActivate);
}
