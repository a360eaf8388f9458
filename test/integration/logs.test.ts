import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, codeOf, iflowUri, ours, until, workspaceUri } from './helpers';

const ACCESS = 'logs/http_access_b7f2c1d5e9a04e31_2026-11-26.log';
const hoverText = (hovers: vscode.Hover[]): string =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

/** The 0-based line of the first line holding `needle`. */
function lineOf(doc: vscode.TextDocument, needle: string): number {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `the log holds "${needle}"`);
  return doc.positionAt(offset).line;
}

describe('tenant logs in a real VS Code', () => {
  before(api);

  it('an access log opens in its language, and its problem lines get diagnostics with the explanation', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri(ACCESS));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'iflow-access-log');
    const diagnostics = await until('diagnostics on the access log', () => {
      const d = ours(doc.uri);
      return d.length > 0 && d;
    }, 60_000);
    const renewed = lineOf(doc, 'acme-client@ACME Issuing CA G2');
    const d = diagnostics.find((x) => x.range.start.line === renewed);
    assert.ok(d, `a diagnostic on line ${renewed + 1}`);
    assert.strictEqual(codeOf(d), 'certificate-not-accepted');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(doc.getText(d.range), '403', 'on the status');
    assert.match(d.message, /renewed by another CA\?/);
    assert.ok(d.relatedInformation?.some((r) => r.location.uri.toString() === iflowUri('Orders_Inbound').toString()), 'the channel as related information');
    // A normal Basic-auth challenge is no problem: no diagnostic on its line.
    const challenge = lineOf(doc, '(203.0.113.10) - - [');
    assert.ok(!diagnostics.some((x) => x.range.start.line === challenge), 'no diagnostic on a challenge');
    assert.ok(diagnostics.every((x) => codeOf(x) !== 'ok' && codeOf(x) !== 'challenge'));
  });

  it('the hover explains a line: verdict, what it means, the channel', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri(ACCESS));
    const line = lineOf(doc, 'S0023456789');
    const text = await until('a hover with the verdict', async () => {
      const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 5)));
      return /missing-role/.test(t) && t;
    }, 60_000);
    assert.match(text, /User "S0023456789" reached Material Sync \/ HTTPS\\_Materials/);
    assert.match(text, /logs\.md#missing-role/);
    assert.match(text, /Served by:/);
    const ok = lineOf(doc, 'SHIPPING_PARTNER [');
    const okText = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(ok, 3)));
    assert.match(okText, /\*\*ok\*\*/);
    assert.match(okText, /Shipment Notification \/ HTTPS\\_Shipments/);
  });

  it('the path links to the channel\'s address in the iFlow; Go to Definition lands there', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri(ACCESS));
    const line = lineOf(doc, 'acme-client@ACME Issuing CA G2');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const link = links.find((l) => l.range.start.line === line);
    assert.ok(link?.target, 'a link on the line');
    assert.strictEqual(doc.getText(link.range), '/http/https_orders');
    const iflow = await vscode.workspace.openTextDocument(iflowUri('Orders_Inbound'));
    const value = iflow.positionAt(iflow.getText().indexOf('<value>/https_orders</value>') + '<value>'.length);
    assert.strictEqual(link.target.with({ fragment: '' }).toString(), iflow.uri.toString());
    assert.strictEqual(link.target.fragment, `L${value.line + 1},${value.character + 1}`);
    const definitions = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, link.range.start.translate(0, 3));
    const first = definitions[0];
    const range = 'targetRange' in first ? first.targetRange : first.range;
    assert.strictEqual(iflow.getText(range), '/https_orders');
  });

  it('Analyze Access Logs… reports the logs of a folder: problems grouped, a timeline per endpoint, everything escaped', async () => {
    const { reports } = await (await api()).logs();
    const report = await reports.analyze([workspaceUri('logs')]);
    assert.ok(report);
    assert.strictEqual(report.requests, 1067);
    assert.match(report.html, /<svg class="timeline"/);
    assert.match(report.html, /certificate-not-accepted/);
    assert.match(report.html, /Orders Inbound \/ HTTPS_Orders/);
    assert.match(report.html, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-[0-9a-f]{32}&#39;;"/);
    assert.ok(!/<script/i.test(report.html));
    report.panel.dispose();
  });
});
