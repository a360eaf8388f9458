/** Certificate material: decoding, DN matching, the certificate index. Pure TypeScript. */
export { decodeCertificates, looksLikeCertificateMaterial, toPem, publicKeyInfo, MAX_INPUT_SIZE, PKCS12_MESSAGE } from './decode';
export type { DecodeSource } from './decode';
export { normalizeDN, dnEquals, parseDN, canonicalAttributeType } from './dn';
export type { DNAttribute } from './dn';
export { CertificateIndex } from './certificateIndex';
export type { CertificateInfo, CertificateSource, DecodedCertificates } from './types';
