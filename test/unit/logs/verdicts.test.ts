import * as assert from 'assert';
import { VERDICTS, type Verdict } from '../../../src/core/logs/types';
import { verdictOf } from '../../../src/core/logs/verdict';
import { classifyCaller } from '../../../src/core/logs/caller';
import { analyze, endpoints, fixture, neoLine, NODE_A, NODE_B, TRACE_A, workspace } from './support';

describe('logs: verdicts', () => {
  describe('every verdict, on the fixture logs (real Neo format) with the workspace', () => {
    let run: Awaited<ReturnType<typeof analyze>>;
    before(async () => {
      run = await analyze({ [NODE_A]: fixture(NODE_A), [NODE_B]: fixture(NODE_B), [TRACE_A]: fixture(TRACE_A) });
    });
    const expected: Array<[string, number, Verdict]> = [
      [NODE_A, 1, 'challenge'], [NODE_A, 2, 'ok'], [NODE_A, 3, 'no-credentials'], [NODE_A, 4, 'authentication-failed'],
      [NODE_A, 5, 'certificate-not-mapped'], [NODE_A, 6, 'certificate-not-accepted'], [NODE_A, 7, 'missing-role'],
      [NODE_A, 8, 'unknown-endpoint'], [NODE_A, 9, 'forbidden'], [NODE_A, 10, 'server-error'], [NODE_A, 11, 'other'],
      [NODE_A, 12, 'ok'], [NODE_A, 13, 'unknown-endpoint'], [NODE_A, 14, 'unknown-endpoint'], [NODE_A, 15, 'forbidden'],
      [NODE_A, 16, 'authentication-failed'], [NODE_A, 17, 'ok'],
      [NODE_B, 1, 'challenge'], [NODE_B, 2, 'challenge'], [NODE_B, 3, 'ok'], [NODE_B, 4, 'no-credentials'], [NODE_B, 5, 'ok'],
    ];
    it('gives each line the verdict of the first row that applies', () => {
      const got = run.all.map((r) => [r.record.file, r.record.line, r.verdict]);
      assert.deepStrictEqual(got.sort(), expected.map((e) => [...e]).sort());
    });
    it('covers every verdict of the table', () => {
      assert.deepStrictEqual([...new Set(expected.map((e) => e[2]))].sort(), [...VERDICTS].sort());
    });
    it('counts them in the summary, and reads the trace records', () => {
      assert.strictEqual(run.requests, 22);
      assert.strictEqual(run.summary.challenge, 3);
      assert.strictEqual(run.summary['unknown-endpoint'], 3);
      assert.strictEqual(run.traceRecords, 5);
      assert.deepStrictEqual(run.notes, []);
    });
    it('hands the requests out in log time order across the files', () => {
      const times = run.all.map((r) => r.record.time);
      assert.deepStrictEqual(times, [...times].sort((a, b) => a - b));
    });

    it('no-credentials: the checklist, and what the workspace knows of the expected certificates at the time of the call', () => {
      const m = run.at(NODE_A, 3).message;
      assert.match(m, /No certificate and no user reached the tenant/);
      assert.match(m, /self-signed/);
      assert.match(m, /whole chain/);
      assert.match(m, /custom domain/);
      assert.match(m, /Orders Inbound \/ HTTPS_Orders \(Client Certificate\) expects a client certificate/);
      // The fixture chain ends at a private root the load balancer does not trust: said per certificate.
      assert.match(m, /acme-client \(issued by ACME Issuing CA\): valid 2026-01-01 to 2027-03-01; untrusted root: the chain ends at the self-signed root "ACME Root CA", which is not among the trusted roots[^;]*; the SAP load balancer does not forward it; acme-expired/);
      assert.match(m, /acme-expired \(issued by ACME Issuing CA\): valid 2025-06-01 to 2026-06-01; expired \d+ days ago/);
      assert.match(m, /selfsigned-client \(issued by selfsigned-client\): .*self-signed: the SAP load balancer rejects it/);
    });
    it('authentication-failed: the reasons, and for an OAuth client its own', () => {
      assert.match(run.at(NODE_A, 4).message, /User "S0012345678" reached the tenant but authentication failed: a wrong password, a locked or unknown user/);
      assert.match(run.at(NODE_A, 16).message, /OAuth client "oauth_client_7f3e2d1c" .* unknown or its secret is wrong/);
    });
    it('certificate-not-mapped: names the mapping entry with that CN pair and says to deploy it (and the missing role)', () => {
      const m = run.at(NODE_A, 5).message;
      assert.match(m, /The certificate "initech-b2b" issued by "Initech CA" reached the tenant but is mapped to no user there/);
      assert.match(m, /The mapping file maps it to "INITECH_PARTNER" \(entry 3\), whose roles lack "ShipmentNotification.send" \(it has "PartnerOnboarding.send"\): add the role, then deploy that mapping to the tenant\./);
    });
    it('certificate-not-accepted: the table, the near miss "renewed by another CA?", and the trace DNs compared', () => {
      const r = run.at(NODE_A, 6);
      assert.match(r.message, /its table has no entry with that subject CN and issuer CN \(entries: acme-client \/ ACME Issuing CA, acme-expired \/ ACME Issuing CA, selfsigned-client \/ selfsigned-client\)/);
      assert.match(r.message, /Entry 1 has subject CN "acme-client" with issuer CN "ACME Issuing CA": renewed by another CA\?/);
      assert.match(r.message, /The trace names subject "CN=acme-client, O=ACME, C=DE" and issuer "CN=ACME Issuing CA G2, O=ACME, C=DE": entry 1 has the same subject DN but another issuer DN \(CN: "ACME Issuing CA" in the table, "ACME Issuing CA G2" in the trace\)\. Renewed by another CA\?/);
      assert.deepStrictEqual(r.trace.map((t) => [t.file, t.line]), [[TRACE_A, 11]]);
    });
    it('missing-role: the role, and what the mapping file knows of the user', () => {
      assert.match(run.at(NODE_A, 7).message, /User "ORDERS_USER" reached Shipment Notification \/ HTTPS_Shipments \(User Role "ShipmentNotification.send"\) but does not hold its role "ShipmentNotification.send"\. The mapping file does not know "ORDERS_USER"/);
    });
    it('unknown-endpoint: 404 without a channel, 503 with one (deployed and started?), 403 on a path no channel serves', () => {
      assert.match(run.at(NODE_A, 8).message, /No iFlow serves \/http\/https_unknown \(HTTP 404\): not deployed or not started\? In another package\?/);
      assert.match(run.at(NODE_A, 13).message, /No started iFlow serves \/cxf\/vendor\/stock on the tenant \(HTTP 503\), but the workspace's Vendor Stock \/ SOAP_Stock/);
      assert.match(run.at(NODE_A, 14).message, /No sender channel of the workspace serves \/http\/partner\/legacy/);
    });
    it('forbidden: a user holding the role (assigned on the tenant? CSRF token?)', () => {
      const m = run.at(NODE_A, 9).message;
      assert.match(m, /the mapping file gives it the role "ShipmentNotification.send": is the role assigned on the tenant/);
      assert.match(m, /CSRF protection on/);
    });
    it('forbidden: a certificate whose CNs are in the table, with the trace naming the DN attribute that differs', () => {
      const r = run.at(NODE_A, 15);
      assert.match(r.message, /whose entry 1 has these CNs/);
      assert.match(r.message, /entry 1 has the same issuer DN but another subject DN \(O: "ACME" in the table, "ACME Corp" in the trace\)/);
      assert.deepStrictEqual(r.trace.map((t) => t.line), [16]);
    });
    it('server-error and other: not an authorization problem', () => {
      assert.match(run.at(NODE_A, 10).message, /Not an authorization problem: the call reached Shipment Notification \/ HTTPS_Shipments \(User Role "ShipmentNotification.send"\) and failed there \(HTTP 500\)/);
      assert.match(run.at(NODE_A, 10).message, /Trace ERROR: Message processing failed for \/http\/https_shipments/);
      assert.match(run.at(NODE_A, 11).message, /HTTP 405: not an authorization problem/);
    });
    it('lists the channels the path reaches: exact, or the wildcard (query string ignored)', () => {
      assert.deepStrictEqual(run.at(NODE_A, 12).endpoints.map((e) => e.channel), ['SOAP_Stock']);
      assert.strictEqual(run.at(NODE_A, 12).path, '/cxf/vendor/stock/update');
      assert.deepStrictEqual(run.at(NODE_A, 8).endpoints, []);
    });
    it('classifies callers: none, user, certificate (a caller with spaces), OAuth client', () => {
      assert.deepStrictEqual(run.at(NODE_A, 1).caller, { kind: 'none', name: '-' });
      assert.deepStrictEqual(run.at(NODE_A, 2).caller, { kind: 'user', name: 'SHIPPING_PARTNER' });
      assert.deepStrictEqual(run.at(NODE_A, 6).caller, { kind: 'certificate', name: 'acme-client@ACME Issuing CA G2', subjectCN: 'acme-client', issuerCN: 'ACME Issuing CA G2' });
      assert.deepStrictEqual(run.at(NODE_A, 16).caller, { kind: 'oauth', name: 'oauth_client_7f3e2d1c' });
    });
  });

  describe('the table, row by row', () => {
    const ws = workspace();
    const [orders, shipments] = endpoints();
    const none = classifyCaller('-');
    const cert = (name: string) => classifyCaller(name, ws.callers);
    it('a status below 400 is ok, whoever called', () => {
      assert.strictEqual(verdictOf(200, none, false, [], ws), 'ok');
      assert.strictEqual(verdictOf(302, cert('x@y'), false, [orders], ws), 'ok');
    });
    it('401: challenge or no-credentials without a caller (pairing decides), authentication-failed with one', () => {
      assert.strictEqual(verdictOf(401, none, true, [shipments], ws), 'challenge');
      assert.strictEqual(verdictOf(401, none, false, [shipments], ws), 'no-credentials');
      assert.strictEqual(verdictOf(401, none, false, [], ws), 'no-credentials', 'needs no workspace');
      assert.strictEqual(verdictOf(401, cert('S001'), true, [shipments], ws), 'authentication-failed');
    });
    it('403 with a certificate: not-mapped on User Role, not-accepted on Client Certificate without its CNs, forbidden with them', () => {
      assert.strictEqual(verdictOf(403, cert('acme-client@ACME Issuing CA'), false, [shipments], ws), 'certificate-not-mapped');
      assert.strictEqual(verdictOf(403, cert('other@ACME Issuing CA'), false, [orders], ws), 'certificate-not-accepted');
      assert.strictEqual(verdictOf(403, cert('ACME-CLIENT@acme issuing ca'), false, [orders], ws), 'forbidden', 'CNs compare case-insensitively');
    });
    it('403 on a table with an externalized row: forbidden (the tool cannot tell whether the row is the caller)', () => {
      const externalized = { ...orders, certificates: [...orders.certificates, { index: 3, subjectDN: '{{Partner DN}}', issuerDN: '{{Partner CA}}', resolved: false }] };
      assert.strictEqual(verdictOf(403, cert('other@ACME Issuing CA'), false, [externalized], ws), 'forbidden');
    });
    it('403 with a user: missing-role unless the mapping file shows the user holding the role', () => {
      assert.strictEqual(verdictOf(403, cert('NOBODY'), false, [shipments], ws), 'missing-role');
      assert.strictEqual(verdictOf(403, cert('shipping_partner'), false, [shipments], ws), 'forbidden', 'user names compare case-insensitively');
      assert.strictEqual(verdictOf(403, cert('SHIPPING_PARTNER'), false, [shipments], workspace({ mapping: false })), 'missing-role', 'no mapping file shows no role');
    });
    it('403 without a channel is unknown-endpoint; 404 and 503 always; other 5xx server-error; other 4xx other', () => {
      assert.strictEqual(verdictOf(403, cert('SHIPPING_PARTNER'), false, [], ws), 'unknown-endpoint');
      assert.strictEqual(verdictOf(404, cert('SHIPPING_PARTNER'), false, [shipments], ws), 'unknown-endpoint');
      assert.strictEqual(verdictOf(503, none, false, [], ws), 'unknown-endpoint');
      assert.strictEqual(verdictOf(502, none, false, [shipments], ws), 'server-error');
      assert.strictEqual(verdictOf(429, none, false, [shipments], ws), 'other');
      assert.strictEqual(verdictOf(400, none, false, [], ws), 'other');
    });
    it('several channels on one path: listed, judged by the first, and a note when they authorize differently', async () => {
      const [o, s] = endpoints();
      const twin = { ...s, iflow: 'Shipment Copy', path: o.path };
      const run = await analyze({ [NODE_A]: neoLine({ client: '198.51.100.9', caller: 'stranger@Other CA', time: '26/Nov/2026:01:00:00', path: '/http/https_orders', status: 403 }) }, workspace({ endpoints: [o, twin] }));
      const r = run.all[0];
      assert.strictEqual(r.verdict, 'certificate-not-accepted');
      assert.deepStrictEqual(r.endpoints.map((e) => e.iflow), ['Orders Inbound', 'Shipment Copy']);
      assert.match(r.message, /2 channels serve this path .* and they authorize differently: the tenant deploys only one of them; judged by the first/);
    });
  });

  describe('callers', () => {
    const ws = workspace();
    it('a mapping user with an @ in its name stays a user; an unknown X@Y is a certificate', () => {
      const known = { isUser: (n: string) => n === 'partner@acme.example', certificatePair: () => undefined };
      assert.strictEqual(classifyCaller('partner@acme.example', known).kind, 'user');
      assert.deepStrictEqual(classifyCaller('orders@acme.example@ACME CA', known), { kind: 'certificate', name: 'orders@acme.example@ACME CA', subjectCN: 'orders@acme.example', issuerCN: 'ACME CA' });
    });
    it('a certificate the workspace knows is split where its CNs say', () => {
      const known = { isUser: () => false, certificatePair: (n: string) => (n === 'a@b@c' ? { subjectCN: 'a', issuerCN: 'b@c' } : undefined) };
      assert.deepStrictEqual(classifyCaller('a@b@c', known), { kind: 'certificate', name: 'a@b@c', subjectCN: 'a', issuerCN: 'b@c' });
      assert.deepStrictEqual(ws.callers.certificatePair('ACME-CLIENT@acme issuing ca'), { subjectCN: 'acme-client', issuerCN: 'ACME Issuing CA' });
    });
    it('names without @ are users; `-` and blank are none', () => {
      assert.strictEqual(classifyCaller('S0012345678').kind, 'user');
      assert.strictEqual(classifyCaller('  ').kind, 'none');
      assert.strictEqual(classifyCaller('@').kind, 'user');
    });
  });
});
