import type { TextRange } from '../model';

/** Where a certificate was found: a file in the workspace, a mapping entry, or an iFlow cell. */
export interface CertificateSource {
  /** Path (or URI string) of the file holding it. */
  file: string;
  /** Position within a bundle / PKCS#7 / mapping (0-based). */
  index: number;
  /** Range in the file's text, where known (PEM block, mapping entry, iFlow cell). */
  range?: TextRange;
  kind: 'file' | 'mapping' | 'embedded';
}

/** Everything the rules, hovers and the tree need to know about one X.509 certificate. */
export interface CertificateInfo {
  /** Subject DN as the certificate renders it (RFC 4514 style, e.g. `CN=acme, O=ACME, C=DE`). */
  subject: string;
  issuer: string;
  /** Normalized DN keys (see normalizeDN), used for matching. */
  subjectKey: string;
  issuerKey: string;
  /** The subject's CN, if any. */
  commonName?: string;
  /** Hex, lower case, no separators. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER, upper-case hex pairs separated by ':' (as browsers and keytool show it). */
  sha256: string;
  /** Lower-case hex MD5 of the DER: the Id SAP Neo gives a certificate-user mapping. */
  md5: string;
  /** e.g. 'RSA', 'EC', 'Ed25519'. */
  keyType: string;
  /** Bits for RSA, curve size for EC; undefined when unknown. */
  keySize?: number;
  /** e.g. ['digitalSignature', 'keyEncipherment']; empty when the extension is absent. */
  keyUsage: string[];
  /** Names or OIDs, e.g. ['clientAuth', 'serverAuth']; empty when the extension is absent. */
  extendedKeyUsage: string[];
  selfSigned: boolean;
  /** subjectKeyIdentifier, lower-case hex; undefined when the extension is absent. */
  subjectKeyId?: string;
  /** keyIdentifier of the authorityKeyIdentifier, lower-case hex; undefined when absent. */
  authorityKeyId?: string;
  /** basicConstraints cA=true. */
  isCA: boolean;
  der: Uint8Array;
  /** PEM text of this one certificate (`-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n`). */
  pem: string;
  source: CertificateSource;
}

/** What decoding a file (or a string) of certificate material produced. */
export interface DecodedCertificates {
  certificates: CertificateInfo[];
  /** Readable messages for parts that did not decode; the decoded ones are still returned. */
  errors: string[];
  /** The input also held private key material (never copied anywhere). */
  hasPrivateKey: boolean;
}
