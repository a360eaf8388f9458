import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SenderAuthNode } from '../../src/vscode/tree';
import { api, resolvedItem, iflowUri, restoreWorkspace, textUnder, until, withCode } from './helpers';
import { throughPreview } from './preview';

const label = (i: vscode.TreeItem): string => (typeof i.label === 'string' ? i.label : i.label?.label ?? '');

/** An older iFlow (examples/Legacy_Gateway): sender flows without direction, authorization on the sender participants. */
describe('older iFlows in a real VS Code', () => {
  before(api);

  it('diagnostics sit on the participant’s values: Client Certificate, its entry, and the implicit role', async () => {
    const legacy = iflowUri('Legacy_Gateway');
    const [mode] = await until('client-certificate-authorization on Legacy_Gateway', () => withCode(legacy, 'client-certificate-authorization').length === 1 && withCode(legacy, 'client-certificate-authorization'));
    const doc = await vscode.workspace.openTextDocument(legacy);
    const participant = doc.getText().indexOf('name="Partner_Gateway"');
    assert.strictEqual(await textUnder(legacy, mode), 'false');
    assert.ok(doc.offsetAt(mode.range.start) > participant, 'on the participant’s enableBasicAuthentication');
    assert.match(mode.message, /"SOAP_Partner" authorizes by Client Certificate \(1 certificate entry\).*sender participant "Partner_Gateway"/);
    const [notFound] = withCode(legacy, 'certificate-not-found');
    assert.strictEqual(await textUnder(legacy, notFound), 'CN=gateway.partner.example, OU=Integration, O=Partner Example B.V., L=Utrecht, C=NL');
    const [generic] = withCode(legacy, 'generic-user-role');
    assert.match(generic.message, /"HTTPS_Shop" names no role, so the runtime applies the generic role "ESBMessaging\.send" implicitly/);
    assert.match(await textUnder(legacy, generic), /<key>role<\/key>\s*<value\/>/);
  });

  it('the tree shows both channels, the implicit role and the participant’s entry, coloured by the participant’s findings', async () => {
    const { tree } = await api();
    const gateway = await until('Legacy Gateway in the tree', () => tree.getChildren().find((n) => label(tree.getTreeItem(n)) === 'Legacy Gateway'));
    const channels = tree.getChildren(gateway) as SenderAuthNode[];
    const items = await Promise.all(channels.map((n) => resolvedItem(tree, n)));
    assert.deepStrictEqual(items.map(label), ['SOAP_Partner', 'HTTPS_Shop']);
    assert.deepStrictEqual(items.map((i) => i.description), ['SOAP · Client Certificate · 1 certificate · /cxf/partner/orders', 'HTTPS · User Role · ESBMessaging.send (implicit) · /http/shop/orders']);
    assert.ok(items[0].iconPath instanceof vscode.ThemeIcon && items[0].iconPath.color, 'a warning on the participant colours the channel');
    assert.match((items[0].tooltip as vscode.MarkdownString).value, /Authorization set on the sender participant Partner\\_Gateway \(enableBasicAuthentication\)/);

    const [entry] = tree.getChildren(channels[0]).map((n) => tree.getTreeItem(n));
    assert.strictEqual(label(entry), 'gateway.partner.example');
    assert.strictEqual(entry.description, 'COMODO RSA Organization Validation Secure Server CA · certificate not found');
    const [role] = tree.getChildren(channels[1]).map((n) => tree.getTreeItem(n));
    assert.strictEqual(label(role), 'ESBMessaging.send');
    assert.match(String(role.description), /implicit/);

    // Selecting the entry reveals its DN on the participant.
    await vscode.commands.executeCommand(entry.command!.command, ...(entry.command!.arguments ?? []));
    const editor = await until('an editor on Legacy_Gateway', () => vscode.window.activeTextEditor?.document.uri.toString() === iflowUri('Legacy_Gateway').toString() && vscode.window.activeTextEditor);
    assert.strictEqual(editor.document.getText(editor.selection), 'CN=gateway.partner.example, OU=Integration, O=Partner Example B.V., L=Utrecht, C=NL');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the quick fix moves the legacy channel to User Role on its participant (through the Refactor Preview; the workspace restored after)', async () => {
    const legacy = iflowUri('Legacy_Gateway');
    const [diagnostic] = await until('client-certificate-authorization', () => withCode(legacy, 'client-certificate-authorization').length === 1 && withCode(legacy, 'client-certificate-authorization'));
    await vscode.window.showTextDocument(legacy);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', legacy, diagnostic.range);
    const move = actions.find((a) => a.isPreferred);
    assert.strictEqual(move?.title, 'Move 1 certificate to the certificate-user mapping and switch to User Role "Legacy_Gateway.send"', actions.map((a) => a.title).join(' | '));
    try {
      // Two files change (the iFlow and the mapping file): the fix opens the Refactor Preview, applied here.
      assert.ok(move.command && !move.edit);
      const { result } = await throughPreview(() => vscode.commands.executeCommand<boolean>(move.command!.command, ...(move.command!.arguments ?? [])), 2);
      assert.strictEqual(result, true);
      const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === legacy.toString())!.getText();
      const partner = text.slice(text.indexOf('name="Partner_Gateway"'), text.indexOf('</bpmn2:participant>', text.indexOf('name="Partner_Gateway"')));
      assert.match(partner, /<key>enableBasicAuthentication<\/key>\s*<value>true<\/value>/);
      assert.ok(!/<key>(subject|issuer)0<\/key>/.test(partner), 'the entry left the participant');
      await until('client-certificate-authorization gone', () => withCode(legacy, 'client-certificate-authorization').length === 0);
    } finally {
      await restoreWorkspace();
    }
    await until('client-certificate-authorization back after the restore', () => withCode(legacy, 'client-certificate-authorization').length === 1);
  });
});
