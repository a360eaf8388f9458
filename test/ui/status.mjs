// UI check for `node test/host/run.mjs --grep smoke --ui test/ui/status.mjs`: the language status
// item of an open iFlow (iFlows read, problems; it opens the log), as a person sees it; saves
// status.png (the bottom right of the window) in the screenshot folder (.screenshots/ by default).
import { join } from 'node:path';

export default async function ui(page, { screenshotDir }) {
  await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { timeout: 30_000 });
  await page.keyboard.type('Orders_Inbound.iflw', { delay: 10 });
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tab[aria-label^="Orders_Inbound.iflw"]', { timeout: 30_000 });
  const language = page.locator('#status\\.languageStatus').first();
  await language.waitFor({ timeout: 30_000 });
  await page.waitForSelector('#status\\.languageStatus :text("iFlow")', { timeout: 60_000 }).catch(() => undefined);
  await language.click();
  await page.waitForSelector('text=iFlow Sender Auth:', { timeout: 30_000 });
  await page.waitForTimeout(800);
  // The bottom right of the window: the item's hover above the language indicator.
  const size = page.viewportSize() ?? { width: 1440, height: 900 };
  await page.screenshot({ path: join(screenshotDir, 'status.png'), clip: { x: size.width - 760, y: size.height - 110, width: 760, height: 110 } });
}
