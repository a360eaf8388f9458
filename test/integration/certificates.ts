// Certificates made at test time, relative to the real clock: the extension judges expiry at
// "now", so fixtures with fixed dates would drift from "expiring" to "expired".
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

// The Web Crypto API of the host (Node 20+ and browsers alike).
const webcrypto = globalThis.crypto;
x509.cryptoProvider.set(webcrypto);

const DAY = 24 * 60 * 60 * 1000;
const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

/** A CA-issued client certificate valid from `fromDays` to `toDays` relative to now, as PEM. */
export async function issueClientCertificate(subject: string, issuer: string, fromDays: number, toDays: number): Promise<string> {
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: `0${Math.floor(Math.random() * 1e9).toString(16)}`,
    subject,
    issuer,
    notBefore: new Date(now + fromDays * DAY),
    notAfter: new Date(now + toDays * DAY),
    signingAlgorithm: alg,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  return cert.toString('pem');
}

/**
 * A partner's renewal as a PEM bundle: a client certificate for `subject`, valid from `fromDays`
 * to `toDays` relative to now, and the issuing CA `issuer` that signed it (a new key, as after a
 * CA re-key; its own issuer, `CN=<issuer CN> Root`, is not included).
 */
export async function issueRenewalBundle(subject: string, issuer: string, fromDays: number, toDays: number): Promise<string> {
  const rootKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const serial = (): string => `0${Math.floor(Math.random() * 1e9).toString(16)}`;
  const ca = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: issuer, issuer: 'CN=Renewal Test Root, O=Test, C=DE',
    notBefore: new Date(now - 400 * DAY), notAfter: new Date(now + 3650 * DAY), signingAlgorithm: alg,
    publicKey: caKeys.publicKey, signingKey: rootKeys.privateKey,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject, issuer,
    notBefore: new Date(now + fromDays * DAY), notAfter: new Date(now + toDays * DAY), signingAlgorithm: alg,
    publicKey: keys.publicKey, signingKey: caKeys.privateKey,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
  });
  return `${leaf.toString('pem')}\n${ca.toString('pem')}\n`;
}

/**
 * A whole chain made at test time, as PEM each: a root CA (`CN=<name> Root CA`), an issuing CA
 * (`CN=<name> Issuing CA`) and a client certificate for `subject` valid from `fromDays` to `toDays`
 * relative to now.
 */
export async function issueChain(name: string, subject: string, fromDays: number, toDays: number): Promise<{ root: string; ca: string; leaf: string }> {
  const [rootKeys, caKeys, keys] = await Promise.all([0, 1, 2].map(() => webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']) as Promise<CryptoKeyPair>));
  const now = Date.now();
  const serial = (): string => `0${Math.floor(Math.random() * 1e9).toString(16)}`;
  const rootName = `CN=${name} Root CA, O=${name}, C=DE`;
  const caName = `CN=${name} Issuing CA, O=${name}, C=DE`;
  const ca = (isCA: boolean) => [new x509.BasicConstraintsExtension(isCA, undefined, true)];
  const root = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: rootName, issuer: rootName, notBefore: new Date(now - 800 * DAY), notAfter: new Date(now + 7300 * DAY),
    signingAlgorithm: alg, publicKey: rootKeys.publicKey, signingKey: rootKeys.privateKey,
    extensions: [...ca(true), await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey)],
  });
  const issuing = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: caName, issuer: rootName, notBefore: new Date(now - 700 * DAY), notAfter: new Date(now + 3650 * DAY),
    signingAlgorithm: alg, publicKey: caKeys.publicKey, signingKey: rootKeys.privateKey,
    extensions: [...ca(true), await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey), await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject, issuer: caName, notBefore: new Date(now + fromDays * DAY), notAfter: new Date(now + toDays * DAY),
    signingAlgorithm: alg, publicKey: keys.publicKey, signingKey: caKeys.privateKey,
    extensions: [...ca(false), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]), await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey)],
  });
  return { root: root.toString('pem'), ca: issuing.toString('pem'), leaf: leaf.toString('pem') };
}
