/**
 * Hostile certificate material: truncated DER, base64 garbage inside PEM armour, a 10 MB PEM,
 * wrong armour labels, PKCS#12, PEM files that also hold a private key. Required: a clear
 * `invalid-certificate` finding or import error, work bounded by the input's size (counted, not
 * timed: test/unit/support/work.ts), and key material never written or printed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CertificateIndex } from '../../../src/core/certs/certificateIndex';
import { decodeCertificates, MAX_INPUT_SIZE } from '../../../src/core/certs/decode';
import { createRuleContext, defaultLintOptions, lintMapping } from '../../../src/core/engine';
import { applyFileEdit } from '../../../src/core/edits/types';
import { mergeIntoMapping } from '../../../src/core/mapping/merge';
import { readMappingFile } from '../../../src/core/mapping/read';
import { assertLinearWork, assertWorkPerChar, assertWorkWithin } from '../support/work';
import { assertNoKeyMaterial, CERTS, cli, IFLOW_PATH, iflowWith, NOW_ARG, PRIVATE_KEY_ARMOUR, snapshot, tempDir, writeTree } from './support';

const read = (f: string): Buffer => fs.readFileSync(path.join(CERTS, f));
const decode = (input: Uint8Array | string): ReturnType<typeof decodeCertificates> => decodeCertificates(input, { file: 'hostile.pem', kind: 'file' });

describe('security: hostile certificates', function () {
  this.timeout(60_000);

  const clientPem = read('acme-client.pem').toString('utf8');
  const cases: Array<[string, () => Uint8Array | string, RegExp]> = [
    ['truncated DER', () => new Uint8Array(read('acme-client.cer').subarray(0, 300)), /truncated|does not decode|not certificate|length/i],
    ['DER cut after the first byte', () => new Uint8Array([0x30]), /./],
    ['DER with a huge declared length', () => new Uint8Array([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]), /./],
    ['base64 garbage inside PEM armour', () => '-----BEGIN CERTIFICATE-----\n!!!not*base64###\n-----END CERTIFICATE-----\n', /base64/i],
    ['valid base64 of random bytes inside PEM armour', () => `-----BEGIN CERTIFICATE-----\n${Buffer.from('x'.repeat(600)).toString('base64')}\n-----END CERTIFICATE-----\n`, /./],
    ['wrong armour label', () => clientPem.replace(/CERTIFICATE/g, 'PUBLIC KEY'), /./],
    ['mismatched BEGIN/END labels', () => clientPem.replace('END CERTIFICATE', 'END X509 CRL'), /closed by|END/i],
    ['BEGIN without END', () => clientPem.replace(/-----END CERTIFICATE-----\s*$/, ''), /./],
    ['PKCS#12 file', () => new Uint8Array(read('client.p12')), /PKCS#12|private key/i],
    ['a long run of whitespace inside and outside armour (regex backtracking)', () => `-----BEGIN CERTIFICAT${' '.repeat(200_000)}E-----\n${' '.repeat(200_000)}!`, /./],
    ['unarmoured base64 with 200,000 spaces then garbage', () => `MIIB${' '.repeat(200_000)}!`, /./],
    ['NUL bytes and binary junk', () => new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff), /./],
  ];
  for (const [name, make, expected] of cases) {
    it(`${name}: no certificate, a clear reason, bounded work`, () => {
      const input = make();
      const { result: d } = assertWorkPerChar(name, input.length, () => decode(input));
      assert.strictEqual(d.certificates.length, 0, 'nothing decoded');
      assert.ok(d.errors.length > 0 && d.errors.length <= 50, `errors: ${d.errors.length}`);
      assert.match(d.errors.join('\n'), expected);
      for (const e of d.errors) assert.ok(e.length < 500, `short messages: ${e.length}`);
    });
  }

  it('a 10 MB PEM bundle is read with linear work; anything over the input limit is refused, not read', () => {
    assertLinearWork('a PEM bundle', (n) => clientPem.repeat(n), decode, 100);
    let bundle = '';
    while (bundle.length < 10 * 1024 * 1024 - clientPem.length) bundle += clientPem;
    const d = decode(bundle);
    assert.ok(d.certificates.length > 1000);
    const tooBig = bundle + clientPem.repeat(Math.ceil((MAX_INPUT_SIZE - bundle.length) / clientPem.length) + 2);
    const { result: over } = assertWorkWithin('over the limit', 1000, () => decode(tooBig));
    assert.strictEqual(over.certificates.length, 0);
    assert.match(over.errors.join(), /large|limit|MB/i);
  });

  it('a PEM that also holds a private key: the certificate is read, the key flagged and never copied', () => {
    const d = decode(read('client-with-key.pem'));
    assert.strictEqual(d.hasPrivateKey, true);
    assert.strictEqual(d.certificates.length, 1);
    for (const c of d.certificates) assertNoKeyMaterial(`${c.pem}\n${JSON.stringify({ ...c, der: undefined })}`, 'decoded certificate');
    assertNoKeyMaterial(d.errors.join('\n'), 'decode errors');
  });

  it('a mapping entry holding a private key: invalid-certificate on the value, the key not echoed', () => {
    const withKey = read('client-with-key.pem').toString('utf8');
    const text = JSON.stringify({ mappings: [{ user: 'U', roles: ['R'], certificate: withKey }] }, null, 2);
    const mapping = readMappingFile(text, 'certificate-user-mappings.json');
    const findings = lintMapping(mapping, createRuleContext(defaultLintOptions(new Date('2026-11-27T00:00:00Z')), new CertificateIndex(), mapping));
    const invalid = findings.filter((f) => f.rule === 'invalid-certificate');
    assert.strictEqual(invalid.length, 1);
    assert.match(invalid[0].message, /private key/);
    assertNoKeyMaterial(JSON.stringify(findings), 'findings');
  });

  it('importing from a PEM with a private key into the mapping file writes only the certificate', () => {
    const d = decode(read('client-with-key.pem'));
    const cert = d.certificates[0];
    const usage = { iflow: `Orders/${IFLOW_PATH}/Orders.iflw`, channel: 'HTTPS_In' };
    const draft = { user: 'ACME', roles: ['Orders.send'], certificate: cert.pem, subjectDN: cert.subject, issuerDN: cert.issuer, notAfter: cert.notAfter.toISOString(), usedBy: [usage] };
    // Into a new file and into an existing one.
    const created = mergeIntoMapping(undefined, 'certificate-user-mappings.json', [draft]);
    assert.ok(created.ok);
    const existing = readMappingFile(fs.readFileSync(path.join(CERTS, '../../../examples/certificate-user-mappings.json'), 'utf8'), 'm.json');
    const merged = mergeIntoMapping(existing, 'm.json', [draft]);
    assert.ok(merged.ok);
    for (const r of [created, merged]) {
      if (!r.ok) continue;
      const written = applyFileEdit(r.edit);
      assert.ok(written.includes('BEGIN CERTIFICATE'));
      assertNoKeyMaterial(written, 'mapping file text');
    }
  });

  it('the CLI over hostile certificate files: clear notes, the run continues, nothing written, no key printed', async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeTree(dir, {
        'certificates/truncated.cer': new Uint8Array(read('acme-client.cer').subarray(0, 200)),
        'certificates/garbage.pem': '-----BEGIN CERTIFICATE-----\n!!!###\n-----END CERTIFICATE-----\n',
        'certificates/wrong-label.pem': clientPem.replace(/CERTIFICATE/g, 'RSA PUBLIC KEY'),
        'certificates/client.p12.pem': read('client.p12'),
        'certificates/with-key.pem': read('client-with-key.pem'),
        'certificates/key-only.pem': /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----\n/.exec(read('client-with-key.pem').toString('utf8'))![0],
        'certificates/big.pem': `${'A'.repeat(10 * 1024 * 1024)}`,
        [`Orders/${IFLOW_PATH}/Orders.iflw`]: iflowWith([['senderAuthType', 'ClientCertificate'], ['clientCertificates', "&lt;row&gt;&lt;cell id='clientCertificate.subjectDN'&gt;CN=acme-client, O=ACME, C=DE&lt;/cell&gt;&lt;cell id='clientCertificate.issuerDN'&gt;CN=ACME Issuing CA, O=ACME, C=DE&lt;/cell&gt;&lt;/row&gt;"]]),
      });
      const before = snapshot(dir);
      for (const format of ['text', 'json', 'sarif']) {
        const r = await cli(['lint', NOW_ARG, '--format', format, '.'], dir);
        assert.strictEqual(r.code, 1, r.err);
        assert.ok(r.out.includes('client-certificate-authorization'), 'the iFlow was still linted');
        for (const f of ['truncated.cer', 'garbage.pem', 'wrong-label.pem', 'key-only.pem', 'big.pem']) assert.ok(r.err.includes(f), `a note names ${f}: ${r.err}`);
        assertNoKeyMaterial(r.out, `stdout (${format})`);
        assertNoKeyMaterial(r.err, `stderr (${format})`);
      }
      assert.deepStrictEqual(snapshot(dir), before, 'lint writes nothing');
      assert.ok(PRIVATE_KEY_ARMOUR.test(before.get('certificates/with-key.pem')!.toString()), 'the scanner would see a key');
    } finally {
      cleanup();
    }
  });
});
