import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, iflowUri, ours, outsideWorkspaceUri, readFile, textOf, until, workspaceUri } from './helpers';
import { runWithAnswers } from './prompts';
import { throughPreview } from './preview';
import { issueRenewalBundle } from './certificates';

const mappingUri = (): vscode.Uri => workspaceUri('certificate-user-mappings.json');

/** The expiry finding (expiring or, later, expired) on the text at `needle`. */
async function expiryDiagnostic(uri: vscode.Uri, needle: string): Promise<vscode.Diagnostic> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, needle);
  return until(`an expiry finding on ${needle}`, () => ours(uri).find((d) =>
    ['certificate-expiring', 'certificate-expired'].includes(codeOf(d)) && d.range.contains(doc.positionAt(at + 1))));
}

/** The *Renew certificate…* quick fix of a diagnostic. */
async function renewFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.Command> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  const renew = actions.find((a) => a.title === 'Renew certificate…');
  assert.ok(renew?.command, `no Renew certificate… among ${actions.map((a) => a.title).join(' | ')}`);
  return renew.command;
}

/** Writes the partner's renewal file outside the workspace, as it arrives by mail. */
async function renewalFile(subject: string, issuer: string, toDays = 400): Promise<vscode.Uri> {
  const file = outsideWorkspaceUri(`renewal-${Date.now()}-${Math.random().toString(36).slice(2)}.pem`);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(await issueRenewalBundle(subject, issuer, -2, toDays)));
  return file;
}

describe('Renew Certificate… in a real VS Code', () => {
  before(api);

  it('a mapping entry: reviewed, renewed in place (user, roles, usedBy kept; previous MD5 recorded), the file kept — one undo reverts both', async () => {
    await vscode.workspace.getConfiguration('iflowAuth').update('expiryWarningDays', 400, vscode.ConfigurationTarget.Workspace);
    const mapping = mappingUri();
    const before = (await textOf(mapping))!;
    const diagnostic = await expiryDiagnostic(mapping, '-----BEGIN CERTIFICATE-----');
    const fix = await renewFix(mapping, diagnostic);
    const oldMd5 = (await api()).workspace.current.mappingFor()!.entries[0].decoded!.md5;
    // Valid longer than the 400-day window set above: the review has nothing to warn about.
    const file = await renewalFile('CN=acme-ec-client, O=ACME, C=DE', 'CN=ACME Issuing CA, O=ACME, C=DE', 900);
    const { result: { result, shown } } = await throughPreview(() => runWithAnswers(
      () => vscode.commands.executeCommand<boolean>(fix.command, { ...fix.arguments![0], files: [file] }),
      [0], // the first line of the review: Renew
    ), undefined, {}, (r) => r.result === true);
    assert.strictEqual(result, true);
    assert.match(shown[0].title, /^Renew Certificate: acme-ec-client \(valid until \d{4}-\d{2}-\d{2}\) for acme-ec-client, which expires in \d+ days$/);
    const review = shown[0].items.join('\n');
    assert.match(shown[0].items[0], /^\$\(check\) Renew: acme-ec-client for user "SHIPPING_PARTNER"$/);
    assert.match(review, /\$\(check\) same Subject DN: CN=acme-ec-client, O=ACME, C=DE/);
    assert.match(review, /\$\(check\) same Issuer DN/);
    assert.match(review, /\$\(check\) issued later/);
    assert.match(review, /\$\(check\) a new key/);
    assert.match(review, /\$\(check\) Client Authentication EKU/);
    assert.match(review, /\$\(info\) incomplete chain/);
    assert.match(review, /Cloud Foundry with certificate pinning off: SAP accepts a renewal only with the same Subject and Issuer DN and a later issue date — met/);

    const after = JSON.parse((await textOf(mapping))!);
    const entry = after.mappings[0];
    const old = JSON.parse(before).mappings[0];
    assert.deepStrictEqual([entry.user, entry.roles, entry.usedBy], [old.user, old.roles, old.usedBy]);
    assert.notStrictEqual(entry.certificate, old.certificate);
    assert.deepStrictEqual(entry.previousCertificates.map((p: { md5: string }) => p.md5), [oldMd5]);
    assert.deepStrictEqual(after.mappings.slice(1), JSON.parse(before).mappings.slice(1), 'the other entries are untouched');
    const kept = workspaceUri('certificates', 'acme-ec-client.pem');
    assert.match((await textOf(kept))!, /-----BEGIN CERTIFICATE-----[\s\S]*-----BEGIN CERTIFICATE-----/, 'the renewal and its issuing CA are kept');

    await vscode.window.showTextDocument(mapping);
    await vscode.commands.executeCommand('undo');
    await until('the mapping file restored', async () => (await textOf(mapping)) === before);
    await until('the kept certificate file removed', async () => (await readFile(kept)) === undefined);
  });

  it('a Client Certificate entry with the same DNs: the iFlow is not touched, the new file is kept and the entry is judged by it — undo removes it', async () => {
    const orders = iflowUri('Orders_Inbound');
    const before = (await textOf(orders))!;
    const diagnostic = await expiryDiagnostic(orders, 'CN=acme-expiring, O=ACME, C=DE');
    const fix = await renewFix(orders, diagnostic);
    const file = await renewalFile('CN=acme-expiring, O=ACME, C=DE', 'CN=ACME Issuing CA, O=ACME, C=DE');
    const { result: { result, shown } } = await throughPreview(() => runWithAnswers(() => vscode.commands.executeCommand<boolean>(fix.command, { ...fix.arguments![0], files: [file] }), [0]), undefined, {}, (r) => r.result === true);
    assert.strictEqual(result, true);
    assert.match(shown[0].items.join('\n'), /\$\(info\) Client Certificate channel: only the DNs are checked, and they are the same, so the iFlow needs no change/);
    assert.match(shown[0].items[0], /for channel "HTTPS_Orders", entry 2$/);
    assert.strictEqual(await textOf(orders), before, 'the iFlow is unchanged');
    const kept = workspaceUri('certificates', 'acme-expiring.pem');
    await until('the kept certificate file', async () => (await readFile(kept)) !== undefined || vscode.workspace.textDocuments.some((d) => d.uri.toString() === kept.toString()));
    await until('the entry judged by the renewal (no expiry finding)', () => !ours(orders).some((d) => ['certificate-expiring', 'certificate-expired'].includes(codeOf(d)) && d.range.isEqual(diagnostic.range)));

    await vscode.window.showTextDocument(kept);
    await vscode.commands.executeCommand('undo');
    await until('the kept certificate file removed', async () => (await readFile(kept)) === undefined && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === kept.toString() && !d.isClosed && d.getText() !== ''));
    await until('the expiry finding back', () => ours(orders).some((d) => ['certificate-expiring', 'certificate-expired'].includes(codeOf(d)) && d.range.isEqual(diagnostic.range)));
  });

  it('a Client Certificate entry renewed by another CA: the row gets the new Issuer DN, the iFlow must be redeployed — undo restores it', async () => {
    const invoices = iflowUri('Invoices_SOAP');
    const before = (await textOf(invoices))!;
    const diagnostic = await expiryDiagnostic(invoices, 'CN=acme-expired, O=ACME, C=DE');
    const fix = await renewFix(invoices, diagnostic);
    const file = await renewalFile('CN=acme-expired, O=ACME, C=DE', 'CN=ACME Issuing CA 2, O=ACME, C=DE');
    const { result: { result, shown } } = await throughPreview(() => runWithAnswers(() => vscode.commands.executeCommand<boolean>(fix.command, { ...fix.arguments![0], files: [file] }), [0]), undefined, {}, (r) => r.result === true);
    assert.strictEqual(result, true);
    const review = shown[0].items.join('\n');
    assert.match(shown[0].items[0], /^\$\(warning\) Renew anyway: acme-expired for channel "SOAP_Invoices", entry 1 — replace the row$/);
    assert.match(shown[0].items[1], /^\$\(warning\) Renew anyway: acme-expired for channel "SOAP_Invoices", entry 1 — add a row, keep the previous$/);
    assert.match(review, /\$\(warning\) Issuer DN changed \(renewed by another CA\?\): CN=ACME Issuing CA, O=ACME, C=DE → CN=ACME Issuing CA 2, O=ACME, C=DE/);
    assert.match(review, /the DNs differ, so its table changes \(the row gets the new DNs, or a row is added beside it\) and the iFlow must be redeployed/);
    const after = (await textOf(invoices))!;
    assert.ok(after.includes("CN=acme-expired, O=ACME, C=DE&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;CN=ACME Issuing CA 2, O=ACME, C=DE"), 'the row names the new issuer');
    assert.strictEqual(after.length, before.length + 2, 'only the issuer cell changed');
    await until('the entry resolves to the renewal', () => !ours(invoices).some((d) => codeOf(d) === 'certificate-expired'));

    await vscode.window.showTextDocument(invoices);
    await vscode.commands.executeCommand('undo');
    await until('the iFlow restored', async () => (await textOf(invoices)) === before);
    await until('the kept certificate file removed', async () => (await readFile(workspaceUri('certificates', 'acme-expired-2.pem'))) === undefined);
  });

  it('from the palette: the certificate to renew is picked, the soonest to expire first', async () => {
    const file = await renewalFile('CN=acme-expired, O=ACME, C=DE', 'CN=ACME Issuing CA, O=ACME, C=DE');
    const { result: { result, shown } } = await throughPreview(() => runWithAnswers(() => vscode.commands.executeCommand<boolean>('iflowAuth.renewCertificate', { files: [file] }), [0, 0]), undefined, {}, (r) => r.result === true);
    assert.strictEqual(result, true);
    assert.strictEqual(shown[0].title, 'Renew Certificate: which certificate');
    assert.match(shown[0].items[0], /acme-expired/, 'the expired one first');
    assert.ok(shown[0].items.some((i) => /SHIPPING_PARTNER/.test(i)), 'mapping entries too');
    assert.match(shown[1].items[0], /Renew: acme-expired for channel "SOAP_Invoices", entry 1$/);
    const kept = workspaceUri('certificates', 'acme-expired-2.pem');
    await until('the kept certificate file', async () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === kept.toString()) || (await readFile(kept)) !== undefined);
  });
});
