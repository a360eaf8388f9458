/**
 * Certificate chains made at test time with real keys and signatures (Node's Web Crypto through
 * @peculiar/x509): roots, intermediates, leaves, and the hostile variants (forged issuer names,
 * garbage key ids, loops). Nothing here is committed as a fixture.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'crypto';
import { decodeCertificates } from '../../../src/core/certs/decode';
import type { CertificateInfo } from '../../../src/core/certs/types';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const subtle = webcrypto.subtle as unknown as SubtleCrypto;

export type KeyKind = 'rsa' | 'rsa-pss' | 'p256' | 'p384';

const KEY_ALGORITHMS: Record<KeyKind, RsaHashedKeyGenParams | EcKeyGenParams> = {
  rsa: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 },
  'rsa-pss': { name: 'RSA-PSS', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 },
  p256: { name: 'ECDSA', namedCurve: 'P-256' },
  p384: { name: 'ECDSA', namedCurve: 'P-384' },
};

const SIGNING: Record<KeyKind, Algorithm | RsaPssParams | EcdsaParams> = {
  rsa: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm,
  'rsa-pss': { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } as RsaPssParams,
  p256: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  p384: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams,
};

export interface Keys {
  kind: KeyKind;
  pair: CryptoKeyPair;
}

export async function keys(kind: KeyKind = 'p256'): Promise<Keys> {
  return { kind, pair: (await subtle.generateKey(KEY_ALGORITHMS[kind], true, ['sign', 'verify'])) as CryptoKeyPair };
}

/** A made certificate: its keys (to issue more), the library object and what our decoder reads. */
export interface Made {
  keys: Keys;
  cert: x509.X509Certificate;
  info: CertificateInfo;
  pem: string;
  der: Uint8Array;
}

let serial = 1000;

export interface IssueOptions {
  subject: string;
  /** The issuing certificate; omitted: self-signed. */
  issuer?: Made;
  /** Keys of the new certificate (default: fresh P-256). */
  keys?: Keys;
  ca?: boolean;
  /** Extended key usages; null: no extension at all. Default: clientAuth for leaves, none for CAs. */
  eku?: string[] | null;
  notBefore?: string;
  notAfter?: string;
  /** Sign with these keys instead of the issuer's (a forged issuer name). */
  signWith?: Keys;
  /** The Issuer DN written, instead of the issuer's subject. */
  issuerName?: string;
  /** Authority key id written (hex); null: none. Default: the issuer's subject key id. */
  authorityKeyId?: string | null;
  /** Subject key id written (hex); null: none. Default: derived from the key. */
  subjectKeyId?: string | null;
  file?: string;
}

/** Issues one certificate (a root when no issuer is given). */
export async function issue(o: IssueOptions): Promise<Made> {
  const own = o.keys ?? (await keys('p256'));
  const signer = o.signWith ?? o.issuer?.keys ?? own;
  const ca = o.ca ?? false;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(ca, undefined, true),
    new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature, true),
  ];
  if (o.subjectKeyId !== null) {
    extensions.push(o.subjectKeyId ? new x509.SubjectKeyIdentifierExtension(o.subjectKeyId) : await x509.SubjectKeyIdentifierExtension.create(own.pair.publicKey));
  }
  const issuerSki = o.issuer ? o.issuer.info.subjectKeyId : undefined;
  const selfIssued = !o.issuer && !o.issuerName;
  const aki = o.authorityKeyId === null ? undefined : o.authorityKeyId ?? issuerSki ?? (selfIssued ? (await x509.SubjectKeyIdentifierExtension.create(own.pair.publicKey)).keyId : undefined);
  if (aki) extensions.push(new x509.AuthorityKeyIdentifierExtension(aki));
  const eku = o.eku === undefined ? (ca ? null : [x509.ExtendedKeyUsage.clientAuth]) : o.eku;
  if (eku) extensions.push(new x509.ExtendedKeyUsageExtension(eku, false));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(4, '0'),
    subject: o.subject,
    issuer: o.issuerName ?? o.issuer?.cert.subject ?? o.subject,
    notBefore: new Date(o.notBefore ?? '2025-01-01T00:00:00Z'),
    notAfter: new Date(o.notAfter ?? '2030-01-01T00:00:00Z'),
    publicKey: own.pair.publicKey,
    signingKey: signer.pair.privateKey,
    signingAlgorithm: SIGNING[signer.kind],
    extensions,
  });
  const der = new Uint8Array(cert.rawData);
  const decoded = decodeCertificates(der, { file: o.file ?? `${o.subject}.cer`, kind: 'file' });
  if (!decoded.certificates[0]) throw new Error(`test certificate ${o.subject} did not decode: ${decoded.errors.join('; ')}`);
  return { keys: own, cert, info: decoded.certificates[0], pem: cert.toString('pem'), der };
}

/** root → intermediate → leaf, all with `kind` keys. */
export async function threeLevels(name: string, kind: KeyKind = 'p256', leaf: Partial<IssueOptions> = {}): Promise<{ root: Made; intermediate: Made; leaf: Made }> {
  const root = await issue({ subject: `CN=${name} Root CA, O=${name}, C=DE`, keys: await keys(kind), ca: true, notAfter: '2045-01-01T00:00:00Z' });
  const intermediate = await issue({ subject: `CN=${name} Issuing CA, O=${name}, C=DE`, issuer: root, keys: await keys(kind), ca: true, notAfter: '2040-01-01T00:00:00Z' });
  const made = await issue({ subject: `CN=${name.toLowerCase()}-client, O=${name}, C=DE`, issuer: intermediate, keys: await keys(kind), ...leaf });
  return { root, intermediate, leaf: made };
}

/** PEM text of several certificates, as a bundle file holds them. */
export const bundle = (...made: Made[]): string => made.map((m) => m.pem.replace(/\r\n/g, '\n').replace(/\n?$/, '\n')).join('');

/** A PKCS#7 (certs-only SignedData) of the certificates, DER. */
export function pkcs7(...made: Made[]): Uint8Array {
  return new Uint8Array(new x509.X509Certificates(made.map((m) => m.cert)).export('raw'));
}
