/**
 * A small, fast, synchronous X.509 reader for the fields CertificateInfo needs. It exists because
 * the general ASN.1 machinery of @peculiar/x509 costs ~2 ms per certificate, which makes a 10 MB
 * PEM bundle take many seconds; this reader costs a few microseconds. Names are rendered exactly
 * like @peculiar/x509's `Name.toString()` (tests compare the two on every fixture). Strict DER:
 * throws on malformed input, and the caller reports the certificate as unreadable.
 */
import { children, decodeAsn1String, latin1, readOid, readTlv, type Tlv } from './asn1';
import { toHex } from './encoding';

export interface ParsedExtension {
  critical: boolean;
  /** Contents of the extnValue OCTET STRING. */
  value: Uint8Array;
}

export interface ParsedCertificate {
  subject: string;
  issuer: string;
  /** Values of the subject's CN attributes, in encoded order. */
  subjectCommonNames: string[];
  /** Lower-case hex of the serial INTEGER's content octets. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  extensions: Map<string, ParsedExtension>;
}

class X509Error extends Error {}

function need(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag || t.indefinite) throw new X509Error(`malformed certificate (${what})`);
  return t;
}

/** Attribute type short names, as @peculiar/x509 renders them. */
const NAME_TYPES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.4': 'SN',
  '2.5.4.12': 'T',
};

/**
 * A directory string value as @peculiar/x509 renders it; undefined for the types it renders as
 * `#hex` (a VisibleString among them).
 */
function decodeString(tag: number, b: Uint8Array): string | undefined {
  return tag === 0x1a ? undefined : decodeAsn1String(tag, b);
}

/** Same escaping as @peculiar/x509's Name.toString(). */
function escapeValue(v: string): string {
  return v
    .replace(/([,+"\\<>;])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/([ ]$)/, '\\$1')
    .replace(/([\r\n\t])/, (c) => '\\' + toHex(new Uint8Array([c.charCodeAt(0)])).toUpperCase());
}

function renderName(der: Uint8Array, name: Tlv, cns?: string[]): string {
  const rdns: string[] = [];
  for (const set of children(der, name, 1024)) {
    need(set, 0x31, 'name');
    const attrs: string[] = [];
    for (const atv of children(der, set, 64)) {
      need(atv, 0x30, 'name attribute');
      const [typeTlv, valueTlv] = children(der, atv, 2);
      const oid = readOid(der, typeTlv);
      if (!oid || !valueTlv) throw new X509Error('malformed certificate (name attribute)');
      const type = NAME_TYPES[oid] ?? oid;
      const str = decodeString(valueTlv.tag, der.subarray(valueTlv.contentStart, valueTlv.end));
      attrs.push(`${type}=${str === undefined ? '#' + toHex(der.subarray(valueTlv.start, valueTlv.end)) : escapeValue(str)}`);
      if (cns && oid === '2.5.4.3' && str !== undefined) cns.push(str);
    }
    rdns.push(attrs.join('+'));
  }
  return rdns.join(', ');
}

function parseTime(der: Uint8Array, t: Tlv | undefined, what: string): Date {
  if (!t || (t.tag !== 0x17 && t.tag !== 0x18)) throw new X509Error(`malformed certificate (${what})`);
  const s = latin1(der.subarray(t.contentStart, t.end));
  const m =
    t.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{4})?$/.exec(s);
  if (!m) throw new X509Error(`malformed certificate (${what})`);
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  // Date.UTC rolls impossible values over (month 99 of 2027 is March 2035): refuse them instead.
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) throw new X509Error(`malformed certificate (${what})`);
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) throw new X509Error(`malformed certificate (${what})`);
  const zone = m[7];
  if (zone && zone !== 'Z') {
    const off = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60000;
    ms -= zone[0] === '+' ? off : -off;
  }
  const d = new Date(ms);
  if (isNaN(d.getTime())) throw new X509Error(`malformed certificate (${what})`);
  return d;
}

/** Parses one DER certificate (exactly one TLV spanning `der`). */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const top = need(readTlv(der, 0), 0x30, 'outer SEQUENCE');
  const [tbs, sigAlg, sig] = children(der, top, 3);
  need(tbs, 0x30, 'tbsCertificate');
  need(sigAlg, 0x30, 'signatureAlgorithm');
  need(sig, 0x03, 'signature');
  const f = children(der, tbs, 16);
  let i = 0;
  if (f[i]?.tag === 0xa0) i++; // version
  const serial = need(f[i++], 0x02, 'serial number');
  need(f[i++], 0x30, 'signature algorithm');
  const issuer = need(f[i++], 0x30, 'issuer');
  const validity = need(f[i++], 0x30, 'validity');
  const subject = need(f[i++], 0x30, 'subject');
  const spki = need(f[i++], 0x30, 'subject public key info');
  const extensions = new Map<string, ParsedExtension>();
  for (; i < f.length; i++) {
    if (f[i].tag !== 0xa3) continue; // issuerUniqueID / subjectUniqueID
    const [seq] = children(der, f[i], 1);
    need(seq, 0x30, 'extensions');
    for (const ext of children(der, seq, 256)) {
      need(ext, 0x30, 'extension');
      const parts = children(der, ext, 3);
      const oid = readOid(der, parts[0]);
      let critical = false;
      let k = 1;
      if (parts[k]?.tag === 0x01) {
        critical = der[parts[k].contentStart] !== 0;
        k++;
      }
      const value = need(parts[k], 0x04, 'extension value');
      if (oid && !extensions.has(oid)) extensions.set(oid, { critical, value: der.subarray(value.contentStart, value.end) });
    }
  }
  const [nb, na] = children(der, validity, 2);
  const cns: string[] = [];
  return {
    issuer: renderName(der, issuer),
    subject: renderName(der, subject, cns),
    subjectCommonNames: cns,
    serialHex: toHex(der.subarray(serial.contentStart, serial.end)),
    notBefore: parseTime(der, nb, 'notBefore'),
    notAfter: parseTime(der, na, 'notAfter'),
    spki: der.subarray(spki.start, spki.end),
    extensions,
  };
}

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/** Names of the bits set in a keyUsage extension value (a BIT STRING). */
export function keyUsageNames(value: Uint8Array): string[] {
  const t = need(readTlv(value, 0), 0x03, 'keyUsage');
  const bytes = value.subarray(t.contentStart + 1, t.end); // skip the unused-bits octet
  const out: string[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bytes[bit >> 3];
    if (byte !== undefined && byte & (0x80 >> (bit & 7))) out.push(name);
  });
  return out;
}

/** OIDs of an extKeyUsage extension value (SEQUENCE OF OID). */
export function extendedKeyUsageOids(value: Uint8Array): string[] {
  const t = need(readTlv(value, 0), 0x30, 'extKeyUsage');
  return children(value, t, 64)
    .map((o) => readOid(value, o))
    .filter((o): o is string => !!o);
}

/** basicConstraints cA flag. */
export function basicConstraintsCA(value: Uint8Array): boolean {
  const t = need(readTlv(value, 0), 0x30, 'basicConstraints');
  const [first] = children(value, t, 1);
  return !!first && first.tag === 0x01 && value[first.contentStart] !== 0;
}

/** Hex of a subjectKeyIdentifier extension value (an OCTET STRING). */
export function subjectKeyId(value: Uint8Array): string | undefined {
  const t = readTlv(value, 0);
  return t && t.tag === 0x04 ? toHex(value.subarray(t.contentStart, t.end)) : undefined;
}

/** Hex of the keyIdentifier [0] of an authorityKeyIdentifier extension value, if present. */
export function authorityKeyId(value: Uint8Array): string | undefined {
  const t = readTlv(value, 0);
  if (!t || t.tag !== 0x30) return undefined;
  const first = children(value, t, 3).find((c) => c.tag === 0x80);
  return first ? toHex(value.subarray(first.contentStart, first.end)) : undefined;
}

/** The parts of a certificate a signature check needs. */
export interface SignedParts {
  /** DER of tbsCertificate: the bytes the issuer signed. */
  tbs: Uint8Array;
  /** signatureAlgorithm OID. */
  algorithm: string;
  /** DER of the algorithm's parameters (RSASSA-PSS), if any. */
  parameters?: Uint8Array;
  /** The signatureValue BIT STRING's bits. */
  signature: Uint8Array;
  /** DER SubjectPublicKeyInfo of this certificate (the key it signs its children with). */
  spki: Uint8Array;
}

/** Reads the signed parts of a DER certificate; undefined when it is not shaped like one. */
export function signedParts(der: Uint8Array): SignedParts | undefined {
  const top = readTlv(der, 0);
  if (!top || top.tag !== 0x30 || top.indefinite) return undefined;
  const [tbs, alg, sig] = children(der, top, 3);
  if (tbs?.tag !== 0x30 || alg?.tag !== 0x30 || sig?.tag !== 0x03 || sig.end - sig.contentStart < 2) return undefined;
  const [oid, params] = children(der, alg, 2);
  const algorithm = readOid(der, oid);
  if (!algorithm) return undefined;
  const fields = children(der, tbs, 8);
  let i = fields[0]?.tag === 0xa0 ? 1 : 0;
  i += 5; // serial, signature, issuer, validity, subject
  const spki = fields[i];
  if (spki?.tag !== 0x30) return undefined;
  return {
    tbs: der.subarray(tbs.start, tbs.end),
    algorithm,
    parameters: params && params.tag !== 0x05 ? der.subarray(params.start, params.end) : undefined,
    signature: der.subarray(sig.contentStart + 1, sig.end),
    spki: der.subarray(spki.start, spki.end),
  };
}

/** The subjectPublicKey bits of a DER SubjectPublicKeyInfo (what a key identifier hashes). */
export function publicKeyBits(spki: Uint8Array): Uint8Array | undefined {
  const top = readTlv(spki, 0);
  if (!top || top.tag !== 0x30) return undefined;
  const [, bits] = children(spki, top, 2);
  return bits && bits.tag === 0x03 && bits.end > bits.contentStart ? spki.subarray(bits.contentStart + 1, bits.end) : undefined;
}

/** The DER SubjectPublicKeyInfo of a certificate; undefined when it cannot be read. */
export function subjectPublicKeyInfoOf(der: Uint8Array): Uint8Array | undefined {
  try {
    return parseCertificate(der).spki;
  } catch {
    return undefined;
  }
}
