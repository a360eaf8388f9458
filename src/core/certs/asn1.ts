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
