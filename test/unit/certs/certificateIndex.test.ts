import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates } from '../../../src/core/certs/decode';
import type { CertificateInfo } from '../../../src/core/certs/types';

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/certs');
const load = (name: string, kind: 'file' | 'mapping' = 'file') =>
  decodeCertificates(new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))), { file: name, kind });
const one = (name: string) => load(name).certificates[0];
const ISSUING = 'CN=ACME Issuing CA, O=ACME, C=DE';

describe('certs/certificateIndex', () => {
  it('finds by semantic subject and issuer DN', () => {
    const idx = new CertificateIndex();
    for (const f of ['acme-client.cer', 'acme-expired.cer', 'acme-dn.cer', 'chain.pem']) idx.addDecoded(load(f));
    assert.strictEqual(idx.size, 6);
    const hit = idx.find('C=DE, O=ACME, CN=acme-client', 'cn=acme issuing ca,o=acme,c=de');
    assert.strictEqual(hit.length, 1);
    assert.strictEqual(hit[0].subject, 'CN=acme-client, O=ACME, C=DE');
    const dn = idx.find('EMAILADDRESS=ops@acme.example, CN=acme-dn-test, O="ACME, Inc.", S=Bavaria, C=DE', ISSUING);
    assert.strictEqual(dn.length, 1);
    assert.strictEqual(dn[0].commonName, 'acme-dn-test');
  });
  it('does not match a different CN or a different issuer', () => {
    const idx = new CertificateIndex(load('chain.pem').certificates);
    assert.deepStrictEqual(idx.find('CN=acme-other, O=ACME, C=DE', ISSUING), []);
    assert.deepStrictEqual(idx.find('CN=acme-client, O=ACME, C=DE', 'CN=ACME Root CA, O=ACME, C=DE'), []);
    assert.deepStrictEqual(idx.find('CN=acme-client, O=ACME, C=DE', ''), []);
    assert.deepStrictEqual(idx.find('', ''), []);
    assert.strictEqual(idx.find('CN=ACME Root CA, O=ACME, C=DE', 'CN=ACME Root CA, O=ACME, C=DE').length, 1);
  });
  it('keeps duplicates in all()/size but find() returns each certificate once, first seen wins', () => {
    const a = load('acme-client.cer').certificates[0];
    const b = load('acme-client.pem', 'mapping').certificates[0];
    const idx = new CertificateIndex([a, b]);
    assert.strictEqual(idx.size, 2);
    assert.strictEqual(idx.all().length, 2);
    const hit = idx.find(a.subject, a.issuer);
    assert.strictEqual(hit.length, 1);
    assert.strictEqual(hit[0], a);
    assert.strictEqual(hit[0].source.kind, 'file');
  });
  it('returns several certificates with the same names newest notAfter first', () => {
    const base = one('acme-client.cer');
    const mk = (sha: string, notAfter: string): CertificateInfo => ({ ...base, sha256: sha, notAfter: new Date(notAfter) });
    const older = mk('AA', '2026-05-01T00:00:00Z');
    const newest = mk('BB', '2029-01-01T00:00:00Z');
    const middle = mk('CC', '2027-01-01T00:00:00Z');
    const idx = new CertificateIndex();
    [older, newest, middle].forEach((c) => idx.add(c));
    assert.deepStrictEqual(idx.find(base.subject, base.issuer).map((c) => c.sha256), ['BB', 'CC', 'AA']);
  });
  it('find() results are copies: mutating them does not change the index', () => {
    const idx = new CertificateIndex(load('chain.pem').certificates);
    const c = idx.find('CN=acme-client, O=ACME, C=DE', ISSUING);
    c.pop();
    assert.strictEqual(idx.find('CN=acme-client, O=ACME, C=DE', ISSUING).length, 1);
    idx.all().pop();
    assert.strictEqual(idx.size, 3);
  });
  it('indexes a certificate whose keys are missing by its DNs', () => {
    const c = { ...one('acme-client.cer'), subjectKey: '', issuerKey: '' };
    const idx = new CertificateIndex([c]);
    assert.strictEqual(idx.find('C=DE,O=ACME,CN=acme-client', ISSUING).length, 1);
  });
});
