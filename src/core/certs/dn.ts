/**
 * Semantic comparison of X.500 Distinguished Names as they appear in iFlows, certificates and
 * mapping files. Pure TypeScript: no Node built-ins, never throws.
 *
 * `normalizeDN` produces a canonical key such that two DNs that mean the same thing get the same
 * key. The key is NOT meant for display. It is built as follows:
 *
 * - The DN is parsed leniently in RFC 4514 syntax: RDNs separated by `,` or `;`, attributes of a
 *   multi-valued RDN by `+`, whitespace around separators and `=` ignored, values may be quoted
 *   (`"ACME, Inc."`) or use backslash escapes (`\,` `\+` `\"` `\\` `\<` `\>` `\;` `\=` `\#` `\ `
 *   and hex pairs such as `\2C` or UTF-8 sequences such as `\C3\A4`).
 * - Attribute types are upper-cased and mapped to one canonical name: aliases (`E`,
 *   `EMAILADDRESS`, `EMAIL`, `1.2.840.113549.1.9.1` → `E`; `S`/`ST`; `G`/`GN`/`GIVENNAME`; `SN`/
 *   `SURNAME`; `T`/`TITLE`; …) and dotted OIDs (`2.5.4.3` or `OID.2.5.4.3` → `CN`). Unknown
 *   types keep their upper-cased text (or OID).
 * - Values are compared case-insensitively with leading/trailing whitespace removed and internal
 *   whitespace runs collapsed to one space (Unicode NFKC, then lower case). A `#hex` value that
 *   holds a BER-encoded string (as Java renders e.g. an emailAddress) is decoded to that string;
 *   other `#hex` values stay literal (lower-cased).
 * - Attributes of a multi-valued RDN are sorted, so `+` order does not matter.
 * - RDN order: a DN and its reversal get the same key (LDAP/RFC 4514 order `CN=x, O=y, C=DE` vs
 *   X.500 order `C=DE, O=y, CN=x`). The key is whichever of the two renderings (forward and
 *   reversed) sorts first. Other reorderings (e.g. swapping two OUs) are NOT equal.
 *
 * The key format: `TYPE=value` pairs, `+` between attributes of one RDN, `,` between RDNs, with
 * `\`, `,` and `+` inside values escaped by a backslash. An empty or blank DN normalizes to ''.
 */
import { decodeAsn1String, readTlv } from './asn1';

const TYPE_ALIASES: Record<string, string> = {
  CN: 'CN', COMMONNAME: 'CN', '2.5.4.3': 'CN',
  SN: 'SN', SURNAME: 'SN', '2.5.4.4': 'SN',
  SERIALNUMBER: 'SERIALNUMBER', '2.5.4.5': 'SERIALNUMBER',
  C: 'C', COUNTRYNAME: 'C', '2.5.4.6': 'C',
  L: 'L', LOCALITYNAME: 'L', LOCALITY: 'L', '2.5.4.7': 'L',
  ST: 'ST', S: 'ST', STATEORPROVINCENAME: 'ST', '2.5.4.8': 'ST',
  STREET: 'STREET', STREETADDRESS: 'STREET', '2.5.4.9': 'STREET',
  O: 'O', ORGANIZATIONNAME: 'O', ORGANIZATION: 'O', '2.5.4.10': 'O',
  OU: 'OU', ORGANIZATIONALUNITNAME: 'OU', ORGANIZATIONALUNIT: 'OU', '2.5.4.11': 'OU',
  T: 'T', TITLE: 'T', '2.5.4.12': 'T',
  POSTALCODE: 'POSTALCODE', '2.5.4.17': 'POSTALCODE',
  GIVENNAME: 'GIVENNAME', G: 'GIVENNAME', GN: 'GIVENNAME', '2.5.4.42': 'GIVENNAME',
  INITIALS: 'INITIALS', I: 'INITIALS', '2.5.4.43': 'INITIALS',
  GENERATIONQUALIFIER: 'GENERATIONQUALIFIER', '2.5.4.44': 'GENERATIONQUALIFIER',
  DNQUALIFIER: 'DNQUALIFIER', DNQ: 'DNQUALIFIER', '2.5.4.46': 'DNQUALIFIER',
  PSEUDONYM: 'PSEUDONYM', '2.5.4.65': 'PSEUDONYM',
  ORGANIZATIONIDENTIFIER: 'ORGANIZATIONIDENTIFIER', '2.5.4.97': 'ORGANIZATIONIDENTIFIER',
  E: 'E', EMAIL: 'E', EMAILADDRESS: 'E', '1.2.840.113549.1.9.1': 'E',
  DC: 'DC', DOMAINCOMPONENT: 'DC', '0.9.2342.19200300.100.1.25': 'DC',
  UID: 'UID', USERID: 'UID', '0.9.2342.19200300.100.1.1': 'UID',
};

/** One attribute of a parsed DN: the type as written and the unescaped value. */
export interface DNAttribute {
  type: string;
  value: string;
  /** The value was written as `#hex` (an unescaped leading '#'). */
  hex: boolean;
}

/** Canonical attribute type name for `type` (case-insensitive; aliases and OIDs folded). */
export function canonicalAttributeType(type: string): string {
  let t = type.trim().toUpperCase();
  if (t.startsWith('OID.')) t = t.slice(4);
  return TYPE_ALIASES[t] ?? t;
}

function isHex(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Appends the UTF-8 decoding of pending hex-escaped bytes to `out`. */
function flushBytes(bytes: number[], out: string[]): void {
  if (bytes.length) {
    out.push(utf8.decode(new Uint8Array(bytes)));
    bytes.length = 0;
  }
}

/**
 * An RFC 4514 escape at `dn[i]` (a backslash): `\XX` hex bytes gather in `bytes` (a UTF-8
 * sequence may span several), `\c` is the character itself. Returns the index after it.
 */
function readEscape(dn: string, i: number, bytes: number[], out: string[]): number {
  if (i + 2 < dn.length && isHex(dn[i + 1]) && isHex(dn[i + 2])) {
    bytes.push(parseInt(dn.substr(i + 1, 2), 16));
    return i + 3;
  }
  flushBytes(bytes, out);
  out.push(dn[i + 1]);
  return i + 2;
}

/**
 * Parses a DN leniently into RDNs. Never throws; malformed input gives a best-effort result
 * (a chunk without `=` becomes an attribute with an empty type).
 */
export function parseDN(dn: string): DNAttribute[][] {
  const rdns: DNAttribute[][] = [];
  let rdn: DNAttribute[] = [];
  const n = dn.length;
  let i = 0;
  const isWs = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  while (i < n) {
    while (i < n && isWs(dn[i])) i++;
    if (i >= n) break;
    // Attribute type: up to '=' (or a separator if there is no '=').
    const typeStart = i;
    while (i < n && dn[i] !== '=' && dn[i] !== ',' && dn[i] !== ';' && dn[i] !== '+') i++;
    let type = '';
    if (i < n && dn[i] === '=') {
      type = dn.slice(typeStart, i).trim();
      i++;
    } else {
      i = typeStart; // no '=': the whole chunk is a value without type
    }
    while (i < n && isWs(dn[i])) i++;
    // Value.
    const out: string[] = [];
    const bytes: number[] = [];
    let trailingWsFrom = -1; // index in `out` where unescaped trailing whitespace starts
    const hex = i < n && dn[i] === '#';
    if (i < n && dn[i] === '"') {
      i++;
      while (i < n && dn[i] !== '"') {
        if (dn[i] === '\\' && i + 1 < n) {
          i = readEscape(dn, i, bytes, out);
          continue;
        }
        flushBytes(bytes, out);
        out.push(dn[i]);
        i++;
      }
      flushBytes(bytes, out);
      if (i < n) i++; // closing quote
      // Skip anything up to the next separator.
      while (i < n && dn[i] !== ',' && dn[i] !== ';' && dn[i] !== '+') i++;
    } else {
      while (i < n) {
        const c = dn[i];
        if (c === ',' || c === ';' || c === '+') break;
        if (c === '\\' && i + 1 < n) {
          trailingWsFrom = -1;
          i = readEscape(dn, i, bytes, out);
          continue;
        }
        flushBytes(bytes, out);
        if (isWs(c)) {
          if (trailingWsFrom < 0) trailingWsFrom = out.length;
        } else {
          trailingWsFrom = -1;
        }
        if (c !== '\\') out.push(c);
        i++;
      }
      flushBytes(bytes, out);
      if (trailingWsFrom >= 0) out.length = trailingWsFrom;
    }
    rdn.push({ type, value: out.join(''), hex });
    if (i < n) {
      const sep = dn[i];
      i++;
      if (sep !== '+') {
        rdns.push(rdn);
        rdn = [];
      }
    }
  }
  if (rdn.length) rdns.push(rdn);
  return rdns;
}

/** Decodes a `#hex` value holding a BER string (UTF8/Printable/IA5/T61/Visible/BMP/Universal). */
function decodeHexValue(hex: string): string | undefined {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex) || hex.length > 4096) return undefined;
  const b = new Uint8Array(hex.length / 2);
  for (let k = 0; k < b.length; k++) b[k] = parseInt(hex.substr(k * 2, 2), 16);
  const t = readTlv(b, 0);
  if (!t || t.indefinite || t.end !== b.length) return undefined;
  return decodeAsn1String(t.tag, b.subarray(t.contentStart, t.end));
}

function normalizeValue(raw: string, literalHex: boolean): string {
  if (literalHex) {
    const decoded = decodeHexValue(raw.slice(1));
    if (decoded === undefined) return raw.trim().toLowerCase();
    raw = decoded;
  }
  let v = raw;
  try {
    v = v.normalize('NFKC');
  } catch {
    /* keep as is */
  }
  return v.toLowerCase().replace(/\s+/g, ' ').trim();
}

function escapeKeyValue(v: string): string {
  return v.replace(/[\\,+]/g, (c) => '\\' + c);
}

/**
 * DNs longer than this are not parsed: no certificate has one (X.509 attribute bounds keep real
 * DNs under a few hundred characters), and parsing a hostile 50 MB table cell character by
 * character on every comparison took tens of seconds. Such a DN only equals itself, verbatim.
 */
export const MAX_DN_LENGTH = 64 * 1024;

/**
 * Keys of DNs seen, by the DN as written: a workspace repeats the same few DNs in every copy of
 * an iFlow and every lint compares them again (at 2,000 iFlows, parsing them was a tenth of the
 * lint). Only DNs of a real certificate's length are kept, and at most this many.
 */
const NORMALIZED_CACHE_LIMIT = 4096;
const MAX_CACHED_DN_LENGTH = 1024;
const normalized = new Map<string, string>();

/** The canonical comparison key of a DN (see the module comment). Never throws. */
export function normalizeDN(dn: string): string {
  if (typeof dn !== 'string') return '';
  const known = normalized.get(dn);
  if (known !== undefined) return known;
  const key = normalizeDNUncached(dn);
  if (dn.length <= MAX_CACHED_DN_LENGTH) {
    if (normalized.size >= NORMALIZED_CACHE_LIMIT) normalized.clear();
    normalized.set(dn, key);
  }
  return key;
}

function normalizeDNUncached(dn: string): string {
  if (!dn.trim()) return '';
  if (dn.length > MAX_DN_LENGTH) return `\u0000verbatim:${dn.trim()}`;
  let rdns: DNAttribute[][];
  try {
    rdns = parseDN(dn);
  } catch {
    return dn.trim().toLowerCase().replace(/\s+/g, ' ');
  }
  const rendered = rdns
    .map((rdn) =>
      rdn
        .map((a) => `${canonicalAttributeType(a.type)}=${escapeKeyValue(normalizeValue(a.value, a.hex))}`)
        .sort()
        .join('+'),
    )
    .filter((s) => s !== '=');
  if (!rendered.length) return '';
  const forward = rendered.join(',');
  const reversed = rendered.slice().reverse().join(',');
  return forward <= reversed ? forward : reversed;
}

/** True when the two DNs name the same entity (see normalizeDN). Never throws. */
export function dnEquals(a: string, b: string): boolean {
  return normalizeDN(a) === normalizeDN(b);
}

/**
 * The common name of a DN: the value of its first non-empty CN (`CN=acme-client, O=ACME` →
 * `acme-client`; RFC 4514 order puts the CN first, X.500 order last, and there is usually one).
 * Undefined when the DN has none.
 */
export function commonNameOf(dn: string): string | undefined {
  if (typeof dn !== 'string' || !dn.includes('=') || dn.length > MAX_DN_LENGTH) return undefined;
  return parseDN(dn).flat().find((a) => canonicalAttributeType(a.type) === 'CN' && a.value.trim() !== '')?.value;
}
