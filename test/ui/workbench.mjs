// UI check for `node test/host/run.mjs --ui test/ui/workbench.mjs`: drives the workbench as a
// person would — opens an iFlow, the Sender Authorization view and the Problems panel — and saves
// screenshots (README pictures come from here). Throws if something a person should see is missing.
import { join } from 'node:path';
import logs from './logs.mjs';

/** Opens a file of the workspace by name with Quick Open (Ctrl+P). */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { timeout: 30_000 });
  await page.keyboard.type(name, { delay: 10 });
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 30_000 });
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab[aria-label^="${name}"]`, { timeout: 30_000 });
}

/** Opens the Sender Authorization view from its activity bar icon, the side bar `widen` pixels wider (descriptions readable). */
export async function openSenderAuthView(page, widen) {
  await page.locator('.activitybar [aria-label^="iFlow Sender Auth"]').first().click();
  await page.waitForSelector('.monaco-list-row[aria-label*="Orders Inbound"]', { timeout: 30_000 });
  // Drag the sash next to the side bar.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    const x = sidebar.x + sidebar.width;
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + widen, y, { steps: 8 });
    await page.mouse.up();
  }
}

export default async function ui(page, options) {
  const { screenshotDir } = options;
  await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await openSenderAuthView(page, 230);
  const treeRows = await page.locator('.sidebar .monaco-list-row').count();
  if (treeRows < 10) throw new Error(`the Sender Authorization tree shows only ${treeRows} rows`);

  await openFile(page, 'Orders_Inbound.iflw');
  // Bring the certificate table into view.
  await page.keyboard.press('Control+G');
  await page.keyboard.type('132');
  await page.keyboard.press('Enter');

  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 60_000 });
  await page.waitForTimeout(1500);
  const problems = await page.locator('.markers-panel .monaco-list-row').count();
  console.log(`[ui] tree rows: ${treeRows}, Problems rows: ${problems}`);
  await page.screenshot({ path: join(screenshotDir, 'overview.png') });

  // The quick fix menu on the Client Certificate mode value, then the tree after the fix.
  await page.keyboard.press('Control+Shift+M'); // hide the panel again
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type('128:32');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(800);
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 30_000 });
  const menu = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
  if (!menu.some((t) => t.includes('Move 3 certificates to the certificate-user mapping'))) throw new Error(`quick fix menu: ${menu.join(' | ')}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(screenshotDir, 'quickfix.png') });
  await page.keyboard.press('Enter'); // the preferred fix is the focused one
  // It changes two files: VS Code's Refactor Preview shows both, unticked; tick them, then Apply.
  const files = '.bulk-edit-panel[data-state=data] .monaco-list-row[aria-level="1"]';
  await page.waitForSelector(`${files} .edit-checkbox`, { timeout: 60_000 });
  await page.waitForTimeout(1000);
  const previewRows = await page.locator(`${files}`).allInnerTexts();
  if (previewRows.length !== 2) throw new Error(`the Refactor Preview shows ${previewRows.length} files: ${previewRows.join(' | ')}`);
  for (let i = 0; i < previewRows.length; i++) await page.locator(`${files} .edit-checkbox`).nth(i).click();
  await page.locator(files).first().click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(screenshotDir, 'preview.png') });
  await page.locator('.bulk-edit-panel .content .buttons .monaco-button', { hasText: 'Apply' }).click();
  await page.waitForSelector('.monaco-list-row[aria-label*="HTTPS_Orders"][aria-label*="User Role"]', { timeout: 30_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(screenshotDir, 'after-fix.png') });

  // The tenant's logs: an access log in the editor, and the Analyze Access Logs… report.
  await page.keyboard.press('Escape');
  await logs(page, options);
}
