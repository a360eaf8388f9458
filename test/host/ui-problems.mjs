// Example UI check for `node test/host/run.mjs --ui test/host/ui-problems.mjs --workspace examples`:
// opens the Problems panel, waits for the extension's diagnostics and saves
// <screenshotDir>/problems.png. Throws (failing the run) if no problem shows up in 60 s.
import { join } from 'node:path';

export default async function ui(page, { screenshotDir }) {
  await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 60_000 });
  await page.waitForTimeout(1000);
  const rows = await page.locator('.markers-panel .monaco-list-row').count();
  console.log(`[ui] Problems panel shows ${rows} rows`);
  await page.screenshot({ path: join(screenshotDir, 'problems.png') });
}
