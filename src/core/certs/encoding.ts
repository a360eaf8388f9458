/**
 * Base64 / hex helpers on Uint8Array (no Buffer, no atob dependency): runs in Node and browsers.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
const WS = -2;
const PAD = -3;
/** char code → 6-bit value, WS, PAD or -1 (invalid). Accepts the base64url alphabet too. */
const B64_INV = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  t['-'.charCodeAt(0)] = 62;
  t['_'.charCodeAt(0)] = 63;
  for (const c of [9, 10, 11, 12, 13, 32]) t[c] = WS;
  t['='.charCodeAt(0)] = PAD;
  return t;
})();
const ascii = new TextDecoder('utf-8');

/**
 * Base64 of the bytes (standard alphabet, padded); with `lineLength` a '\n' after every
 * `lineLength` characters (not after the last line).
 */
export function base64Encode(bytes: Uint8Array, lineLength = 0): string {
  const n = bytes.length;
  const chars = Math.ceil(n / 3) * 4;
  const newlines = lineLength > 0 && chars > 0 ? Math.floor((chars - 1) / lineLength) : 0;
  const out = new Uint8Array(chars + newlines);
  let o = 0;
  let col = 0;
  const put = (c: number) => {
    if (lineLength > 0 && col === lineLength) {
      out[o++] = 10;
      col = 0;
    }
    out[o++] = c;
    col++;
  };
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    put(B64_CODES[(v >> 18) & 63]);
    put(B64_CODES[(v >> 12) & 63]);
    put(B64_CODES[(v >> 6) & 63]);
    put(B64_CODES[v & 63]);
  }
  if (i < n) {
    const v = (bytes[i] << 16) | ((i + 1 < n ? bytes[i + 1] : 0) << 8);
    put(B64_CODES[(v >> 18) & 63]);
    put(B64_CODES[(v >> 12) & 63]);
    put(i + 1 < n ? B64_CODES[(v >> 6) & 63] : 61);
    put(61);
  }
  return ascii.decode(out.subarray(0, o));
}

/** Why a base64 text did not decode (no part of the input is ever included). */
export type Base64Error = 'invalid-character' | 'bad-length' | 'empty';

/**
 * Decodes base64 (standard or URL alphabet), ignoring ASCII whitespace. Padding is optional but
 * may only appear at the end. Returns an error code instead of throwing.
 */
export function base64Decode(text: string): Uint8Array | Base64Error {
  const n = text.length;
  const out = new Uint8Array(Math.floor((n * 3) / 4) + 3);
  let acc = 0;
  let bits = 0;
  let o = 0;
  let count = 0;
  let pad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64_INV[c] : -1;
    if (v >= 0) {
      if (pad > 0) return 'invalid-character'; // data after padding
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      count++;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (acc >> bits) & 0xff;
      }
    } else if (v === PAD) {
      pad++;
    } else if (v !== WS) {
      return 'invalid-character';
    }
  }
  if (count === 0) return 'empty';
  if (count % 4 === 1 || pad > 2 || (pad > 0 && (count + pad) % 4 !== 0)) return 'bad-length';
  return out.subarray(0, o);
}

/** True when the text (ignoring whitespace) consists only of base64 characters and padding. */
export function isBase64Text(text: string): boolean {
  // Written so the regex cannot backtrack quadratically: `[\s…]*={0,2}\s*$` took seconds on a
  // long run of spaces followed by a non-base64 character (found by test/unit/fuzz).
  return /^[\sA-Za-z0-9+/_-]*(?:={1,2}\s*)?$/.test(text) && /[A-Za-z0-9+/]/.test(text);
}

const HEX = '0123456789abcdef';

/** Lower-case hex of the bytes, no separators. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return s;
}

/** Upper-case hex pairs joined by ':' (e.g. SHA-256 fingerprints as browsers show them). */
export function toColonHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i++) parts.push((HEX[bytes[i] >> 4] + HEX[bytes[i] & 15]).toUpperCase());
  return parts.join(':');
}

/** Canonical PEM (64 columns, trailing newline) of one DER certificate. */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  return `-----BEGIN ${label}-----\n${base64Encode(der, 64)}\n-----END ${label}-----\n`;
}
