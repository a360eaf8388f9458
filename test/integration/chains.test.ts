import * as assert from 'assert';
import * as vscode from 'vscode';
import type { SenderAuthNode } from '../../src/vscode/tree';
import { api, resolvedItem, iflowUri, until, withCode } from './helpers';

const hoverText = (hovers: vscode.Hover[]): string =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
const label = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

/** The certificate entries of Payments Inbound's channel, as the tree shows them. */
async function paymentEntries(): Promise<vscode.TreeItem[]> {
  const { tree } = await api();
  const flow = await until('Payments Inbound in the tree', () => tree.getChildren().find((n) => label(tree.getTreeItem(n)) === 'Payments Inbound'));
  const [channel] = tree.getChildren(flow);
  return Promise.all(tree.getChildren(channel as SenderAuthNode).map((n) => resolvedItem(tree, n)));
}

describe('chains and the load balancer\'s trust in a real VS Code', () => {
  before(api);

  it('reports the untrusted root, the EKU phase-out and the missing EKU on the example partner certificates', async () => {
    const payments = iflowUri('Payments_Inbound');
    const [untrusted] = await until('untrusted-root-ca', () => withCode(payments, 'untrusted-root-ca').length === 1 && withCode(payments, 'untrusted-root-ca'));
    assert.match(untrusted.message, /ends at the self-signed root "Umbrella Root CA", which is not among the trusted roots \(SAP's BTP trust store\)/);
    assert.strictEqual(untrusted.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok((untrusted.relatedInformation ?? []).some((r) => /Umbrella Root CA: certificate 3 of the chain/.test(r.message)), 'the chain as related information');
    assert.strictEqual(withCode(payments, 'client-auth-eku-phaseout').length, 1);
    const [noEku] = withCode(payments, 'certificate-not-for-client-auth');
    assert.strictEqual(noEku.severity, vscode.DiagnosticSeverity.Information);
    assert.match(noEku.message, /which SAP requires in the TLS handshake/);
  });

  it('the hover shows the chain and its root\'s trust, signatures checked', async () => {
    const doc = await vscode.workspace.openTextDocument(iflowUri('Payments_Inbound'));
    const hoverAt = async (needle: string): Promise<string> =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf(needle) + 4)));
    assert.match(await hoverAt('CN=umbrella-payments'), /Chain: umbrella-payments → Umbrella Issuing CA → Umbrella Root CA · untrusted root \(not in SAP's BTP trust store\); signatures verified/);
    assert.match(await hoverAt('CN=globex-payments'), /Chain: globex-payments → Example Public TLS CA 2025 → USERTrust RSA Certification Authority · trusted root \(SAP's BTP trust store\); signatures verified/);
  });

  it('the tree marks an entry the load balancer would not forward', async () => {
    const entries = await paymentEntries();
    assert.deepStrictEqual(entries.map(label), ['umbrella-payments', 'globex-payments', 'hooli-payments']);
    assert.match(String(entries[0].description), / · untrusted root$/);
    assert.ok(!/untrusted|incomplete/.test(String(entries[1].description)), String(entries[1].description));
    assert.match((entries[0].tooltip as vscode.MarkdownString).value, /\*\*Chain\*\* umbrella-payments → Umbrella Issuing CA → Umbrella Root CA · untrusted root/);
  });

  it('iflowAuth.trustedRoots: your own root trusts the chain; the default comes back', async () => {
    const payments = iflowUri('Payments_Inbound');
    const config = vscode.workspace.getConfiguration('iflowAuth');
    try {
      await config.update('trustedRoots', ['btp', 'certificates/umbrella-chain.pem'], vscode.ConfigurationTarget.Workspace);
      await until('untrusted-root-ca to go', () => withCode(payments, 'untrusted-root-ca').length === 0);
      assert.ok(!/untrusted root/.test(String((await paymentEntries())[0].description)));
      // Only your own roots: the public CA's chain is no longer trusted by name.
      await config.update('trustedRoots', ['certificates/umbrella-chain.pem'], vscode.ConfigurationTarget.Workspace);
      await until('the phase-out note to go (not a trusted public root any more)', () => withCode(payments, 'client-auth-eku-phaseout').length === 0);
      assert.strictEqual(withCode(payments, 'incomplete-certificate-chain').length, 2);
    } finally {
      await config.update('trustedRoots', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until('untrusted-root-ca back', () => withCode(payments, 'untrusted-root-ca').length === 1);
  });
});
