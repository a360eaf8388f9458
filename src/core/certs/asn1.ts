/**
 * A minimal, bounded DER/BER TLV reader: enough to classify certificate material (certificate,
 * PKCS#7, PKCS#12, private key) and to read a SubjectPublicKeyInfo, without trusting lengths.
 */

export interface Tlv {
  /** The first identifier octet (class, constructed bit and low tag number). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the contents. */
  contentStart: number;
  /** Offset just after the contents (for indefinite length: the end of the available input). */
  end: number;
  /** Length was encoded in indefinite form (BER). */
  indefinite: boolean;
}

/** Reads one TLV at `offset`; returns undefined when the header is malformed or runs past `limit`. */
export function readTlv(bytes: Uint8Array, offset = 0, limit = bytes.length): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) return undefined; // high tag numbers never occur in what we read
  let p = offset + 1;
  const first = bytes[p++];
  let len = 0;
  let indefinite = false;
  if (first < 0x80) {
    len = first;
  } else if (first === 0x80) {
    indefinite = true;
  } else {
    const nb = first & 0x7f;
    if (nb > 4 || p + nb > limit) return undefined;
    for (let k = 0; k < nb; k++) len = len * 256 + bytes[p++];
  }
  if (indefinite) return { tag, start: offset, contentStart: p, end: limit, indefinite };
  if (p + len > limit) return undefined;
  return { tag, start: offset, contentStart: p, end: p + len, indefinite };
}

/** The children of a constructed TLV (stops at the first malformed one or an end-of-contents). */
export function children(bytes: Uint8Array, parent: Tlv, max = 16): Tlv[] {
  const out: Tlv[] = [];
  let p = parent.contentStart;
  while (p < parent.end && out.length < max) {
    if (bytes[p] === 0 && bytes[p + 1] === 0) break; // end-of-contents (BER)
    const t = readTlv(bytes, p, parent.end);
    if (!t) break;
    out.push(t);
    if (t.indefinite) break;
    p = t.end;
  }
  return out;
}

/** Dotted-decimal text of an OBJECT IDENTIFIER TLV (tag 0x06); undefined if not one. */
export function readOid(bytes: Uint8Array, t: Tlv | undefined): string | undefined {
  if (!t || t.tag !== 0x06 || t.indefinite || t.end - t.contentStart > 64) return undefined;
  const parts: number[] = [];
  let v = 0;
  for (let p = t.contentStart; p < t.end; p++) {
    v = v * 128 + (bytes[p] & 0x7f);
    if (!(bytes[p] & 0x80)) {
      if (!parts.length) {
        const first = v < 80 ? Math.floor(v / 40) : 2;
        parts.push(first, v - first * 40);
      } else {
        parts.push(v);
      }
      v = 0;
    }
  }
  return parts.join('.');
}

/** Small INTEGER value (up to 4 bytes), else undefined. */
export function readSmallInt(bytes: Uint8Array, t: Tlv | undefined): number | undefined {
  if (!t || t.tag !== 0x02 || t.indefinite) return undefined;
  const len = t.end - t.contentStart;
  if (len < 1 || len > 4) return undefined;
  let v = 0;
  for (let p = t.contentStart; p < t.end; p++) v = v * 256 + bytes[p];
  return v;
}

/** Bit length of an unsigned big INTEGER TLV (leading zero octets ignored). */
export function integerBitLength(bytes: Uint8Array, t: Tlv): number {
  let p = t.contentStart;
  while (p < t.end && bytes[p] === 0) p++;
  if (p >= t.end) return 0;
  let top = bytes[p];
  let bits = 0;
  while (top) {
    bits++;
    top >>= 1;
  }
  return (t.end - p - 1) * 8 + bits;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Each byte as the character of that code (ISO 8859-1). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * The text of an ASN.1 character string by its tag: UTF8String, PrintableString, IA5String,
 * TeletexString (read as Latin-1), VisibleString, BMPString (UTF-16BE), UniversalString (UTF-32BE;
 * a value beyond Unicode becomes U+FFFD). Undefined for other tags and for BMP/Universal strings
 * whose length is not a whole number of characters.
 */
export function decodeAsn1String(tag: number, b: Uint8Array): string | undefined {
  switch (tag) {
    case 0x0c: // UTF8String
      return utf8.decode(b);
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // TeletexString
    case 0x1a: // VisibleString
      return latin1(b);
    case 0x1e: { // BMPString
      if (b.length % 2) return undefined;
      let s = '';
      for (let i = 0; i < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
      return s;
    }
    case 0x1c: { // UniversalString
      if (b.length % 4) return undefined;
      let s = '';
      for (let i = 0; i < b.length; i += 4) {
        const cp = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
        s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
      }
      return s;
    }
    default:
      return undefined;
  }
}
