import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as nodeCrypto from 'crypto';
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import { decodeCertificates, looksLikeCertificateMaterial, toPem, PKCS12_MESSAGE, MAX_INPUT_SIZE } from '../../../src/core/certs/decode';
import type { DecodedCertificates } from '../../../src/core/certs/types';
import { assertLinearWork, assertWorkWithin } from '../support/work';

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/certs');
const bytes = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const text = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const decodeFile = (name: string): DecodedCertificates => decodeCertificates(bytes(name), { file: name, kind: 'file' });
const decodeText = (t: string): DecodedCertificates => decodeCertificates(t, { file: 'mem', kind: 'embedded' });
const subjects = (d: DecodedCertificates) => d.certificates.map((c) => c.subject);
const CLIENT = 'CN=acme-client, O=ACME, C=DE';
const ISSUING = 'CN=ACME Issuing CA, O=ACME, C=DE';
const ROOT = 'CN=ACME Root CA, O=ACME, C=DE';
const CHAIN = [CLIENT, ISSUING, ROOT];

function single(d: DecodedCertificates) {
  assert.deepStrictEqual(d.errors, []);
  assert.strictEqual(d.certificates.length, 1);
  return d.certificates[0];
}

describe('certs/decode: formats', () => {
  const der = bytes('acme-client.cer');

  it('reads DER .cer', () => {
    const c = single(decodeFile('acme-client.cer'));
    assert.strictEqual(c.subject, CLIENT);
    assert.deepStrictEqual(c.der, der);
  });
  it('reads PEM .pem (bytes and string)', () => {
    assert.strictEqual(single(decodeFile('acme-client.pem')).subject, CLIENT);
    assert.strictEqual(single(decodeText(text('acme-client.pem'))).subject, CLIENT);
  });
  it('reads .crt with CRLF line endings', () => {
    assert.ok(text('acme-client.crt').includes('\r\n'));
    const c = single(decodeFile('acme-client.crt'));
    assert.strictEqual(c.subject, CLIENT);
    assert.deepStrictEqual(c.der, der);
  });
  it('reads base64 DER without armour (wrapped, and on one line)', () => {
    assert.deepStrictEqual(single(decodeFile('acme-client.b64')).der, der);
    assert.deepStrictEqual(single(decodeText(Buffer.from(der).toString('base64'))).der, der);
    assert.deepStrictEqual(single(decodeText('  \n' + Buffer.from(der).toString('base64') + '\n\n')).der, der);
  });
  it('reads PEM preceded by openssl bag attributes', () => {
    const c = single(decodeFile('acme-client-bag.pem'));
    assert.strictEqual(c.subject, CLIENT);
    assert.ok(c.source.range && c.source.range.start > 0, 'the range starts at the BEGIN line');
    assert.ok(text('acme-client-bag.pem').slice(c.source.range!.start).startsWith('-----BEGIN CERTIFICATE-----'));
  });
  it('reads the X509 CERTIFICATE and TRUSTED CERTIFICATE labels', () => {
    assert.strictEqual(single(decodeFile('acme-client-x509-label.pem')).subject, CLIENT);
    // openssl's TRUSTED CERTIFICATE: the DER certificate followed by trust settings.
    const aux = Buffer.from([0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]);
    const trusted = toPem(new Uint8Array(Buffer.concat([der, aux])), 'TRUSTED CERTIFICATE');
    const c = single(decodeText(trusted));
    assert.deepStrictEqual(c.der, der);
  });
  it('reads a PEM bundle in order, with indexes and ranges', () => {
    const d = decodeFile('chain.pem');
    assert.deepStrictEqual(d.errors, []);
    assert.deepStrictEqual(subjects(d), CHAIN);
    assert.deepStrictEqual(d.certificates.map((c) => c.source.index), [0, 1, 2]);
    const t = text('chain.pem');
    for (const c of d.certificates) {
      const block = t.slice(c.source.range!.start, c.source.range!.end);
      assert.strictEqual(block.trim(), c.pem.trim());
    }
  });
  for (const f of ['chain.p7b', 'chain.p7c', 'chain-p7b.pem']) {
    it(`reads PKCS#7 ${f}`, () => {
      const d = decodeFile(f);
      assert.deepStrictEqual(d.errors, []);
      assert.deepStrictEqual(subjects(d), CHAIN);
      assert.deepStrictEqual(d.certificates.map((c) => c.source.index), [0, 1, 2]);
      assert.deepStrictEqual(d.certificates[0].der, der);
    });
  }
  it('reads PKCS#7 given as base64 text without armour', () => {
    assert.deepStrictEqual(subjects(decodeText(Buffer.from(bytes('chain.p7b')).toString('base64'))), CHAIN);
  });
  it('reads a bundle with CRLF and a UTF-8 BOM', () => {
    const t = '\ufeff' + text('chain.pem').replace(/\n/g, '\r\n');
    assert.deepStrictEqual(subjects(decodeText(t)), CHAIN);
  });
  it('reads certificates embedded in surrounding text (e.g. a JSON string with \\n)', () => {
    const t = 'Subject: whatever\n' + text('acme-client.pem') + 'trailer text\n';
    assert.strictEqual(single(decodeText(t)).subject, CLIENT);
  });
  it('keeps the given source (file, kind, range) on every certificate', () => {
    const d = decodeCertificates(text('chain.pem'), { file: 'm.json', kind: 'mapping', range: { start: 5, end: 9 } });
    for (const [i, c] of d.certificates.entries()) {
      assert.deepStrictEqual(c.source, { file: 'm.json', kind: 'mapping', index: i, range: { start: 5, end: 9 } });
    }
  });
});

describe('certs/decode: CertificateInfo fields', () => {
  const der = bytes('acme-client.cer');
  const c = single(decodeFile('acme-client.cer'));

  it('subject, issuer, keys and common name', () => {
    assert.strictEqual(c.subject, CLIENT);
    assert.strictEqual(c.issuer, ISSUING);
    assert.strictEqual(c.subjectKey, 'C=de,O=acme,CN=acme-client');
    assert.strictEqual(c.issuerKey, 'C=de,O=acme,CN=acme issuing ca');
    assert.strictEqual(c.commonName, 'acme-client');
  });
  it('renders names exactly like @peculiar/x509 Name.toString() on every fixture', () => {
    for (const f of fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.cer') && n !== 'truncated.cer')) {
      const ref = new X509Certificate(bytes(f));
      const mine = single(decodeFile(f));
      assert.strictEqual(mine.subject, ref.subject, f);
      assert.strictEqual(mine.issuer, ref.issuer, f);
      assert.strictEqual(mine.notAfter.getTime(), ref.notAfter.getTime(), f);
      assert.strictEqual(mine.serialNumber, ref.serialNumber.toLowerCase().replace(/^(00)+(?=..)/, ''), f);
    }
  });
  it('serial number, validity', () => {
    assert.strictEqual(c.serialNumber, '3001');
    assert.strictEqual(c.notBefore.toISOString(), '2026-01-01T00:00:00.000Z');
    assert.strictEqual(c.notAfter.toISOString(), '2027-03-01T00:00:00.000Z');
  });
  it('sha256 (upper-case colon hex) and md5 (lower-case hex) of the DER', () => {
    const sha = nodeCrypto.createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
    assert.strictEqual(c.sha256, sha);
    assert.match(c.sha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    assert.strictEqual(c.md5, nodeCrypto.createHash('md5').update(der).digest('hex'));
  });
  it('key type and size: RSA 2048, EC P-256', () => {
    assert.strictEqual(c.keyType, 'RSA');
    assert.strictEqual(c.keySize, 2048);
    const ec = single(decodeFile('acme-ec-client.cer'));
    assert.strictEqual(ec.keyType, 'EC');
    assert.strictEqual(ec.keySize, 256);
  });
  it('key usage and extended key usage', () => {
    assert.deepStrictEqual(c.keyUsage, ['digitalSignature', 'keyEncipherment']);
    assert.deepStrictEqual(c.extendedKeyUsage, ['clientAuth']);
    assert.deepStrictEqual(single(decodeFile('acme-server-only.cer')).extendedKeyUsage, ['serverAuth']);
    assert.deepStrictEqual(single(decodeFile('acme-ec-client.cer')).keyUsage, ['digitalSignature']);
    const root = single(decodeFile('root-ca.cer'));
    assert.deepStrictEqual(root.keyUsage, ['keyCertSign', 'cRLSign']);
    assert.deepStrictEqual(root.extendedKeyUsage, []);
  });
  it('selfSigned and isCA', () => {
    assert.strictEqual(c.selfSigned, false);
    assert.strictEqual(c.isCA, false);
    const root = single(decodeFile('root-ca.cer'));
    assert.strictEqual(root.selfSigned, true);
    assert.strictEqual(root.isCA, true);
    const inter = single(decodeFile('issuing-ca.cer'));
    assert.strictEqual(inter.selfSigned, false);
    assert.strictEqual(inter.isCA, true);
    const ss = single(decodeFile('selfsigned-client.cer'));
    assert.strictEqual(ss.selfSigned, true);
    assert.strictEqual(ss.isCA, false);
  });
  it('der and canonical pem', () => {
    assert.deepStrictEqual(c.der, der);
    assert.strictEqual(c.pem, text('acme-client.pem'));
    assert.ok(c.pem.endsWith('-----END CERTIFICATE-----\n'));
    assert.ok(c.pem.split('\n').every((l) => l.length <= 64));
    assert.strictEqual(toPem(der), text('acme-client.pem'));
  });
  it('source of a DER file', () => {
    assert.deepStrictEqual(c.source, { file: 'acme-client.cer', index: 0, kind: 'file' });
  });
  it('the DN test certificate: X.500 order, escaped comma, E and ST', () => {
    const d = single(decodeFile('acme-dn.cer'));
    assert.strictEqual(d.subject, 'C=DE, ST=Bavaria, O=ACME\\, Inc., CN=acme-dn-test, E=ops@acme.example');
    assert.strictEqual(d.commonName, 'acme-dn-test');
  });
  it('validity dates of the other fixtures', () => {
    assert.strictEqual(single(decodeFile('acme-expired.cer')).notAfter.toISOString(), '2026-06-01T00:00:00.000Z');
    assert.strictEqual(single(decodeFile('acme-expiring.cer')).notAfter.toISOString(), '2026-12-10T00:00:00.000Z');
    assert.strictEqual(single(decodeFile('acme-future.cer')).notBefore.toISOString(), '2027-06-01T00:00:00.000Z');
  });
});

describe('certs/decode: private keys', () => {
  const withKey = text('client-with-key.pem');
  const keyBody = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(withKey)![1].replace(/\s/g, '');
  const keyDer = new Uint8Array(Buffer.from(keyBody, 'base64'));
  const leaks = (d: DecodedCertificates) => {
    const all = JSON.stringify({ errors: d.errors, certs: d.certificates.map((c) => ({ ...c, der: Buffer.from(c.der).toString('base64') })) });
    return all.includes(keyBody.slice(0, 40)) || all.includes(keyBody.slice(-40)) || all.includes(Buffer.from(keyDer).toString('hex').slice(0, 40));
  };

  it('flags a PEM private key next to the certificate and still decodes the certificate', () => {
    const d = decodeFile('client-with-key.pem');
    assert.strictEqual(d.hasPrivateKey, true);
    assert.deepStrictEqual(subjects(d), [CLIENT]);
    assert.strictEqual(d.certificates[0].source.index, 0);
    assert.ok(!leaks(d));
    assert.ok(!d.certificates[0].pem.includes('PRIVATE'));
  });
  for (const label of ['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']) {
    it(`detects the ${label} armour`, () => {
      const t = withKey.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, `-----$1 ${label}-----`);
      const d = decodeText(t);
      assert.strictEqual(d.hasPrivateKey, true);
      assert.deepStrictEqual(subjects(d), [CLIENT]);
      assert.ok(!leaks(d));
      const only = decodeText(t.slice(0, t.indexOf('-----BEGIN CERTIFICATE')));
      assert.strictEqual(only.hasPrivateKey, true);
      assert.strictEqual(only.certificates.length, 0);
      assert.strictEqual(only.errors.length, 1);
      assert.ok(!leaks(only));
    });
  }
  it('a certificate without a key has hasPrivateKey false', () => {
    assert.strictEqual(decodeFile('acme-client.pem').hasPrivateKey, false);
  });
  it('detects a DER PKCS#8 key and a base64 one, without leaking it', () => {
    for (const d of [decodeCertificates(keyDer, { file: 'k.der', kind: 'file' }), decodeText(keyBody)]) {
      assert.strictEqual(d.hasPrivateKey, true);
      assert.strictEqual(d.certificates.length, 0);
      assert.match(d.errors[0], /private key/);
      assert.ok(!leaks(d));
    }
  });
  it('PKCS#12 gives the clear error and hasPrivateKey', () => {
    const d = decodeFile('client.p12');
    assert.strictEqual(d.hasPrivateKey, true);
    assert.deepStrictEqual(d.errors, [PKCS12_MESSAGE]);
    assert.strictEqual(d.certificates.length, 0);
    assert.strictEqual(decodeText(Buffer.from(bytes('client.p12')).toString('base64')).errors[0], PKCS12_MESSAGE);
  });
});

describe('certs/decode: broken input gives errors, never throws', () => {
  const cases: [string, () => DecodedCertificates, RegExp][] = [
    ['truncated DER', () => decodeFile('truncated.cer'), /truncated or corrupt DER/],
    ['garbage bytes', () => decodeFile('garbage.bin'), /not certificate material/],
    ['wrong armour label', () => decodeFile('wrong-label.pem'), /labelled 'CERTIFICATE REQUEST', not CERTIFICATE/],
    ['mismatched END', () => decodeFile('mismatched-end.pem'), /closed by -----END X509 CRL-----/],
    ['empty string', () => decodeText(''), /no certificate found/],
    ['blank', () => decodeText('  \n\t '), /no certificate found/],
    ['empty bytes', () => decodeCertificates(new Uint8Array(0), { file: 'e', kind: 'file' }), /no certificate found/],
    ['a DN', () => decodeText('CN=acme-client, O=ACME, C=DE'), /not certificate material/],
    ['BEGIN without END', () => decodeText(text('acme-client.pem').replace('-----END CERTIFICATE-----', '')), /no -----END CERTIFICATE----- line/],
    ['empty armour', () => decodeText('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n'), /empty/],
    ['bad base64 length', () => decodeText('-----BEGIN CERTIFICATE-----\nMIIB\nM\n-----END CERTIFICATE-----'), /impossible length/],
    ['base64 garbage', () => decodeText('QUJD'), /not DER/],
    ['one byte', () => decodeCertificates(new Uint8Array([0x30]), { file: 'x', kind: 'file' }), /too short|truncated|not certificate/],
    ['SEQUENCE of junk', () => decodeCertificates(new Uint8Array([0x30, 3, 1, 1, 0]), { file: 'x', kind: 'file' }), /not a certificate/],
    ['certificate with a corrupt inner field', () => {
      const der = bytes('acme-client.cer');
      const serialAt = Buffer.from(der).indexOf(Buffer.from([0x02, 0x02, 0x30, 0x01])); // serial 0x3001
      assert.ok(serialAt > 0 && serialAt < 20);
      der[serialAt] = 0x05; // the serial INTEGER becomes a NULL
      return decodeCertificates(der, { file: 'x', kind: 'file' });
    }, /could not be read|not a certificate/],
    ['PKCS#7 with garbage inside', () => {
      const p7 = bytes('chain.p7b');
      for (let i = 40; i < p7.length; i += 7) p7[i] ^= 0x5a;
      return decodeCertificates(p7, { file: 'x', kind: 'file' });
    }, /PKCS#7|certificate/],
  ];
  for (const [name, run, re] of cases) {
    it(name, () => {
      let d: DecodedCertificates | undefined;
      assert.doesNotThrow(() => (d = run()));
      assert.ok(d!.errors.length >= 1, 'has an error');
      assert.match(d!.errors.join('\n'), re);
    });
  }
  it('names the failing block: certificate 2 of 3 / 3 of 3, and keeps the good one', () => {
    const d = decodeFile('garbage-in-armour.pem');
    assert.deepStrictEqual(subjects(d), [CLIENT]);
    assert.strictEqual(d.errors.length, 2);
    assert.match(d.errors[0], /^certificate 2 of 3: .*not base64/);
    assert.match(d.errors[1], /^certificate 3 of 3: /);
  });
  it('a bundle with one bad block in the middle keeps the indexes of the others', () => {
    const blocks = text('chain.pem').split(/(?<=-----END CERTIFICATE-----\n)/);
    blocks[1] = blocks[1].replace(/^M.*$/m, 'M!!!');
    const d = decodeText(blocks.join(''));
    assert.deepStrictEqual(subjects(d), [CLIENT, ROOT]);
    assert.deepStrictEqual(d.certificates.map((c) => c.source.index), [0, 2]);
    assert.match(d.errors[0], /^certificate 2 of 3: /);
  });
  it('refuses input over 10 MB at once, without reading it', () => {
    const bytes = new Uint8Array(MAX_INPUT_SIZE + 1);
    const { result: d } = assertWorkWithin('10 MB of bytes', 1000, () => decodeCertificates(bytes, { file: 'big', kind: 'file' }));
    assert.match(d.errors[0], /too large/);
    assert.strictEqual(d.certificates.length, 0);
    const big = 'A'.repeat(MAX_INPUT_SIZE + 1);
    const { result: s } = assertWorkWithin('10 MB of text', 1000, () => decodeText(big));
    assert.match(s.errors[0], /too large/);
  });
  it('a ~10 MB PEM bundle: every certificate read, linear work', function () {
    this.timeout(60_000);
    const pem = text('acme-client.pem');
    // Counted at 100 and 400 certificates (4× the bundle, about 4× the work), then read whole.
    assertLinearWork('a PEM bundle', (n) => pem.repeat(n), decodeText, 100);
    const big = pem.repeat(Math.floor((MAX_INPUT_SIZE - 1) / pem.length));
    const d = decodeText(big);
    assert.deepStrictEqual(d.errors, []);
    assert.strictEqual(d.certificates.length, Math.floor((MAX_INPUT_SIZE - 1) / pem.length));
  });
  it('10 MB of hostile PEM (BEGIN lines only, one huge garbage block): linear work, bounded errors', function () {
    this.timeout(60_000);
    const beginLines = (n: number): string => '-----BEGIN CERTIFICATE-----\n'.repeat(n);
    const garbageBlock = (n: number): string => '-----BEGIN CERTIFICATE-----\n' + 'QUJD'.repeat(n) + '\n-----END CERTIFICATE-----\n';
    assertLinearWork('BEGIN lines only', beginLines, decodeText, 10_000);
    assertLinearWork('one huge garbage block', garbageBlock, decodeText, 50_000);
    const d1 = decodeText(beginLines(Math.floor(MAX_INPUT_SIZE / 28)));
    assert.ok(d1.errors.length <= 51, `${d1.errors.length} errors`);
    assert.match(d1.errors[d1.errors.length - 1], /more problems/);
    const d2 = decodeText(garbageBlock((MAX_INPUT_SIZE - 100) / 4));
    assert.strictEqual(d2.errors.length, 1);
    assert.ok(d2.errors[0].length < 300, 'the error does not echo the input');
  });
});

describe('certs/decode: looksLikeCertificateMaterial', () => {
  it('true for PEM armour and base64 DER (certificate or PKCS#7)', () => {
    assert.strictEqual(looksLikeCertificateMaterial(text('acme-client.pem')), true);
    assert.strictEqual(looksLikeCertificateMaterial(text('chain-p7b.pem')), true);
    assert.strictEqual(looksLikeCertificateMaterial(text('acme-client.b64')), true);
    assert.strictEqual(looksLikeCertificateMaterial(Buffer.from(bytes('acme-client.cer')).toString('base64')), true);
  });
  it('false for DNs and other text', () => {
    for (const s of ['CN=x, O=y', 'CN=acme-client, O=ACME, C=DE', '', '   ', '{{client_dn}}', 'hello world',
      'CN=ACME Issuing CA,O=ACME,C=DE', 'QUJD', Buffer.from('not a der sequence at all, just text!').toString('base64')]) {
      assert.strictEqual(looksLikeCertificateMaterial(s), false, s);
    }
  });
});

describe('certs/decode: the strict reader', () => {
  /** acme-client.cer with the notAfter UTCTime "270301000000Z" replaced (same length). */
  const withNotAfter = (time: string): Uint8Array => {
    const der = Buffer.from(bytes('acme-client.cer'));
    const at = der.indexOf('270301000000Z', 0, 'latin1');
    assert.ok(at > 0);
    der.write(time, at, 'latin1');
    return new Uint8Array(der);
  };

  it('refuses impossible dates instead of rolling them over (month 99 of 2027 is not March 2035)', () => {
    for (const time of ['279901000000Z', '270230000000Z', '270301250000Z', '270301006000Z', '270300000000Z', '2703O1000000Z']) {
      const d = decodeCertificates(withNotAfter(time), { file: 'x.cer', kind: 'file' });
      assert.deepStrictEqual(d.certificates, [], time);
      assert.match(d.errors.join('\n'), /could not be read as X\.509: malformed certificate \(notAfter\)/, time);
    }
    assert.strictEqual(single(decodeCertificates(withNotAfter('280229235959Z'), { file: 'x.cer', kind: 'file' })).notAfter.toISOString(), '2028-02-29T23:59:59.000Z');
  });
});
