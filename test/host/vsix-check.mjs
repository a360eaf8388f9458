#!/usr/bin/env node
// The packaged extension, as a user gets it: install the .vsix into a fresh real VS Code (no
// extensionDevelopmentPath), open a copy of examples/, and check in the workbench that the
// extension activated: its Sender Authorization view lists the example iFlows.
//
//   node test/host/vsix-check.mjs <file.vsix> [--screenshot <png>]
// Last line: VSIX_RESULT {"ok":true|false,"reason":"..."}; exit code 0 only when ok.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { copyToTemp, launchBrowser, repoRoot, startServer, workbenchUrl } from './server.mjs';

const argv = process.argv.slice(2);
const vsix = argv.find((a) => a.endsWith('.vsix'));
const shotIndex = argv.indexOf('--screenshot');
const screenshot = shotIndex >= 0 ? resolve(argv[shotIndex + 1]) : undefined;

let server;
let browser;
let workspace;
let result;
try {
  if (!vsix || !existsSync(vsix)) throw new Error(`no .vsix given or found: ${vsix ?? '(none)'}`);
  workspace = copyToTemp(join(repoRoot, 'examples'));
  server = await startServer({ installExtensions: [vsix], log: () => {} });
  const launched = await launchBrowser();
  browser = launched.browser;
  const page = launched.page;
  await page.goto(workbenchUrl(server, { folder: workspace.dir, extensionDevelopmentPath: null }));
  await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
  await page.locator('.activitybar [aria-label^="iFlow Sender Auth"]').first().click({ timeout: 60_000 });
  await page.waitForSelector('.monaco-list-row[aria-label*="Orders Inbound"]', { timeout: 60_000 });
  const rows = await page.locator('.sidebar .monaco-list-row').count();
  console.log(`[vsix] installed ${vsix}; the Sender Authorization view shows ${rows} rows`);
  if (screenshot) {
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
  }
  result = { ok: rows >= 10, reason: rows >= 10 ? '' : `only ${rows} rows in the view` };
} catch (e) {
  result = { ok: false, reason: String(e?.message ?? e).split('\n')[0] };
} finally {
  await browser?.close().catch(() => {});
  await server?.stop();
  workspace?.cleanup();
}
console.log(`VSIX_RESULT ${JSON.stringify(result)}`);
process.exit(result.ok ? 0 : 1);
