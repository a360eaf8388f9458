import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { ChainBuilder } from '../../../src/core/certs/chain';
import { clientCandidates, reviewClientCertificate } from '../../../src/core/certs/review';
import { SignatureChecks } from '../../../src/core/certs/signatures';
import { TrustStore } from '../../../src/core/certs/trustedRoots';

const CERTS = path.join(__dirname, '../../../../test/fixtures/certs');
const read = (f: string) => decodeCertificates(fs.readFileSync(path.join(CERTS, f)), { file: f, kind: 'file' });
const options = { now: new Date('2026-11-27T00:00:00Z'), expiryWarningDays: 30 };
const texts = (notes: Array<{ text: string }>): string => notes.map((n) => n.text).join(' | ');
/** Chains over `index` with the ACME root among the trusted roots (a landscape that trusts it). */
const acmeTrusted = (index = new CertificateIndex()) =>
  new ChainBuilder(index, TrustStore.fromSetting(['btp', 'root-ca.cer'], [{ path: 'root-ca.cer', certificates: read('root-ca.cer').certificates }]), new SignatureChecks(), options.now);

describe('certs: review before import', () => {
  it('a client certificate with its full chain in the file raises nothing when its root is trusted', () => {
    const chain = read('chain.pem');
    const [leaf] = clientCandidates(chain);
    assert.strictEqual(leaf.commonName, 'acme-client');
    assert.deepStrictEqual(reviewClientCertificate(leaf, chain.certificates, { ...options, chains: acmeTrusted() }), []);
    assert.deepStrictEqual(reviewClientCertificate(leaf, chain.certificates, options), [{
      level: 'warning',
      text: 'untrusted root: the chain ends at the self-signed root "ACME Root CA", which is not among the trusted roots (SAP\'s BTP trust store); the SAP load balancer does not forward it',
    }]);
  });
  it('a lone leaf has an incomplete chain unless the workspace has the CA certificates (the same chain code as the rules)', () => {
    const leaf = read('acme-client.pem').certificates[0];
    assert.deepStrictEqual(reviewClientCertificate(leaf, [leaf], options).map((n) => n.level), ['info']);
    assert.match(texts(reviewClientCertificate(leaf, [leaf], options)), /incomplete chain: the chain stops at the certificate itself, whose issuer "CN=ACME Issuing CA, O=ACME, C=DE" is not in the workspace; the sender must send the full chain/);
    const index = new CertificateIndex([...read('issuing-ca.cer').certificates, ...read('root-ca.cer').certificates]);
    assert.deepStrictEqual(reviewClientCertificate(leaf, [leaf], { ...options, chains: acmeTrusted(index) }), []);
    assert.match(texts(reviewClientCertificate(leaf, [leaf], { ...options, index })), /untrusted root/);
  });
  it('says self-signed, expired, expiring, not yet valid, not for client auth, CA', () => {
    const one = (f: string) => { const c = read(f).certificates[0]; return texts(reviewClientCertificate(c, read('chain.pem').certificates.concat(c), options)); };
    assert.match(one('selfsigned-client.pem'), /^self-signed: the SAP load balancer rejects it/, 'problems first');
    assert.match(one('acme-expired.pem'), /^expired 179 days ago/);
    assert.match(one('acme-expiring.pem'), /expires in 13 days/);
    assert.match(one('acme-future.pem'), /not valid yet: becomes valid in 186 days/);
    assert.match(one('acme-server-only.pem'), /^not valid for client authentication: its extended key usage is serverAuth/);
    assert.match(one('issuing-ca.pem'), /^a CA certificate, not a client certificate/);
  });
  it('self-signed, expired, CA, not for client auth are problems (the rules\' verdicts: Import Certificate asks "Import anyway"), listed first', () => {
    const one = (f: string) => { const c = read(f).certificates[0]; return reviewClientCertificate(c, read('chain.pem').certificates.concat(c), options).map((n) => `${n.level}: ${n.text}`).join(' | '); };
    assert.match(one('selfsigned-client.pem'), /^problem: self-signed: the SAP load balancer rejects it/);
    assert.match(one('acme-expired.pem'), /^problem: expired 179 days ago/);
    assert.match(one('acme-expiring.pem'), /^warning: expires in 13 days/);
    assert.match(one('acme-future.pem'), /^warning: untrusted root: .* \| info: not valid yet: becomes valid in 186 days \(fine for a renewal staged ahead\)$/, 'a note after a warning, whatever order the checks ran in');
    assert.match(one('acme-server-only.pem'), /^problem: not valid for client authentication/);
    assert.match(one('issuing-ca.pem'), /^problem: a CA certificate, not a client certificate/);
    const root = read('root-ca.pem').certificates[0];
    assert.deepStrictEqual(reviewClientCertificate(root, [root], options).map((n) => n.level), ['problem', 'problem'], 'a self-signed CA: two problems, no chain note');
    for (const f of ['selfsigned-client.pem', 'acme-expired.pem', 'acme-expiring.pem', 'acme-server-only.pem', 'acme-client.pem', 'acme-future.pem']) {
      const c = read(f).certificates[0];
      const ranks = reviewClientCertificate(c, [c], options).map((n) => ['problem', 'warning', 'info'].indexOf(n.level));
      assert.deepStrictEqual(ranks, [...ranks].sort((a, b) => a - b), f);
      assert.ok(!ranks.includes(-1), `${f}: no passed check in a review`);
    }
  });
  it('offers the leaves of a chain, and all certificates when there is no leaf', () => {
    assert.deepStrictEqual(clientCandidates(read('chain.p7b')).map((c) => c.commonName), ['acme-client']);
    assert.deepStrictEqual(clientCandidates(read('root-ca.pem')).map((c) => c.commonName), ['ACME Root CA']);
  });
});
