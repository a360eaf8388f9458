// UI check for `node test/host/run.mjs --ui test/ui/chains.mjs`: the chain in a certificate's
// hover, the tree's marks, and Renew Certificate… from the palette on a mapping entry — its review
// before anything is written, and the mapping file after it. Saves screenshots for the README
// (hover-chain.png, renew-review.png, renew-applied.png); throws if something a person should see
// is missing.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFile } from './workbench.mjs';

x509.cryptoProvider.set(webcrypto);
const DAY = 24 * 60 * 60 * 1000;
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** The partner's renewal of acme-ec-client, with the issuing CA that signed it (a new key). */
async function renewalFile() {
  const key = () => webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const [rootKeys, caKeys, keys] = await Promise.all([key(), key(), key()]);
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.create({
    serialNumber: '0a01', subject: 'CN=ACME Issuing CA, O=ACME, C=DE', issuer: 'CN=ACME Root CA, O=ACME, C=DE',
    notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 3650 * DAY), signingAlgorithm: alg,
    publicKey: caKeys.publicKey, signingKey: rootKeys.privateKey, extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '0a02', subject: 'CN=acme-ec-client, O=ACME, C=DE', issuer: ca.subject,
    notBefore: new Date(now - 2 * DAY), notAfter: new Date(now + 400 * DAY), signingAlgorithm: alg,
    publicKey: keys.publicKey, signingKey: caKeys.privateKey,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
  });
  const file = join(tmpdir(), `acme-ec-client-renewal-${now}.pem`);
  writeFileSync(file, `${leaf.toString('pem')}\n${ca.toString('pem')}\n`);
  return file;
}

async function goTo(page, where) {
  await page.keyboard.press('Control+G');
  await page.keyboard.type(where);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
}

export default async function ui(page, { screenshotDir }) {
  await page.waitForSelector('.part.statusbar', { timeout: 60_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.locator('.activitybar [aria-label^="iFlow Sender Auth"]').first().click();
  await page.waitForSelector('.monaco-list-row[aria-label*="Payments Inbound"]', { timeout: 30_000 });
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    await page.mouse.move(sidebar.x + sidebar.width, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sidebar.width + 200, sidebar.y + sidebar.height / 2, { steps: 8 });
    await page.mouse.up();
  }
  const marked = await page.locator('.sidebar .monaco-list-row', { hasText: 'untrusted root' }).count();
  if (marked < 1) throw new Error('the tree marks no entry with "untrusted root"');

  // The hover on a certificate entry whose chain ends at a root SAP does not trust.
  await openFile(page, 'Payments_Inbound.iflw');
  await goTo(page, '132:95');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover-content').first();
  await hover.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => /Chain/.test(document.querySelector('.monaco-hover-content')?.textContent ?? ''), null, { timeout: 30_000 });
  const text = await hover.innerText();
  if (!/umbrella-payments → Umbrella Issuing CA → Umbrella Root CA · untrusted root/.test(text)) throw new Error(`hover: ${text}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(screenshotDir, 'hover-chain.png') });
  await page.keyboard.press('Escape');

  // Renew Certificate… from the palette: the mapping entry of SHIPPING_PARTNER, the file by path.
  const file = await renewalFile();
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { timeout: 30_000 });
  await page.keyboard.type('Renew Certificate', { delay: 10 });
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Renew Certificate"]', { timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-title >> text=/which certificate/', { timeout: 30_000 });
  await page.keyboard.type('SHIPPING_PARTNER', { delay: 10 });
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  // The simple open dialog of the web workbench: a path in its input box.
  await page.waitForTimeout(1500);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(file, { delay: 5 });
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-title >> text=/Renew Certificate: acme-ec-client/', { timeout: 60_000 });
  await page.waitForTimeout(800);
  const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  console.log(`[ui] review: ${rows.join(' | ')}`);
  if (!rows.some((r) => /same Subject DN/.test(r))) throw new Error(`review rows: ${rows.join(' | ')}`);
  await page.screenshot({ path: join(screenshotDir, 'renew-review.png') });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tab[aria-label^="certificate-user-mappings.json"]', { timeout: 30_000 }).catch(() => {});
  await openFile(page, 'certificate-user-mappings.json');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(screenshotDir, 'renew-applied.png') });
}
