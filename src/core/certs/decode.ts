/**
 * Decoding of certificate material: PEM (one or many blocks), PEM/DER PKCS#7, DER certificates
 * and base64 DER without armour. Synchronous, never throws, bounded work, and never copies private
 * key material anywhere (only `hasPrivateKey` says it was there).
 *
 * Pure TypeScript: no 'vscode', no Node built-ins (runs in a browser too).
 */
import { sha256 } from '@noble/hashes/sha2';
import { md5 } from '@noble/hashes/legacy';
import type { TextRange } from '../model';
import { children, integerBitLength, readOid, readSmallInt, readTlv, type Tlv } from './asn1';
import { normalizeDN } from './dn';
import { OID_PKCS7_SIGNED, readPkcs7 } from './pkcs7';
import { base64Decode, isBase64Text, toColonHex, toHex, toPem } from './encoding';
import type { CertificateInfo, CertificateSource, DecodedCertificates } from './types';
import {
  authorityKeyId,
  basicConstraintsCA,
  extendedKeyUsageOids,
  keyUsageNames,
  parseCertificate,
  subjectKeyId,
} from './x509';

export { toPem } from './encoding';

/** Inputs larger than this are refused without being read. */
export const MAX_INPUT_SIZE = 10 * 1024 * 1024;
/** At most this many certificates are decoded from one input; the rest are reported. */
export const MAX_CERTIFICATES = 10000;
/** At most this many error messages are returned (then one summary line). */
export const MAX_ERRORS = 50;

export const PKCS12_MESSAGE =
  'PKCS#12 (.p12/.pfx) holds a private key; export only the certificate (.cer/.pem)';

export interface DecodeSource {
  file: string;
  kind: CertificateSource['kind'];
  range?: TextRange;
}

const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const PKCS7_LABELS = new Set(['PKCS7', 'PKCS #7 SIGNED DATA', 'CMS']);

function isPrivateKeyLabel(label: string): boolean {
  return /PRIVATE KEY/.test(label) || label === 'PKCS12';
}

/** A label as shown in a message: only harmless characters, bounded length. */
function showLabel(label: string): string {
  const clean = label.replace(/[^A-Za-z0-9 #._-]/g, '?');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

/** Library error text, without anything that could be encoded data, bounded. */
function sanitize(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const clean = msg
    .replace(/[A-Za-z0-9+/=_-]{24,}/g, '…')
    .replace(/[^\x20-\x7e]/g, ' ')
    .trim();
  return clean.length > 160 ? clean.slice(0, 160) + '…' : clean || 'unknown error';
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Records a problem; beyond MAX_ERRORS only counts it (the message is not even built). */
function fail(ctx: Ctx, message: string | (() => string)): void {
  if (ctx.out.errors.length < MAX_ERRORS) ctx.out.errors.push(typeof message === 'string' ? message : message());
  else ctx.suppressed++;
}

interface Ctx {
  source: DecodeSource;
  out: DecodedCertificates;
  /** Next source index (position within the file). */
  index: number;
  /** The certificate limit was reported. */
  limitReported?: boolean;
  /** Problems beyond MAX_ERRORS (counted, not recorded). */
  suppressed: number;
}

/**
 * Decodes every certificate in `input`. Errors are readable messages (which block, what is wrong);
 * the certificates that did decode are still returned.
 */
export function decodeCertificates(input: Uint8Array | string, source: DecodeSource): DecodedCertificates {
  const out: DecodedCertificates = { certificates: [], errors: [], hasPrivateKey: false };
  const ctx: Ctx = { source, out, index: 0, suppressed: 0 };
  try {
    if (input == null) {
      out.errors.push('no certificate found (empty input)');
      return out;
    }
    if (input.length > MAX_INPUT_SIZE) {
      out.errors.push(
        `input is too large (${formatSize(input.length)}; at most 10 MB is read): not read as certificate material`,
      );
      return out;
    }
    if (typeof input === 'string') {
      decodeText(input, ctx);
    } else {
      if (input.length && input[0] === 0x30 && (readTlv(input, 0) || looksBinary(input))) {
        decodeDer(input, ctx, '', false);
      } else if (looksBinary(input)) {
        out.errors.push('not certificate material: binary data that is neither DER nor text (expected PEM, DER or base64 DER)');
      } else {
        decodeText(utf8.decode(input), ctx);
      }
    }
    if (ctx.suppressed > 0) out.errors.push(`…and ${ctx.suppressed} more problems`);
    if (!out.certificates.length && !out.errors.length) {
      out.errors.push(out.hasPrivateKey ? 'no certificate found (only a private key, which was ignored)' : 'no certificate found');
    }
  } catch (e) {
    out.errors.push(`could not read certificate material: ${sanitize(e)}`);
  }
  return out;
}

function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${n} bytes`;
}

function isWhitespaceByte(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** Heuristic: NUL bytes or many control bytes in the first 1 KB mean binary, not text. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x20 && !isWhitespaceByte(b) && b !== 0x0c) control++;
  }
  return control > n / 20;
}

function decodeText(text: string, ctx: Ctx): void {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.indexOf('-----BEGIN') >= 0) {
    decodePem(text, ctx);
    return;
  }
  const trimmed = text.trim();
  if (!trimmed) {
    fail(ctx, 'no certificate found (empty input)');
    return;
  }
  if (isBase64Text(trimmed)) {
    const bytes = base64Decode(trimmed);
    if (typeof bytes === 'string') {
      fail(ctx, `not certificate material: ${describeBase64Error(bytes)}`);
      return;
    }
    decodeDer(bytes, ctx, '', false);
    return;
  }
  fail(
    ctx,
    'not certificate material: expected PEM (-----BEGIN CERTIFICATE-----), DER, PKCS#7 or base64 DER',
  );
}

function describeBase64Error(e: string): string {
  switch (e) {
    case 'invalid-character':
      return 'the base64 text holds characters that are not base64';
    case 'bad-length':
      return 'the base64 text has an impossible length (truncated?)';
    default:
      return 'the base64 text is empty';
  }
}

interface PemBlock {
  label: string;
  endLabel?: string;
  /** Offset of the BEGIN line / just after the END line in the text. */
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
}

/** Finds BEGIN/END blocks in one linear pass (an END pairs with the BEGIN before it). */
function findPemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { label: string; start: number; bodyStart: number } | undefined;
  let pos = 0;
  for (;;) {
    const at = text.indexOf('-----', pos);
    if (at < 0) break;
    const isBegin = text.startsWith('BEGIN ', at + 5);
    const isEnd = !isBegin && text.startsWith('END ', at + 5);
    if (!isBegin && !isEnd) {
      pos = at + 5;
      continue;
    }
    const labelStart = at + 5 + (isBegin ? 6 : 4);
    const close = text.indexOf('-----', labelStart);
    const label = close >= 0 && close - labelStart <= 80 ? text.slice(labelStart, close) : undefined;
    if (label === undefined || /[\r\n]/.test(label)) {
      pos = labelStart;
      continue;
    }
    const markerEnd = close + 5;
    if (isBegin) {
      if (open) blocks.push({ label: open.label, start: open.start, bodyStart: open.bodyStart, end: at, bodyEnd: at });
      open = { label: label.trim(), start: at, bodyStart: markerEnd };
    } else if (open) {
      blocks.push({ label: open.label, start: open.start, bodyStart: open.bodyStart, endLabel: label.trim(), end: markerEnd, bodyEnd: at });
      open = undefined;
    }
    pos = markerEnd;
  }
  if (open) blocks.push({ label: open.label, start: open.start, bodyStart: open.bodyStart, end: text.length, bodyEnd: text.length });
  return blocks;
}

/** Base64 body of a PEM block without RFC 1421 headers (`Proc-Type: …`). */
function pemBody(text: string, b: PemBlock): string {
  const body = text.slice(b.bodyStart, b.bodyEnd);
  return body.indexOf(':') >= 0 ? body.replace(/^[ \t]*[A-Za-z][A-Za-z0-9-]*:[^\r\n]*(?:\r?\n[ \t]+[^\r\n]*)*/gm, '') : body;
}

function decodePem(text: string, ctx: Ctx): void {
  const blocks = findPemBlocks(text);
  if (!blocks.length) {
    fail(ctx, 'no PEM block found (a -----BEGIN line is malformed)');
    return;
  }
  const certBlocks = blocks.filter((b) => CERT_LABELS.has(b.label)).length;
  let certNo = 0;
  let pkcs7No = 0;
  let blockNo = 0;
  for (const b of blocks) {
    blockNo++;
    const range = ctx.source.range ?? { start: b.start, end: b.end };
    if (isPrivateKeyLabel(b.label)) {
      ctx.out.hasPrivateKey = true;
      continue; // never decoded, never copied
    }
    let where: string;
    if (CERT_LABELS.has(b.label)) {
      certNo++;
      where = certBlocks > 1 ? `certificate ${certNo} of ${certBlocks}: ` : '';
    } else if (PKCS7_LABELS.has(b.label)) {
      pkcs7No++;
      where = `PKCS#7 block ${pkcs7No}: `;
    } else {
      fail(
        ctx,
        `PEM block ${blockNo} is labelled '${showLabel(b.label)}', not CERTIFICATE or PKCS7: not read`,
      );
      continue;
    }
    if (b.endLabel === undefined) {
      ctx.index++;
      fail(ctx, () => `${where || 'certificate: '}no -----END ${showLabel(b.label)}----- line (truncated?)`);
      continue;
    }
    if (b.endLabel !== b.label) {
      ctx.index++;
      fail(
        ctx,
        `${where || 'certificate: '}-----BEGIN ${showLabel(b.label)}----- is closed by -----END ${showLabel(b.endLabel)}-----`,
      );
      continue;
    }
    const bytes = base64Decode(pemBody(text, b));
    if (typeof bytes === 'string') {
      ctx.index++;
      fail(ctx, `${where || 'certificate: '}${describeBase64Error(bytes)}`);
      continue;
    }
    decodeDer(bytes, ctx, where, b.label === 'TRUSTED CERTIFICATE', range);
  }
}

/** What a DER blob is, from its outer structure only. */
type DerKind = 'certificate' | 'pkcs7' | 'pkcs7-other' | 'pkcs12' | 'private-key' | 'unknown';

function classify(bytes: Uint8Array, t: Tlv): { kind: DerKind; oid?: string } {
  const k = children(bytes, t, 4);
  if (!k.length) return { kind: 'unknown' };
  if (k[0].tag === 0x06) {
    const oid = readOid(bytes, k[0]);
    if (oid === OID_PKCS7_SIGNED) return { kind: 'pkcs7' };
    return { kind: 'pkcs7-other', oid };
  }
  if (k[0].tag === 0x30 && k[1]?.tag === 0x30 && k[2]?.tag === 0x03) return { kind: 'certificate' };
  if (k[0].tag === 0x02) {
    const v = readSmallInt(bytes, k[0]);
    if (v === 3 && k[1]?.tag === 0x30) {
      const inner = children(bytes, k[1], 2);
      const oid = readOid(bytes, inner[0]);
      if (oid === OID_PKCS7_DATA || oid === OID_PKCS7_SIGNED) return { kind: 'pkcs12' };
    }
    // PKCS#8 PrivateKeyInfo / OneAsymmetricKey: version, AlgorithmIdentifier, OCTET STRING
    if ((v === 0 || v === 1) && k[1]?.tag === 0x30 && k[2]?.tag === 0x04) return { kind: 'private-key' };
    // PKCS#1 RSAPrivateKey: version 0, modulus, …
    if (v === 0 && k[1]?.tag === 0x02 && k[2]?.tag === 0x02) return { kind: 'private-key' };
    // SEC 1 ECPrivateKey: version 1, OCTET STRING privateKey, …
    if (v === 1 && k[1]?.tag === 0x04) return { kind: 'private-key' };
  }
  // EncryptedPrivateKeyInfo: AlgorithmIdentifier, OCTET STRING
  if (k.length === 2 && k[0].tag === 0x30 && k[1].tag === 0x04) return { kind: 'private-key' };
  return { kind: 'unknown' };
}

/** Explains why the DER header does not fit the data (without any of the data). */
function derHeaderProblem(bytes: Uint8Array): string {
  if (bytes.length < 2) return 'too short to be DER';
  if (bytes[0] !== 0x30) return 'not DER: does not start with an ASN.1 SEQUENCE';
  const first = bytes[1];
  if (first < 0x80) return `truncated or corrupt DER (the header says ${first} bytes, ${bytes.length - 2} present)`;
  const nb = first & 0x7f;
  if (nb > 4 || 2 + nb > bytes.length) return 'corrupt DER (bad length header)';
  let len = 0;
  for (let k = 0; k < nb; k++) len = len * 256 + bytes[2 + k];
  return `truncated or corrupt DER (the header says ${len} bytes, ${bytes.length - 2 - nb} present)`;
}

function decodeDer(
  bytes: Uint8Array,
  ctx: Ctx,
  where: string,
  trailingAllowed: boolean,
  range?: TextRange,
): void {
  range = range ?? ctx.source.range;
  const t = readTlv(bytes, 0);
  if (!t || t.tag !== 0x30) {
    ctx.index++;
    fail(ctx, `${where}${derHeaderProblem(bytes)}`);
    return;
  }
  const { kind, oid } = classify(bytes, t);
  switch (kind) {
    case 'pkcs12':
      ctx.out.hasPrivateKey = true;
      fail(ctx, `${where}${PKCS12_MESSAGE}`);
      return;
    case 'private-key':
      ctx.out.hasPrivateKey = true;
      fail(ctx, `${where}this is a private key, not a certificate (it was ignored); export only the certificate (.cer/.pem)`);
      return;
    case 'pkcs7':
      decodePkcs7(bytes.subarray(0, t.indefinite ? bytes.length : t.end), ctx, where, range);
      return;
    case 'pkcs7-other':
      ctx.index++;
      fail(ctx, `${where}PKCS#7/CMS content of type ${oid ?? 'unknown'} holds no certificates (expected signedData)`);
      return;
    case 'certificate':
      if (t.indefinite) {
        ctx.index++;
        fail(ctx, `${where}certificate uses indefinite-length BER, not DER`);
        return;
      }
      addCertificate(bytes.slice(0, t.end), ctx, where, range);
      if (t.end < bytes.length && !trailingAllowed && !allZero(bytes, t.end)) {
        fail(ctx, `${where}${bytes.length - t.end} unexpected bytes after the certificate were ignored`);
      }
      return;
    default:
      ctx.index++;
      fail(ctx, `${where}not a certificate (the DER structure is not an X.509 certificate, PKCS#7 or PKCS#12)`);
  }
}

function allZero(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function decodePkcs7(bytes: Uint8Array, ctx: Ctx, where: string, range?: TextRange): void {
  const read = readPkcs7(bytes, MAX_CERTIFICATES + 1);
  if ('error' in read) {
    ctx.index++;
    fail(ctx, `${where}PKCS#7 could not be read: ${read.error}`);
    return;
  }
  for (const problem of read.skipped) fail(ctx, `${where}PKCS#7 ${problem}: skipped`);
  const n = read.certificates.length;
  if (!n) {
    if (!read.skipped.length) fail(ctx, `${where}PKCS#7 holds no certificates`);
    return;
  }
  read.certificates.forEach((der, k) => addCertificate(der, ctx, `${where}${n > 1 ? `PKCS#7 certificate ${k + 1} of ${n}: ` : ''}`, range));
}

function addCertificate(der: Uint8Array, ctx: Ctx, where: string, range: TextRange | undefined): void {
  const index = ctx.index++;
  if (ctx.out.certificates.length >= MAX_CERTIFICATES) {
    if (!ctx.limitReported) {
      ctx.limitReported = true;
      fail(ctx, `more than ${MAX_CERTIFICATES} certificates: the rest were not read`);
    }
    return;
  }
  try {
    const source: CertificateSource = { file: ctx.source.file, index, kind: ctx.source.kind };
    if (range) source.range = { start: range.start, end: range.end };
    ctx.out.certificates.push(certificateInfo(der, source));
  } catch (e) {
    fail(ctx, `${where || 'certificate: '}could not be read as X.509: ${sanitize(e)}`);
  }
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.5': 'ipsecEndSystem',
  '1.3.6.1.5.5.7.3.6': 'ipsecTunnel',
  '1.3.6.1.5.5.7.3.7': 'ipsecUser',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '1.3.6.1.5.5.7.3.17': 'ipsecIKE',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.4.1.311.20.2.2': 'smartcardLogon',
  '1.3.6.1.4.1.311.10.3.4': 'encryptedFileSystem',
};

const CURVE_BITS: Record<string, [string, number]> = {
  '1.2.840.10045.3.1.7': ['P-256', 256],
  '1.3.132.0.34': ['P-384', 384],
  '1.3.132.0.35': ['P-521', 521],
  '1.3.132.0.10': ['secp256k1', 256],
  '1.2.840.10045.3.1.1': ['P-192', 192],
  '1.3.132.0.33': ['P-224', 224],
  '1.3.36.3.3.2.8.1.1.7': ['brainpoolP256r1', 256],
  '1.3.36.3.3.2.8.1.1.11': ['brainpoolP384r1', 384],
  '1.3.36.3.3.2.8.1.1.13': ['brainpoolP512r1', 512],
};

/** Key type and size from a DER SubjectPublicKeyInfo. */
export function publicKeyInfo(spki: Uint8Array): { keyType: string; keySize?: number } {
  const top = readTlv(spki, 0);
  if (!top || top.tag !== 0x30) return { keyType: 'unknown' };
  const [alg, bits] = children(spki, top, 2);
  if (!alg || alg.tag !== 0x30) return { keyType: 'unknown' };
  const [oidTlv, params] = children(spki, alg, 2);
  const oid = readOid(spki, oidTlv) ?? 'unknown';
  const rsaModulusBits = (): number | undefined => {
    if (!bits || bits.tag !== 0x03) return undefined;
    // BIT STRING: one "unused bits" octet, then RSAPublicKey SEQUENCE { modulus, exponent }
    const seq = readTlv(spki, bits.contentStart + 1, bits.end);
    if (!seq || seq.tag !== 0x30) return undefined;
    const [mod] = children(spki, seq, 1);
    return mod && mod.tag === 0x02 ? integerBitLength(spki, mod) : undefined;
  };
  switch (oid) {
    case '1.2.840.113549.1.1.1':
      return { keyType: 'RSA', keySize: rsaModulusBits() };
    case '1.2.840.113549.1.1.10':
      return { keyType: 'RSA-PSS', keySize: rsaModulusBits() };
    case '1.2.840.10045.2.1': {
      const curve = params ? readOid(spki, params) : undefined;
      const known = curve ? CURVE_BITS[curve] : undefined;
      return { keyType: 'EC', keySize: known?.[1] };
    }
    case '1.3.101.112':
      return { keyType: 'Ed25519', keySize: 256 };
    case '1.3.101.113':
      return { keyType: 'Ed448', keySize: 448 };
    case '1.3.101.110':
      return { keyType: 'X25519', keySize: 256 };
    case '1.3.101.111':
      return { keyType: 'X448', keySize: 448 };
    case '1.2.840.10040.4.1': {
      // DSA: size of p in the parameters
      if (params && params.tag === 0x30) {
        const [p] = children(spki, params, 1);
        if (p && p.tag === 0x02) return { keyType: 'DSA', keySize: integerBitLength(spki, p) };
      }
      return { keyType: 'DSA' };
    }
    default:
      return { keyType: oid };
  }
}

function normalizeSerial(hex: string): string {
  let s = hex.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (s.length % 2) s = '0' + s;
  while (s.length > 2 && s.startsWith('00')) s = s.slice(2);
  return s;
}

/**
 * Builds the CertificateInfo of one DER certificate (throws when it cannot be parsed). No lenient
 * second reader: a certificate the strict DER reader refuses is malformed, and saying so beats
 * reading it leniently (@peculiar/x509 took month 99 of 2027 for March 2035).
 */
function certificateInfo(der: Uint8Array, source: CertificateSource): CertificateInfo {
  const c = parseCertificate(der);
  const ext = (oid: string) => c.extensions.get(oid)?.value;
  const ku = ext('2.5.29.15');
  const eku = ext('2.5.29.37');
  const bc = ext('2.5.29.19');
  const ski = ext('2.5.29.14');
  const aki = ext('2.5.29.35');
  const subjectKey = normalizeDN(c.subject);
  const issuerKey = normalizeDN(c.issuer);
  const akiId = aki ? authorityKeyId(aki)?.toLowerCase() : undefined;
  const skiId = ski ? subjectKeyId(ski)?.toLowerCase() : undefined;
  // Semantic self-signed test without signature verification (synchronous): same name, and no
  // authority key id or one that names this certificate's own key.
  const selfSigned = subjectKey === issuerKey && (!akiId || akiId === skiId);
  const { keyType, keySize } = publicKeyInfo(c.spki);
  const info: CertificateInfo = {
    subject: c.subject,
    issuer: c.issuer,
    subjectKey,
    issuerKey,
    serialNumber: normalizeSerial(c.serialHex),
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    sha256: toColonHex(sha256(der)),
    md5: toHex(md5(der)),
    keyType,
    keyUsage: ku ? keyUsageNames(ku) : [],
    extendedKeyUsage: eku ? extendedKeyUsageOids(eku).map((u) => EKU_NAMES[u] ?? u) : [],
    selfSigned,
    isCA: bc ? basicConstraintsCA(bc) : false,
    der,
    pem: toPem(der),
    source,
  };
  if (c.subjectCommonNames.length) info.commonName = c.subjectCommonNames[0];
  if (skiId) info.subjectKeyId = skiId;
  if (akiId) info.authorityKeyId = akiId;
  if (keySize !== undefined) info.keySize = keySize;
  return info;
}

/**
 * True when `text` is certificate material rather than a DN: PEM armour, or a base64 string that
 * decodes to a DER SEQUENCE. `CN=x, O=y` is false.
 */
export function looksLikeCertificateMaterial(text: string): boolean {
  if (typeof text !== 'string') return false;
  if (/-----BEGIN [A-Z0-9 #]{1,80}-----/.test(text)) return true;
  const t = text.trim();
  if (t.length < 44 || t.length > MAX_INPUT_SIZE) return false;
  if (!/^[A-Za-z0-9+/\s]+={0,2}$/.test(t)) return false;
  const bytes = base64Decode(t);
  if (typeof bytes === 'string' || bytes.length < 32 || bytes[0] !== 0x30) return false;
  const first = bytes[1];
  if (first < 0x80) return true;
  const nb = first & 0x7f;
  return nb >= 1 && nb <= 4;
}
