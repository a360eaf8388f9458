/**
 * The certificates of a PKCS#7 / CMS SignedData file (.p7b/.p7c, RFC 5652):
 *
 *   ContentInfo ::= SEQUENCE { contentType OID signedData, content [0] EXPLICIT SignedData }
 *   SignedData  ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
 *                              certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL,
 *                              crls [1] IMPLICIT … OPTIONAL, signerInfos SET }
 *
 * Read with our own bounded DER/BER reader instead of @peculiar/x509 (which, with its ASN.1 schema
 * machinery and reflect-metadata, was 240 KB of the extension's 380 KB bundle and most of its load
 * time). Certificates-only files are often BER with indefinite lengths, so those are followed here;
 * the certificates themselves must be DER. Nothing is verified: this only finds the certificates.
 */
import { readOid, readTlv, type Tlv } from './asn1';

export const OID_PKCS7_SIGNED = '1.2.840.113549.1.7.2';

/** Nesting deeper than this is refused (real files nest 4 levels down to a certificate). */
const MAX_DEPTH = 16;

export interface Pkcs7Contents {
  /** DER of each X.509 certificate, in file order. */
  certificates: Uint8Array[];
  /** What was skipped: other certificate choices (attribute certificates), BER-encoded certificates. */
  skipped: string[];
}

class Pkcs7Error extends Error {}

/** The offset just past `t`; for an indefinite length, past its end-of-contents octets. */
function endOf(bytes: Uint8Array, t: Tlv, depth: number): number {
  if (!t.indefinite) return t.end;
  if (depth > MAX_DEPTH) throw new Pkcs7Error('nested too deeply');
  let p = t.contentStart;
  while (p + 2 <= t.end) {
    if (bytes[p] === 0 && bytes[p + 1] === 0) return p + 2;
    const inner = readTlv(bytes, p, t.end);
    if (!inner) throw new Pkcs7Error('corrupt length');
    p = endOf(bytes, inner, depth + 1);
  }
  throw new Pkcs7Error('missing end-of-contents');
}

/** The elements inside `t` (at most `max`), each with `end` at the end of its contents. */
function elements(bytes: Uint8Array, t: Tlv, max: number, depth: number): Tlv[] {
  const out: Tlv[] = [];
  let p = t.contentStart;
  while (p < t.end && out.length < max) {
    if (t.indefinite && bytes[p] === 0 && bytes[p + 1] === 0) break;
    const e = readTlv(bytes, p, t.end);
    if (!e) throw new Pkcs7Error('corrupt length');
    const next = endOf(bytes, e, depth + 1);
    out.push(e.indefinite ? { ...e, end: next - 2 } : e);
    p = next;
  }
  return out;
}

function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new Pkcs7Error(`expected ${what}`);
  return t;
}

/**
 * Reads a DER or BER PKCS#7 SignedData. Returns at most `maxCertificates` certificates, or a message
 * saying why the structure is not that (never throws).
 */
export function readPkcs7(bytes: Uint8Array, maxCertificates: number): Pkcs7Contents | { error: string } {
  try {
    const top = readTlv(bytes, 0);
    if (!top && bytes[0] === 0x30) throw new Pkcs7Error('truncated');
    const contentInfo = expect(top, 0x30, 'a ContentInfo SEQUENCE');
    const [type, explicit] = elements(bytes, contentInfo, 2, 0);
    const oid = readOid(bytes, type);
    if (oid !== OID_PKCS7_SIGNED) throw new Pkcs7Error(`content of type ${oid ?? 'unknown'}, not signedData`);
    const [signedData] = elements(bytes, expect(explicit, 0xa0, 'the [0] content'), 1, 1);
    const fields = elements(bytes, expect(signedData, 0x30, 'a SignedData SEQUENCE'), 6, 2);
    expect(fields[0], 0x02, 'the SignedData version');
    expect(fields[1], 0x31, 'the digest algorithms');
    expect(fields[2], 0x30, 'the encapsulated content');
    const out: Pkcs7Contents = { certificates: [], skipped: [] };
    const set = fields[3]?.tag === 0xa0 ? fields[3] : undefined;
    if (!set) return out;
    elements(bytes, set, maxCertificates, 3).forEach((c, k) => {
      if (c.tag !== 0x30) out.skipped.push(`entry ${k + 1} is not an X.509 certificate (an attribute or other certificate)`);
      else if (c.indefinite) out.skipped.push(`certificate ${k + 1} uses indefinite-length BER, not DER`);
      else out.certificates.push(bytes.slice(c.start, c.end));
    });
    return out;
  } catch (e) {
    if (e instanceof Pkcs7Error) return { error: e.message };
    throw e;
  }
}
