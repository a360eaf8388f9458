import * as assert from 'assert';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { SignatureChecks } from '../../../src/core/certs/signatures';
import { TrustStore } from '../../../src/core/certs/trustedRoots';
import type { CertificateInfo } from '../../../src/core/certs/types';
import { createRuleContext, defaultLintOptions, lintIFlow, lintMapping } from '../../../src/core/engine';
import { readMappingFile } from '../../../src/core/mapping/read';
import type { Finding, LintOptions } from '../../../src/core/rules/types';
import { buildIFlow, clientCertificate, mappingJson, NOW, parse, slice } from '../support/iflowBuilder';
import { issue, keys, threeLevels, type Made } from '../support/pki';

const ISRG_X1 = 'CN=ISRG Root X1,O=Internet Security Research Group,C=US';
const ISRG_X1_KEY_ID = '79b459e67bb6e5e40173800888c81a58f6e99b6e';
const CHAIN_RULES = ['untrusted-root-ca', 'incomplete-certificate-chain', 'client-auth-eku-phaseout', 'certificate-not-for-client-auth'];

interface Setup {
  certificates?: CertificateInfo[];
  trust?: TrustStore;
  options?: Partial<LintOptions>;
  mapping?: Array<Record<string, unknown>>;
  signatures?: SignatureChecks;
}

/** Lints one Client Certificate channel whose rows are the certificates' DNs (or embedded PEM). */
function lintRows(rows: Array<[string, string]>, setup: Setup = {}): { text: string; findings: Finding[]; mappingFindings: Finding[] } {
  const mapping = setup.mapping ? readMappingFile(mappingJson(setup.mapping), 'certificate-user-mappings.json') : undefined;
  const ctx = createRuleContext({ ...defaultLintOptions(NOW), ...setup.options }, new CertificateIndex(setup.certificates ?? []), mapping, { trust: setup.trust, signatures: setup.signatures });
  const doc = parse(buildIFlow([{ name: 'HTTPS_In', props: clientCertificate(rows) }]));
  return { text: doc.text, findings: lintIFlow(doc, ctx), mappingFindings: mapping ? lintMapping(mapping, ctx) : [] };
}

const row = (m: Made): [string, string] => [m.info.subject, m.info.issuer];
const chainFindings = (findings: Finding[]): Finding[] => findings.filter((f) => CHAIN_RULES.includes(f.rule));
const own = (...roots: Made[]): TrustStore => TrustStore.fromSetting(['btp', 'pki/roots.pem'], [{ path: 'pki/roots.pem', certificates: roots.map((r) => r.info) }]);

/** A partner certificate from a public TLS CA: issued under ISRG Root X1's name and key id (not held, so judged by them). */
async function publicCaLeaf(notAfter: string, eku?: string[] | null): Promise<{ leaf: Made; certificates: CertificateInfo[] }> {
  const intermediate = await issue({ subject: 'CN=Public Issuing CA, O=Public Trust, C=US', issuerName: ISRG_X1, authorityKeyId: ISRG_X1_KEY_ID, signWith: await keys(), ca: true });
  const leaf = await issue({ subject: 'CN=partner.example, O=Partner, C=US', issuer: intermediate, notBefore: '2026-03-01T00:00:00Z', notAfter, eku });
  return { leaf, certificates: [leaf.info, intermediate.info] };
}

describe('rules: chains and the load balancer\'s trust', function () {
  this.timeout(60_000);

  describe('untrusted-root-ca', () => {
    it('fires on the entry whose chain ends at a self-signed root outside the trusted roots, the chain as related information', async () => {
      const { root, intermediate, leaf } = await threeLevels('Acme');
      const { text, findings } = lintRows([row(leaf)], { certificates: [leaf.info, intermediate.info, root.info] });
      const f = chainFindings(findings);
      assert.deepStrictEqual(f.map((x) => x.rule), ['untrusted-root-ca']);
      assert.strictEqual(f[0].severity, 'warning');
      assert.strictEqual(slice({ text }, f[0]), leaf.info.subject);
      assert.match(f[0].message, /^The chain of certificate "acme-client" ends at the self-signed root "Acme Root CA", which is not among the trusted roots \(SAP's BTP trust store\): the SAP load balancer does not forward it\./);
      assert.match(f[0].message, /add the root to trustedRoots if your tenant trusts it\.$/);
      assert.deepStrictEqual(f[0].related?.map((r) => r.message), [
        'acme-client: resolved from this certificate file',
        'Acme Issuing CA: certificate 2 of the chain',
        'Acme Root CA: certificate 3 of the chain (self-signed root)',
      ]);
    });
    it('does not fire once the root is among the trusted roots, nor on a self-signed or CA entry (other rules say those)', async () => {
      const { root, intermediate, leaf } = await threeLevels('Acme');
      const certificates = [leaf.info, intermediate.info, root.info];
      assert.deepStrictEqual(chainFindings(lintRows([row(leaf)], { certificates, trust: own(root) }).findings), []);
      const rules = lintRows([row(root), row(intermediate)], { certificates }).findings.map((x) => x.rule);
      assert.ok(!rules.includes('untrusted-root-ca'), rules.join());
      assert.ok(rules.includes('self-signed-certificate') && rules.includes('certificate-not-for-client-auth'));
    });
    it('fires on a mapping entry too', async () => {
      const { root, intermediate, leaf } = await threeLevels('Mapped');
      const { mappingFindings } = lintRows([], { certificates: [intermediate.info, root.info], mapping: [{ user: 'U', roles: ['R'], certificate: leaf.pem, usedBy: [] }] });
      assert.deepStrictEqual(chainFindings(mappingFindings).map((x) => x.rule), ['untrusted-root-ca']);
    });
  });

  describe('incomplete-certificate-chain', () => {
    it('fires (info) when an issuer is missing, naming it; the whole chain in one embedded cell is complete', async () => {
      const { root, intermediate, leaf } = await threeLevels('Acme');
      const f = chainFindings(lintRows([row(leaf)], { certificates: [leaf.info, root.info], trust: own(root) }).findings);
      assert.deepStrictEqual(f.map((x) => [x.rule, x.severity]), [['incomplete-certificate-chain', 'info']]);
      assert.match(f[0].message, /^The chain of certificate "acme-client" stops at the certificate itself, whose issuer "CN=Acme Issuing CA, O=Acme, C=DE" is not in the workspace\. Add the issuing CA certificates to the workspace to judge its root\.$/);
      const embedded = lintRows([[`${leaf.pem}${intermediate.pem}`, 'ignored']], { trust: own(root) }).findings;
      assert.deepStrictEqual(chainFindings(embedded), []);
    });
    it('a forged issuer name is a warning once signatures are checked', async () => {
      const { root, intermediate } = await threeLevels('Acme');
      const forged = await issue({ subject: 'CN=mallory, O=Acme, C=DE', issuer: intermediate, signWith: await keys(), authorityKeyId: intermediate.info.subjectKeyId });
      const signatures = new SignatureChecks();
      const setup = { certificates: [forged.info, intermediate.info, root.info], trust: own(root), signatures };
      assert.deepStrictEqual(chainFindings(lintRows([row(forged)], setup).findings), [], 'before the check, names and key ids fit');
      assert.ok(signatures.pendingCount > 0);
      await signatures.verifyPending();
      const f = chainFindings(lintRows([row(forged)], setup).findings);
      assert.deepStrictEqual(f.map((x) => [x.rule, x.severity]), [['incomplete-certificate-chain', 'warning']]);
      assert.match(f[0].message, /whose signature does not verify with the key of "CN=Acme Issuing CA, O=Acme, C=DE".*The SAP load balancer rejects it: ask the partner for its current chain\.$/);
    });
  });

  describe('client-auth-eku-phaseout', () => {
    it('fires (info) on a certificate from a public TLS CA renewed after May 2026, in one short line', async () => {
      const { leaf, certificates } = await publicCaLeaf('2027-03-01T00:00:00Z');
      const f = chainFindings(lintRows([row(leaf)], { certificates }).findings);
      const phaseout = f.filter((x) => x.rule === 'client-auth-eku-phaseout');
      assert.strictEqual(phaseout.length, 1, f.map((x) => x.message).join('\n'));
      assert.strictEqual(phaseout[0].severity, 'info');
      assert.match(phaseout[0].message, /is from a public TLS CA \(root "ISRG Root X1"\), and public CAs are dropping the clientAuth EKU: make sure its renewal \(due by 2027-03-01\) still lists clientAuth/);
      assert.ok(phaseout[0].message.length <= 240, `one line that reads well (SAP's words are on the rule page): ${phaseout[0].message.length} characters`);
    });
    it('does not fire for a private CA, a renewal before May 2026, or a certificate that already lacks clientAuth', async () => {
      const { root, intermediate, leaf } = await threeLevels('Private');
      assert.deepStrictEqual(chainFindings(lintRows([row(leaf)], { certificates: [leaf.info, intermediate.info, root.info], trust: own(root) }).findings), []);
      const early = await publicCaLeaf('2026-04-30T00:00:00Z');
      const earlyRules = lintRows([row(early.leaf)], { certificates: early.certificates, options: { now: new Date('2026-04-01T00:00:00Z') } }).findings.map((x) => x.rule);
      assert.deepStrictEqual(earlyRules.filter((r) => CHAIN_RULES.includes(r)), []);
      const serverOnly = await publicCaLeaf('2027-03-01T00:00:00Z', ['1.3.6.1.5.5.7.3.1']);
      const rules = lintRows([row(serverOnly.leaf)], { certificates: serverOnly.certificates }).findings.map((x) => x.rule);
      assert.ok(!rules.includes('client-auth-eku-phaseout') && rules.includes('certificate-not-for-client-auth'));
    });
  });

  describe('certificate-not-for-client-auth', () => {
    it('a leaf without any extended key usage: info, saying SAP requires clientAuth; a user severity still wins', async () => {
      const { root, intermediate, leaf } = await threeLevels('NoEku', 'p256', { eku: null });
      const certificates = [leaf.info, intermediate.info, root.info];
      const f = lintRows([row(leaf)], { certificates, trust: own(root) }).findings.filter((x) => x.rule === 'certificate-not-for-client-auth');
      assert.deepStrictEqual(f.map((x) => x.severity), ['info']);
      assert.match(f[0].message, /^Certificate "noeku-client" has no extended key usage, so not Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\), which SAP requires in the TLS handshake\. Ask the partner for a certificate with clientAuth\.$/);
      const overridden = lintRows([row(leaf)], { certificates, trust: own(root), options: { severities: { 'certificate-not-for-client-auth': 'error' } } }).findings;
      assert.deepStrictEqual(overridden.filter((x) => x.rule === 'certificate-not-for-client-auth').map((x) => x.severity), ['error']);
    });
    it('serverAuth only stays a warning', async () => {
      const { root, intermediate, leaf } = await threeLevels('Server', 'p256', { eku: ['1.3.6.1.5.5.7.3.1'] });
      const f = lintRows([row(leaf)], { certificates: [leaf.info, intermediate.info, root.info], trust: own(root) }).findings.filter((x) => x.rule === 'certificate-not-for-client-auth');
      assert.deepStrictEqual(f.map((x) => x.severity), ['warning']);
    });
  });

  describe('several certificates for one entry', () => {
    it('the entry is judged by the one valid longest; the others are related information', async () => {
      const { root, intermediate } = await threeLevels('Renew');
      const old = await issue({ subject: 'CN=renewed, O=Renew, C=DE', issuer: intermediate, notBefore: '2025-12-01T00:00:00Z', notAfter: '2026-12-10T00:00:00Z', file: 'certificates/renewed-2025.pem' });
      const renewal = await issue({ subject: 'CN=renewed, O=Renew, C=DE', issuer: intermediate, notBefore: '2026-11-01T00:00:00Z', notAfter: '2027-12-01T00:00:00Z', file: 'certificates/renewed-2026.pem' });
      const certificates = [old.info, renewal.info, intermediate.info, root.info];
      const { findings } = lintRows([row(renewal)], { certificates, trust: own(root) });
      assert.ok(!findings.some((x) => x.rule === 'certificate-expiring'), 'the renewal is judged, not the old one');
      const { findings: onlyOld } = lintRows([row(old)], { certificates: [old.info, intermediate.info, root.info], trust: own(root) });
      assert.ok(onlyOld.some((x) => x.rule === 'certificate-expiring'));
      // Any finding on the entry names the other certificate.
      const expiringSoon = lintRows([row(renewal)], { certificates, trust: own(root), options: { expiryWarningDays: 400 } }).findings.find((x) => x.rule === 'certificate-expiring')!;
      assert.match(expiringSoon.message, /expires in 369 days/);
      assert.deepStrictEqual(expiringSoon.related?.map((r) => r.file), ['certificates/renewed-2026.pem', 'certificates/renewed-2025.pem']);
      assert.match(expiringSoon.related![1].message, /also has these DNs, valid until 2026-12-10 \(the entry is judged by the certificate valid longest\)/);
    });
  });
});
