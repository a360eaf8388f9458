// UI check for `node test/host/run.mjs --grep smoke --ui test/ui/tree.mjs`: the Sender
// Authorization view with a role's callers and the Certificate-User Mappings node, as a person sees
// them; saves tree-callers.png in the screenshot folder (.screenshots/ by default).
import { join } from 'node:path';
import { openSenderAuthView } from './workbench.mjs';

/** The tree row whose label starts with `text` (aria-label = label, then description). */
const row = (page, text) => page.locator(`.sidebar .monaco-list-row[aria-label^="${text}"]`).first();

async function expand(page, text) {
  const r = row(page, text);
  await r.waitFor({ timeout: 30_000 });
  // The twistie: a click on the row runs its command (reveal in the editor) instead.
  if ((await r.getAttribute('aria-expanded')) === 'false') await r.locator('.monaco-tl-twistie').click();
  await page.waitForTimeout(300);
}

export default async function ui(page, { screenshotDir }) {
  await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
  await openSenderAuthView(page, 330);
  // Collapse everything, then open the paths worth a picture.
  await page.locator('.sidebar .actions-container [aria-label^="Collapse All"]').first().click();
  await page.waitForTimeout(500);
  await expand(page, 'Shipment Notification');
  await expand(page, 'HTTPS_Shipments');
  await expand(page, 'ShipmentNotification.send');
  await expand(page, 'Orders Inbound');
  await expand(page, 'HTTPS_Orders');
  await expand(page, 'Certificate-User Mappings');
  for (const text of ['SHIPPING_PARTNER_BACKUP', 'acme-expiring', 'INITECH_PARTNER']) await row(page, text).waitFor({ timeout: 30_000 });
  await page.mouse.move(5, 5);
  await page.waitForTimeout(800);
  await page.locator('.part.sidebar').screenshot({ path: join(screenshotDir, 'tree-callers.png') });

}
