import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import { clientCandidates, reviewClientCertificate } from '../../../src/core/certs/review';

const CERTS = path.join(__dirname, '../../../../test/fixtures/certs');
const read = (f: string) => decodeCertificates(fs.readFileSync(path.join(CERTS, f)), { file: f, kind: 'file' });
const options = { now: new Date('2026-11-27T00:00:00Z'), expiryWarningDays: 30 };

describe('certs: review before import', () => {
  it('a client certificate with its full chain in the file raises nothing', () => {
    const chain = read('chain.pem');
    const [leaf] = clientCandidates(chain);
    assert.strictEqual(leaf.commonName, 'acme-client');
    assert.deepStrictEqual(reviewClientCertificate(leaf, chain.certificates, options), []);
  });
  it('a lone leaf has an incomplete chain unless the workspace has the CA certificates', () => {
    const leaf = read('acme-client.pem').certificates[0];
    assert.match(reviewClientCertificate(leaf, [leaf], options).join(), /incomplete chain: the issuer "CN=ACME Issuing CA, O=ACME, C=DE"/);
    const index = new CertificateIndex([...read('issuing-ca.cer').certificates, ...read('root-ca.cer').certificates]);
    assert.deepStrictEqual(reviewClientCertificate(leaf, [leaf], { ...options, index }), []);
  });
  it('says self-signed, expired, expiring, not yet valid, not for client auth, CA', () => {
    const one = (f: string) => { const c = read(f).certificates[0]; return reviewClientCertificate(c, read('chain.pem').certificates.concat(c), options).join(' | '); };
    assert.match(one('selfsigned-client.pem'), /self-signed: the SAP load balancer rejects it/);
    assert.match(one('acme-expired.pem'), /expired 179 days ago/);
    assert.match(one('acme-expiring.pem'), /expires in 13 days/);
    assert.match(one('acme-future.pem'), /not valid yet: becomes valid in 186 days/);
    assert.match(one('acme-server-only.pem'), /not valid for client authentication \(extended key usage: serverAuth\)/);
    assert.match(one('issuing-ca.pem'), /a CA certificate, not a client certificate/);
  });
  it('offers the leaves of a chain, and all certificates when there is no leaf', () => {
    assert.deepStrictEqual(clientCandidates(read('chain.p7b')).map((c) => c.commonName), ['acme-client']);
    assert.deepStrictEqual(clientCandidates(read('root-ca.pem')).map((c) => c.commonName), ['ACME Root CA']);
  });
});
