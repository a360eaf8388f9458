import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import 'reflect-metadata';
import { X509Certificates } from '@peculiar/x509';
import { readPkcs7 } from '../../../src/core/certs/pkcs7';
import { readTlv } from '../../../src/core/certs/asn1';
import { decodeCertificates } from '../../../src/core/certs/decode';

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/certs');
const bytes = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const P7B = bytes('chain.p7b');

/** What @peculiar/x509 (the reference) finds in a PKCS#7: the DER of each certificate. */
function reference(p7: Uint8Array): Uint8Array[] {
  return Array.from(new X509Certificates(new Uint8Array(p7).buffer as ArrayBuffer), (c) => new Uint8Array(c.rawData));
}

function ours(p7: Uint8Array): Uint8Array[] {
  const r = readPkcs7(p7, 100);
  assert.ok(!('error' in r), 'error' in r ? r.error : '');
  return r.certificates;
}

/**
 * Re-encodes the constructed TLVs on the path to the certificates with indefinite lengths (BER), as
 * some tools write certificates-only PKCS#7: ContentInfo, its [0], SignedData and the certificate set.
 */
function toIndefinite(der: Uint8Array, depth: number): Uint8Array {
  const t = readTlv(der, 0)!;
  if (depth === 0 || !(t.tag & 0x20)) return der.slice(t.start, t.end);
  const parts: Uint8Array[] = [];
  let p = t.contentStart;
  while (p < t.end) {
    const c = readTlv(der, p, t.end)!;
    // Only the constructed elements that lead to the certificates; the certificates stay DER.
    const leads = c.tag === 0xa0 || (c.tag === 0x30 && depth > 1 && t.tag === 0xa0);
    parts.push(leads ? toIndefinite(der.slice(c.start, c.end), depth - 1) : der.slice(c.start, c.end));
    p = c.end;
  }
  const body = parts.reduce((n, x) => n + x.length, 0);
  const out = new Uint8Array(2 + body + 2);
  out[0] = t.tag;
  out[1] = 0x80;
  let o = 2;
  for (const x of parts) { out.set(x, o); o += x.length; }
  return out; // ends with 00 00
}

describe('certs/pkcs7: our reader against @peculiar/x509', () => {
  for (const f of ['chain.p7b', 'chain.p7c']) {
    it(`finds the same certificates, byte for byte, in ${f}`, () => {
      const p7 = bytes(f);
      const mine = ours(p7);
      assert.strictEqual(mine.length, 3);
      assert.deepStrictEqual(mine, reference(p7));
    });
  }

  it('follows indefinite lengths (BER) down to the certificates', () => {
    const ber = toIndefinite(P7B, 4);
    assert.notDeepStrictEqual(ber, P7B);
    assert.strictEqual(ber[1], 0x80);
    assert.deepStrictEqual(ours(ber), ours(P7B));
    assert.deepStrictEqual(ours(ber), reference(ber));
  });

  it('says what is wrong instead of throwing', () => {
    const notSigned = P7B.slice();
    // The content type OID's last byte: signedData (…7.2) becomes data (…7.1).
    const oidAt = Buffer.from(notSigned).indexOf(Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]));
    notSigned[oidAt + 8] = 0x01;
    assert.deepStrictEqual(readPkcs7(notSigned, 100), { error: 'content of type 1.2.840.113549.1.7.1, not signedData' });
    assert.deepStrictEqual(readPkcs7(P7B.slice(0, 40), 100), { error: 'truncated' });
    assert.deepStrictEqual(readPkcs7(new Uint8Array([0x02, 0x01, 0x00]), 100), { error: 'expected a ContentInfo SEQUENCE' });
    // Without the end-of-contents of ContentInfo, its [0] and SignedData, the [0] never ends.
    assert.deepStrictEqual(readPkcs7(toIndefinite(P7B, 4).slice(0, -6), 100), { error: 'missing end-of-contents' });
  });

  it('stops at the certificate limit', () => {
    const r = readPkcs7(P7B, 2);
    assert.ok(!('error' in r));
    assert.strictEqual(r.certificates.length, 2);
  });

  it('never throws on mutated files, and whatever it reads is a certificate of the file', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const originals = ours(P7B).map((c) => Buffer.from(c).toString('hex'));
    for (let m = 0; m < 3000; m++) {
      const p7 = P7B.slice();
      const flips = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < flips; k++) p7[Math.floor(rnd() * p7.length)] = Math.floor(rnd() * 256);
      const r = readPkcs7(p7, 100);
      if ('error' in r) continue;
      for (const c of r.certificates) {
        const hex = Buffer.from(c).toString('hex');
        // A mutation inside a certificate yields that (damaged) certificate; nothing else appears.
        assert.ok(originals.includes(hex) || Buffer.from(p7).toString('hex').includes(hex));
      }
    }
  });

  it('decodeCertificates reports a PKCS#7 that is not signedData, and one with no certificates', () => {
    const notSigned = P7B.slice();
    const oidAt = Buffer.from(notSigned).indexOf(Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]));
    notSigned[oidAt + 8] = 0x01;
    const d = decodeCertificates(notSigned, { file: 'x.p7b', kind: 'file' });
    assert.strictEqual(d.certificates.length, 0);
    assert.match(d.errors.join('\n'), /PKCS#7|holds no certificates/);
  });
});
