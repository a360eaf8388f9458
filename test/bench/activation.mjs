// Extension activation time in the real host (code-server's VS Code server + headless Chromium,
// test/host/server.mjs; `vscode`: 'oldest' = 1.100, 'newest' = 1.139): opens an empty workspace (no iFlows, so nothing activates the extension),
// runs activation-entry.cjs as the extension tests, which times `await ext.activate()`.
// Each run reloads the workbench, which starts a fresh extension host.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled, launchBrowser, makeTempDir, startServer, workbenchUrl } from '../host/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));

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
  const other = { samples: [], bodies: [], cpu: [] };
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
      const isBaseline = baseline && r % 2 === 1;
      const into = isBaseline ? other : { samples, bodies, cpu };
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
    }
  } catch (e) {
    error = String(e?.message ?? e);
  } finally {
    while (cleanups.length) { try { await cleanups.pop()(); } catch { /* ignore */ } }
  }
  return { samples, bodies, cpu, error, ...(baseline ? { baseline: other } : {}) };
}
