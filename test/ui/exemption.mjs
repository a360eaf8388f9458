// UI check for `node test/host/run.mjs --ui test/ui/exemption.mjs`: the quick fix *Exempt … from
// <rule>…* as a person uses it — the menu, the reason typed, the date left empty — then the new
// .iflow-auth.json, the Problems panel without the finding and the tree's tooltip with it.
// Saves exemption-menu.png, exemption-reason.png, exemption-after.png, exemption-tooltip.png.
import { join } from 'node:path';
import { openFile } from './workbench.mjs';

export default async function ui(page, { screenshotDir }) {
  await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
  await page.locator('.activitybar [aria-label^="iFlow Sender Auth"]').first().click();
  await page.waitForSelector('.monaco-list-row[aria-label*="Material Sync"]', { timeout: 60_000 });

  await openFile(page, 'Material_Sync.iflw');
  await page.keyboard.press('Control+G');
  await page.keyboard.type('170:20');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 30_000 });
  const menu = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
  const title = 'Exempt channel "OData_Materials" of Material Sync from missing-user-role…';
  const index = menu.findIndex((t) => t.includes(title));
  if (index < 0) throw new Error(`quick fix menu: ${menu.join(' | ')}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(screenshotDir, 'exemption-menu.png') });
  for (let i = 0; i < 5; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').allInnerTexts();
    if (focused.some((t) => t.includes(title))) break;
    await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(150);
  }
  await page.keyboard.press('Enter');

  await page.waitForSelector('.quick-input-widget input', { timeout: 30_000 });
  await page.keyboard.type('OData channel retired with the old ERP in Q1 (OPS-77)', { delay: 5 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, 'exemption-reason.png') });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter'); // no end date

  await page.waitForSelector('.tab[aria-label^=".iflow-auth.json"]', { timeout: 30_000 }).catch(() => {});
  await openFile(page, '.iflow-auth.json');
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { timeout: 30_000 });
  await page.waitForTimeout(2500);
  const problems = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  if (problems.some((t) => t.includes('missing-user-role'))) throw new Error('missing-user-role is still in the Problems panel');
  await page.screenshot({ path: join(screenshotDir, 'exemption-after.png') });

  // The channel's tooltip in the tree lists the exempted finding with its reason.
  await page.keyboard.press('Control+Shift+M');
  const row = page.locator('.sidebar .monaco-list-row[aria-label*="OData_Materials"]').first();
  await row.hover();
  await page.waitForSelector('.monaco-hover, .workbench-hover', { timeout: 30_000 });
  await page.waitForTimeout(800);
  const hover = await page.locator('.monaco-hover, .workbench-hover').first().innerText();
  if (!hover.includes('exempted (OData channel retired')) throw new Error(`tooltip: ${hover}`);
  await page.screenshot({ path: join(screenshotDir, 'exemption-tooltip.png') });
}
