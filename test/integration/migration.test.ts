/**
 * The migration of a Client Certificate channel in the real VS Code: the channel of
 * Invoices_SOAP has the generic role and five certificates, of which four cannot log in
 * (expired, self-signed, serverAuth only, a CA certificate) and one is not valid yet (a staged
 * renewal). Nothing is written before the Refactor Preview was answered; `iflow-auth fix` writes
 * the same files (test/fixtures/migration); one undo restores every file byte for byte.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, iflowUri, repoUri, until, withCode, workspaceUri } from './helpers';
import { previewFrom, throughPreview, undoAndSave } from './preview';

const decoder = new TextDecoder();
const MAPPING = 'certificate-user-mappings.json';
const TITLE = 'Move 1 certificate to the certificate-user mapping and switch to User Role "Invoices_SOAP.send"; drop 4 unusable (expired, self-signed, not for client authentication, CA certificate)';

const bytesOf = (uri: vscode.Uri): Thenable<Uint8Array> => vscode.workspace.fs.readFile(uri);
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const dirty = (uri: vscode.Uri): boolean => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty);
const docText = (uri: vscode.Uri): string | undefined => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();

async function preferredFix(uri: vscode.Uri): Promise<vscode.CodeAction> {
  const [diagnostic] = await until('client-certificate-authorization on Invoices_SOAP', () => withCode(uri, 'client-certificate-authorization').length === 1 && withCode(uri, 'client-certificate-authorization'));
  await vscode.window.showTextDocument(uri);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  const move = actions.find((a) => a.isPreferred);
  assert.ok(move?.command, `no preferred fix among ${actions.map((a) => a.title).join(' | ')}`);
  return move;
}

const run = (action: vscode.CodeAction): Thenable<boolean> => vscode.commands.executeCommand<boolean>(action.command!.command, ...(action.command!.arguments ?? []));

describe('the migration of a channel with unusable certificates, in a real VS Code', () => {
  before(api);

  it('maps only the one usable certificate under the flow-specific role, after the preview; iflow-auth fix writes the same files; one undo restores every byte', async () => {
    const iflow = iflowUri('Invoices_SOAP');
    const mapping = workspaceUri(MAPPING);
    const iflowBefore = await bytesOf(iflow);
    const mappingBefore = await bytesOf(mapping);

    const move = await preferredFix(iflow);
    assert.strictEqual(move.title, TITLE);

    // Nothing is written while the preview is open.
    const previewShown = previewFrom((await api()).prompter);
    const running = run(move);
    await previewShown;
    assert.ok(same(await bytesOf(iflow), iflowBefore) && same(await bytesOf(mapping), mappingBefore), 'nothing on disk changed before the preview was answered');
    assert.strictEqual(docText(iflow), decoder.decode(iflowBefore), 'nor in the editor');
    let settled = false;
    void running.then(() => { settled = true; });
    // Discard (again, until the pane has its input: it arrives after the edit was handed over).
    await until('the preview discarded', async () => {
      await vscode.commands.executeCommand('refactorPreview.discard');
      await new Promise((r) => setTimeout(r, 300));
      return settled;
    });
    assert.strictEqual(await running, false, 'discarded: not applied');
    assert.ok(same(await bytesOf(iflow), iflowBefore) && same(await bytesOf(mapping), mappingBefore), 'discarding changed nothing');

    const { result, title, previewed } = await throughPreview(() => run(move), 2);
    assert.strictEqual(result, true);
    assert.strictEqual(title, TITLE, 'the preview is named after the fix');

    const text = decoder.decode(await bytesOf(iflow));
    assert.deepStrictEqual([...previewed.keys()].sort(), [iflow.path, mapping.path].sort(), 'the preview showed both files');
    assert.strictEqual(previewed.get(mapping.path), decoder.decode(await bytesOf(mapping)), 'the preview showed exactly what was written to the mapping file');
    const { workspace } = await api();
    const channel = await until('the channel to be User Role in the model', () => workspace.current.document(iflow.toString())?.channels.find((c) => c.authorization === 'userRole'));
    assert.strictEqual(channel.role, 'Invoices_SOAP.send', 'the flow-specific role');
    assert.ok(!text.includes('ESBMessaging.send'), 'never the generic role');
    assert.strictEqual(channel.certificates.length, 0, 'the table is emptied');
    const entries = JSON.parse(decoder.decode(await bytesOf(mapping))).mappings as Array<{ user: string; roles: string[]; certificate: string | null; subjectDN: string }>;
    const original = JSON.parse(decoder.decode(mappingBefore)).mappings as unknown[];
    assert.deepStrictEqual(entries.slice(0, original.length), original, 'existing entries untouched');
    const added = entries.slice(original.length);
    assert.deepStrictEqual(added.map((e) => [e.user, e.roles, e.subjectDN]), [['ACME_FUTURE', ['Invoices_SOAP.send'], 'CN=acme-future, O=ACME, C=DE']], 'only the not-yet-valid certificate (a staged renewal) is mapped');
    assert.match(added[0].certificate!, /^-----BEGIN CERTIFICATE-----\n/);
    for (const unusable of ['acme-expired', 'selfsigned-client', 'acme-server-only', 'ACME Issuing CA']) {
      assert.ok(!entries.some((e) => e.subjectDN?.includes(`CN=${unusable},`)), `${unusable} is not mapped`);
    }
    assert.ok(!dirty(iflow) && !dirty(mapping), 'VS Code saved both files after the preview (files.refactoring.autoSave)');

    // iflow-auth fix writes the same bytes (test/unit/cli/fix-export.test.ts compares its files with the same fixture).
    assert.ok(same(await bytesOf(iflow), await bytesOf(repoUri('test/fixtures/migration/Invoices_SOAP.iflw'))), 'the editor writes the iFlow the CLI writes');
    assert.ok(same(await bytesOf(mapping), await bytesOf(repoUri('test/fixtures/migration/certificate-user-mappings.json'))), 'the editor writes the mapping file the CLI writes');

    await vscode.window.showTextDocument(iflow);
    await undoAndSave([{ uri: iflow, before: iflowBefore }, { uri: mapping, before: mappingBefore }]);
    await until('the iFlow back to its original bytes on disk', async () => same(await bytesOf(iflow), iflowBefore) && !dirty(iflow));
    await until('the mapping file back to its original bytes on disk', async () => same(await bytesOf(mapping), mappingBefore) && !dirty(mapping));
  });

  it('with files.refactoring.autoSave off, the fix stays unsaved in the editors until you save; undo restores the text', async () => {
    const files = vscode.workspace.getConfiguration('files');
    await files.update('refactoring.autoSave', false, vscode.ConfigurationTarget.Workspace);
    try {
      const iflow = iflowUri('Invoices_SOAP');
      const mapping = workspaceUri(MAPPING);
      const iflowBefore = await bytesOf(iflow);
      const mappingBefore = await bytesOf(mapping);
      const { result } = await throughPreview(async () => run(await preferredFix(iflow)), 2);
      assert.strictEqual(result, true);
      assert.ok(dirty(iflow) && dirty(mapping), 'both changed in their editors, unsaved');
      assert.ok(docText(mapping)!.includes('"ACME_FUTURE"'));
      assert.ok(same(await bytesOf(iflow), iflowBefore) && same(await bytesOf(mapping), mappingBefore), 'nothing written to disk');
      await vscode.window.showTextDocument(iflow);
      await vscode.commands.executeCommand('undo');
      await until('both documents back to their text', () => docText(iflow) === decoder.decode(iflowBefore) && docText(mapping) === decoder.decode(mappingBefore));
    } finally {
      await files.update('refactoring.autoSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a fix applied only in part in the preview (a file left unticked) is put back and said so', async () => {
    const iflow = iflowUri('Invoices_SOAP');
    const mapping = workspaceUri(MAPPING);
    const iflowBefore = await bytesOf(iflow);
    const mappingBefore = await bytesOf(mapping);
    const { result } = await throughPreview(async () => run(await preferredFix(iflow)), 2, { tick: [0] }, () => true);
    assert.strictEqual(result, false);
    await until('the iFlow back to its bytes', async () => same(await bytesOf(iflow), iflowBefore) && docText(iflow) === decoder.decode(iflowBefore));
    assert.ok(same(await bytesOf(mapping), mappingBefore));
  });
});
