#!/usr/bin/env node
// Generates the X.509 test fixtures under test/fixtures/certs/ (see its README.md).
//
//   node scripts/make-test-certs.mjs                 every fixture
//   node scripts/make-test-certs.mjs --only-chains   only test/fixtures/certs/chains/ (the others keep their bytes)
//
// Keys are random on every run, so re-running changes the bytes (and fingerprints) but not the
// names, serial numbers or validity dates. Tests must only rely on those, or compute fingerprints
// from the committed files. Private keys are NOT written, except the deliberate throwaway key in
// client-with-key.pem (a private-key-detection fixture).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

x509.cryptoProvider.set(webcrypto);
const crypto = webcrypto;

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'certs');
mkdirSync(outDir, { recursive: true });

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const KU = x509.KeyUsageFlags;
const d = (s) => new Date(s + 'T00:00:00Z');

const rsaKeys = () => crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);
const ecKeys = () => crypto.subtle.generateKey(EC, true, ['sign', 'verify']);

async function issue({ subject, issuer, issuerKeys, keys, serial, notBefore, notAfter, ca = false, pathLength, eku, ku, authorityKeyId }) {
  const extensions = [
    new x509.BasicConstraintsExtension(ca, pathLength, true),
    new x509.KeyUsagesExtension(ku ?? (ca ? KU.keyCertSign | KU.cRLSign : KU.digitalSignature | KU.keyEncipherment), true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    authorityKeyId ? new x509.AuthorityKeyIdentifierExtension(authorityKeyId) : await x509.AuthorityKeyIdentifierExtension.create(issuerKeys.publicKey),
  ];
  if (eku) extensions.push(new x509.ExtendedKeyUsageExtension(eku, false));
  return x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject,
    issuer,
    notBefore: d(notBefore),
    notAfter: d(notAfter),
    publicKey: keys.publicKey,
    signingKey: issuerKeys.privateKey,
    signingAlgorithm: issuerKeys.privateKey.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : RSA,
    extensions,
  });
}

const CLIENT = [x509.ExtendedKeyUsage.clientAuth];
const der = (c) => new Uint8Array(c.rawData);
const b64 = (bytes, width = 64) => Buffer.from(bytes).toString('base64').replace(new RegExp(`(.{${width}})`, 'g'), '$1\n').replace(/\n$/, '');
const pem = (label, bytes) => `-----BEGIN ${label}-----\n${b64(bytes)}\n-----END ${label}-----\n`;

/**
 * test/fixtures/certs/chains/: a private CA's chain the SAP load balancer does not trust, and
 * certificates of a stand-in "public TLS CA" issued under the name and key id of a real public
 * root (signed by a throwaway key: the root is not held, so only its name and key id are judged).
 */
async function writeChains() {
  const dir = join(outDir, 'chains');
  mkdirSync(dir, { recursive: true });
  const put = (name, ...certs) => writeFileSync(join(dir, name), certs.map((c) => pem('CERTIFICATE', der(c))).join(''));
  const umbrellaRootKeys = await rsaKeys();
  const umbrellaRoot = await issue({
    subject: 'CN=Umbrella Root CA, O=Umbrella Corporation, C=US', issuer: 'CN=Umbrella Root CA, O=Umbrella Corporation, C=US',
    issuerKeys: umbrellaRootKeys, keys: umbrellaRootKeys, serial: '5000', notBefore: '2024-01-01', notAfter: '2044-01-01', ca: true,
  });
  const umbrellaIssuingKeys = await ecKeys();
  const umbrellaIssuing = await issue({
    subject: 'CN=Umbrella Issuing CA, O=Umbrella Corporation, C=US', issuer: umbrellaRoot.subject,
    issuerKeys: umbrellaRootKeys, keys: umbrellaIssuingKeys, serial: '5001', notBefore: '2024-01-01', notAfter: '2039-01-01', ca: true, pathLength: 0,
  });
  const umbrellaPayments = await issue({
    subject: 'CN=umbrella-payments, O=Umbrella Corporation, C=US', issuer: umbrellaIssuing.subject, issuerKeys: umbrellaIssuingKeys,
    keys: await ecKeys(), serial: '5002', notBefore: '2026-06-01', notAfter: '2027-06-01', eku: CLIENT, ku: KU.digitalSignature,
  });
  // USERTrust RSA Certification Authority: a public TLS root in SAP's BTP trust store and Neo's list.
  const userTrust = { subject: 'CN=USERTrust RSA Certification Authority, O=The USERTRUST Network, L=Jersey City, ST=New Jersey, C=US', keyId: '5379bf5aaa2b4acf5480e1d89bc09df2b20366cb' };
  const standInKeys = await rsaKeys();
  const publicIssuing = await issue({
    subject: 'CN=Example Public TLS CA 2025, O=Example Trust Services, C=US', issuer: userTrust.subject, issuerKeys: await rsaKeys(),
    authorityKeyId: userTrust.keyId, keys: standInKeys, serial: '6000', notBefore: '2025-01-01', notAfter: '2035-01-01', ca: true, pathLength: 0,
  });
  const byPublic = { issuer: publicIssuing.subject, issuerKeys: standInKeys };
  const globexPayments = await issue({ ...byPublic, keys: await rsaKeys(), subject: 'CN=globex-payments, O=Globex Corporation, C=US', serial: '6001', notBefore: '2026-05-15', notAfter: '2027-05-15', eku: CLIENT });
  const hooliPayments = await issue({ ...byPublic, keys: await rsaKeys(), subject: 'CN=hooli-payments, O=Hooli, C=US', serial: '6002', notBefore: '2026-06-01', notAfter: '2027-06-01' });
  put('umbrella-payments.pem', umbrellaPayments);
  put('umbrella-chain.pem', umbrellaIssuing, umbrellaRoot);
  put('public-ca-issuing.pem', publicIssuing);
  put('globex-payments.pem', globexPayments);
  put('hooli-payments.pem', hooliPayments);
  writeFileSync(join(dir, 'README.md'), `# Chain test certificates

Generated by \`node scripts/make-test-certs.mjs --only-chains\` (do not edit by hand; re-running makes
new keys). No private key is written.

| file | subject | issuer | validity | EKU |
|---|---|---|---|---|
${[['umbrella-payments.pem', umbrellaPayments], ['umbrella-chain.pem', umbrellaIssuing], ['umbrella-chain.pem', umbrellaRoot], ['public-ca-issuing.pem', publicIssuing], ['globex-payments.pem', globexPayments], ['hooli-payments.pem', hooliPayments]]
    .map(([f, c]) => `| \`${f}\` | \`${c.subject}\` | \`${c.issuer}\` | ${c.notBefore.toISOString().slice(0, 10)} to ${c.notAfter.toISOString().slice(0, 10)} | ${c.getExtension(x509.ExtendedKeyUsageExtension) ? 'clientAuth' : '—'} |`).join('\n')}

- \`umbrella-*\`: a private CA (root → issuing CA → leaf) that the SAP load balancer does not trust
  (\`untrusted-root-ca\`); \`umbrella-chain.pem\` is the bundle of the issuing CA and the root.
- \`public-ca-issuing.pem\` is a **stand-in** for a public TLS CA: it names *USERTrust RSA
  Certification Authority* (a public root SAP trusts) as its issuer, with that root's key identifier,
  but was signed by a throwaway key. The root itself is not held, so a chain through it is judged by
  the root's subject DN and key identifier, as for any trusted root the tool does not hold.
  \`globex-payments.pem\` (clientAuth, renewed after May 2026: \`client-auth-eku-phaseout\`) and
  \`hooli-payments.pem\` (no extended key usage: \`certificate-not-for-client-auth\`, info) are its leaves.
`);
}

if (process.argv.includes('--only-chains')) {
  await writeChains();
  console.log(`wrote ${join(outDir, 'chains')}`);
  process.exit(0);
}
await writeChains();

const rootKeys = await rsaKeys();
const root = await issue({
  subject: 'CN=ACME Root CA, O=ACME, C=DE', issuer: 'CN=ACME Root CA, O=ACME, C=DE',
  issuerKeys: rootKeys, keys: rootKeys, serial: '1000', notBefore: '2025-01-01', notAfter: '2045-01-01', ca: true,
});
const interKeys = await rsaKeys();
const inter = await issue({
  subject: 'CN=ACME Issuing CA, O=ACME, C=DE', issuer: root.subject,
  issuerKeys: rootKeys, keys: interKeys, serial: '2000', notBefore: '2025-01-01', notAfter: '2040-01-01', ca: true, pathLength: 0,
});
const byInter = { issuer: inter.subject, issuerKeys: interKeys };

const clientKeys = await rsaKeys();
const certs = {
  'root-ca': root,
  'issuing-ca': inter,
  'acme-client': await issue({ ...byInter, keys: clientKeys, subject: 'CN=acme-client, O=ACME, C=DE', serial: '3001', notBefore: '2026-01-01', notAfter: '2027-03-01', eku: CLIENT }),
  'acme-expired': await issue({ ...byInter, keys: await rsaKeys(), subject: 'CN=acme-expired, O=ACME, C=DE', serial: '3002', notBefore: '2025-06-01', notAfter: '2026-06-01', eku: CLIENT }),
  'acme-expiring': await issue({ ...byInter, keys: await rsaKeys(), subject: 'CN=acme-expiring, O=ACME, C=DE', serial: '3003', notBefore: '2025-12-10', notAfter: '2026-12-10', eku: CLIENT }),
  'acme-future': await issue({ ...byInter, keys: await rsaKeys(), subject: 'CN=acme-future, O=ACME, C=DE', serial: '3004', notBefore: '2027-06-01', notAfter: '2028-06-01', eku: CLIENT }),
  'acme-server-only': await issue({ ...byInter, keys: await rsaKeys(), subject: 'CN=acme-server-only, O=ACME, C=DE', serial: '3005', notBefore: '2026-01-01', notAfter: '2027-03-01', eku: [x509.ExtendedKeyUsage.serverAuth] }),
  'acme-ec-client': await issue({ ...byInter, keys: await ecKeys(), subject: 'CN=acme-ec-client, O=ACME, C=DE', serial: '3006', notBefore: '2026-01-01', notAfter: '2027-03-01', eku: CLIENT, ku: KU.digitalSignature }),
  // X.500 order (C first, as openssl writes it), an emailAddress, ST and an escaped comma in O.
  'acme-dn': await issue({ ...byInter, keys: await rsaKeys(), subject: 'C=DE, ST=Bavaria, O=ACME\\, Inc., CN=acme-dn-test, E=ops@acme.example', serial: '3007', notBefore: '2026-01-01', notAfter: '2027-03-01', eku: CLIENT }),
};
const ssKeys = await rsaKeys();
certs['selfsigned-client'] = await issue({
  subject: 'CN=selfsigned-client, O=Partner GmbH, C=DE', issuer: 'CN=selfsigned-client, O=Partner GmbH, C=DE',
  issuerKeys: ssKeys, keys: ssKeys, serial: '4001', notBefore: '2026-01-01', notAfter: '2028-01-01', eku: CLIENT,
});

const write = (name, data) => writeFileSync(join(outDir, name), data);

for (const [name, cert] of Object.entries(certs)) {
  write(`${name}.cer`, der(cert));
  write(`${name}.pem`, pem('CERTIFICATE', der(cert)));
}
const client = certs['acme-client'];
// .crt: PEM with CRLF line endings.
write('acme-client.crt', pem('CERTIFICATE', der(client)).replace(/\n/g, '\r\n'));
// Base64 DER without armour, wrapped at 76 columns.
write('acme-client.b64', b64(der(client), 76) + '\n');
// openssl pkcs12 -nokeys style output: bag attributes and subject/issuer lines before the block.
write('acme-client-bag.pem',
  'Bag Attributes\n    localKeyID: 01 02 03 04\n    friendlyName: acme-client\n' +
  'subject=C = DE, O = ACME, CN = acme-client\n\nissuer=C = DE, O = ACME, CN = ACME Issuing CA\n\n' +
  pem('CERTIFICATE', der(client)));
// Other accepted labels.
write('acme-client-x509-label.pem', pem('X509 CERTIFICATE', der(client)));
// Chain: leaf, intermediate, root.
const chain = [client, inter, root];
write('chain.pem', chain.map((c) => pem('CERTIFICATE', der(c))).join(''));
const p7 = new Uint8Array(new x509.X509Certificates(chain).export('raw'));
write('chain.p7b', p7);
write('chain.p7c', p7);
write('chain-p7b.pem', pem('PKCS7', p7));

// Deliberate throwaway private key + certificate (private-key detection fixture only).
const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', clientKeys.privateKey));
write('client-with-key.pem', pem('PRIVATE KEY', pkcs8) + pem('CERTIFICATE', der(client)));

// PKCS#12-shaped DER (no real key inside): PFX { version 3, ContentInfo { id-data, [0] OCTET STRING }, MacData }.
function tlv(tag, ...parts) {
  const body = Buffer.concat(parts.map((p) => Buffer.from(p)));
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}
const oidData = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
const oidSha256 = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
const filler = Buffer.alloc(300, 0x42);
write('client.p12', tlv(0x30,
  [0x02, 0x01, 0x03],
  tlv(0x30, oidData, tlv(0xa0, tlv(0x04, tlv(0x30, tlv(0x30, oidData, tlv(0xa0, tlv(0x04, filler))))))),
  tlv(0x30, tlv(0x30, tlv(0x30, oidSha256, [0x05, 0x00]), tlv(0x04, Buffer.alloc(32, 0x11))), tlv(0x04, Buffer.alloc(8, 0x22)), [0x02, 0x02, 0x08, 0x00])));

// Broken inputs.
write('truncated.cer', der(client).slice(0, Math.floor(der(client).length * 0.6)));
write('garbage-in-armour.pem',
  pem('CERTIFICATE', der(client)) +
  '-----BEGIN CERTIFICATE-----\nThis is *not* base64 at all!\n-----END CERTIFICATE-----\n' +
  pem('CERTIFICATE', new Uint8Array(Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff))));
write('wrong-label.pem', pem('CERTIFICATE REQUEST', der(client)));
write('mismatched-end.pem', `-----BEGIN CERTIFICATE-----\n${b64(der(client))}\n-----END X509 CRL-----\n`);
write('garbage.bin', new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) & 0xff)));

// README.
const fmt = (dt) => dt.toISOString().slice(0, 10);
const rows = Object.entries(certs).map(([name, c]) => {
  const eku = c.getExtension(x509.ExtendedKeyUsageExtension);
  const names = { '1.3.6.1.5.5.7.3.1': 'serverAuth', '1.3.6.1.5.5.7.3.2': 'clientAuth' };
  return `| \`${name}\` | \`${c.subject}\` | \`${c.issuer}\` | ${c.serialNumber} | ${fmt(c.notBefore)} | ${fmt(c.notAfter)} | ${
    c.publicKey.algorithm.name === 'ECDSA' ? 'EC P-256' : 'RSA 2048'} | ${eku ? eku.usages.map((u) => names[u] ?? u).join(', ') : '—'} |`;
}).join('\n');
write('README.md', `# Test certificates

Generated by \`node scripts/make-test-certs.mjs\` (do not edit by hand). Re-running makes new keys,
so bytes and fingerprints change; names, serial numbers and validity dates stay the same. Dates are
absolute (tests inject "now"), so these certificates stay usable for testing forever.

No private keys are committed, **except** the deliberate throwaway key in \`client-with-key.pem\`
(a private-key-detection fixture; it belongs to \`acme-client\` and protects nothing).

## Certificates

Each certificate is written as \`<name>.cer\` (DER) and \`<name>.pem\` (PEM).

| name | subject | issuer | serial | notBefore | notAfter | key | EKU |
|---|---|---|---|---|---|---|---|
${rows}

All validity times are 00:00:00 UTC. \`root-ca\` and \`issuing-ca\` are CA certificates
(basicConstraints cA=true; \`issuing-ca\` has pathLen 0); all others have cA=false. \`root-ca\` and
\`selfsigned-client\` are self-signed (subject = issuer, AKI key id = SKI). \`acme-dn\` is encoded in
X.500 order (C first), with an \`emailAddress\` (rendered \`E=\`), \`ST\` and \`O=ACME\\, Inc.\`.

## Other files

| file | what |
|---|---|
| \`acme-client.crt\` | \`acme-client\` as PEM with CRLF line endings |
| \`acme-client.b64\` | \`acme-client\` DER as base64 without armour, wrapped at 76 columns |
| \`acme-client-bag.pem\` | \`acme-client\` PEM preceded by openssl "Bag Attributes" / subject= / issuer= text |
| \`acme-client-x509-label.pem\` | \`acme-client\` with the \`X509 CERTIFICATE\` label |
| \`chain.pem\` | PEM bundle: \`acme-client\`, \`issuing-ca\`, \`root-ca\` |
| \`chain.p7b\`, \`chain.p7c\` | the same chain as DER PKCS#7 (certs-only SignedData) |
| \`chain-p7b.pem\` | the same PKCS#7 as PEM (\`-----BEGIN PKCS7-----\`) |
| \`client-with-key.pem\` | a PKCS#8 \`PRIVATE KEY\` block (throwaway) followed by \`acme-client\` |
| \`client.p12\` | PKCS#12-shaped DER (PFX version 3, id-data content, MacData); holds no real key |
| \`truncated.cer\` | the first 60% of \`acme-client.cer\` |
| \`garbage-in-armour.pem\` | three CERTIFICATE blocks: 1 valid (\`acme-client\`), 2 not base64, 3 base64 of non-DER bytes |
| \`wrong-label.pem\` | \`acme-client\` DER under a \`CERTIFICATE REQUEST\` label |
| \`mismatched-end.pem\` | \`BEGIN CERTIFICATE\` closed by \`END X509 CRL\` |
| \`garbage.bin\` | 512 bytes of non-DER, non-text data |
| \`chains/\` | chains for the load balancer's trust: see \`chains/README.md\` |
`);
console.log(`wrote ${outDir}`);
