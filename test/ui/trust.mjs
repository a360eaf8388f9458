// UI check for `node test/host/run.mjs --ui test/ui/trust.mjs`: Import Certificate… on a file
// holding certificates that cannot log in and a private key, then Export Mappings for Cloud
// Foundry into a typed new folder. Saves screenshots and throws if something a person should see
// is missing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a command from the Command Palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: 30_000 });
  await page.keyboard.type(title, { delay: 10 });
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** Waits for a quick input whose title starts with `title`; returns its rows' text. */
async function quickInput(page, title) {
  await page.waitForFunction((t) => [...document.querySelectorAll('.quick-input-widget .quick-input-title')].some((e) => e.textContent.startsWith(t)), title, { timeout: 60_000 });
  await page.waitForTimeout(800);
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
}

export default async function ui(page, { workspace, screenshotDir }) {
  await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.locator('.activitybar [aria-label^="iFlow Sender Auth"]').first().click();
  await page.waitForSelector('.monaco-list-row[aria-label*="Orders Inbound"]', { timeout: 60_000 });

  // Import Certificate…: a partner's file with a self-signed certificate, an expired one and a private key.
  const incoming = join(workspace, 'incoming');
  mkdirSync(incoming, { recursive: true });
  const certs = join(REPO, 'test', 'fixtures', 'certs');
  writeFileSync(join(incoming, 'partner.pem'), ['client-with-key.pem', 'selfsigned-client.pem', 'acme-expired.pem'].map((f) => readFileSync(join(certs, f), 'utf8')).join('\n'));
  await runCommand(page, 'iFlow Sender Auth: Import Certificate');
  // VS Code's own file dialog: type the path.
  await page.waitForSelector('.quick-input-widget input', { timeout: 30_000 });
  await page.waitForTimeout(800);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(join(incoming, 'partner.pem'), { delay: 5 });
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  const read = await quickInput(page, 'Import Certificate: what was read');
  console.log(`[ui] import rows: ${read.join(' | ')}`);
  if (!read.some((r) => r.includes('selfsigned-client') && /self-signed/.test(r))) throw new Error(`Import Certificate: no self-signed problem shown: ${read.join(' | ')}`);
  if (read.some((r) => r.includes('$(warning)'))) throw new Error('Import Certificate: literal $(warning) text in a row');
  await page.screenshot({ path: join(screenshotDir, 'import.png') });
  // The self-signed certificate: "Import anyway" is asked for, Cancel is the default.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const anyway = await quickInput(page, 'Import Certificate: "');
  if (!anyway.some((r) => r.includes('Import anyway'))) throw new Error(`no "Import anyway": ${anyway.join(' | ')}`);
  await page.screenshot({ path: join(screenshotDir, 'import-anyway.png') });
  await page.keyboard.press('Escape');

  // Export Mappings for Cloud Foundry: one entry per certificate (the examples map one certificate twice).
  const mapping = join(workspace, 'certificate-user-mappings.json');
  const m = JSON.parse(readFileSync(mapping, 'utf8'));
  m.mappings = m.mappings.filter((e) => e.user !== 'SHIPPING_PARTNER_BACKUP');
  writeFileSync(mapping, `${JSON.stringify(m, null, 2)}\n`);
  await page.waitForTimeout(2000); // the extension reads the changed mapping file
  // Into a new folder, typed.
  await runCommand(page, 'iFlow Sender Auth: Export Mappings for Cloud Foundry');
  const where = await quickInput(page, 'Export Mappings for Cloud Foundry: where to');
  if (!where[0]?.includes('iflow-auth-export/cf')) throw new Error(`export: the default folder is not offered first: ${where.join(' | ')}`);
  await page.screenshot({ path: join(screenshotDir, 'export-where.png') });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await quickInput(page, 'Export Mappings for Cloud Foundry: folder');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('deploy/cf', { delay: 10 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.notifications-toasts .notification-toast:has-text("deploy/cf")', { timeout: 30_000 });
  await page.waitForTimeout(800);
  const toast = await page.locator('.notifications-toasts .notification-toast').last().innerText();
  if (!toast.includes('Open Folder')) throw new Error(`export: no Open Folder action: ${toast}`);
  console.log(`[ui] export message: ${toast.replace(/\s+/g, ' ')}`);
  await page.screenshot({ path: join(screenshotDir, 'export-done.png') });
  // The question before writing beside a team's README.md is a modal dialog, which VS Code refuses
  // to show under its smoke-test driver (the test host runs with it): the integration test
  // 'never overwrites a README.md it did not write' answers it instead.
}
