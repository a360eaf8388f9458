/**
 * Base64 / hex helpers on Uint8Array (no Buffer, no atob dependency): runs in Node and browsers.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INV = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  // base64url alphabet too
  t['-'.charCodeAt(0)] = 62;
  t['_'.charCodeAt(0)] = 63;
  return t;
})();

/** Standard base64 (with padding) of the bytes. */
export function base64Encode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    chunk += B64[(v >> 18) & 63] + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  if (i < n) {
    const v = (bytes[i] << 16) | ((i + 1 < n ? bytes[i + 1] : 0) << 8);
    chunk += B64[(v >> 18) & 63] + B64[(v >> 12) & 63] + (i + 1 < n ? B64[(v >> 6) & 63] : '=') + '=';
  }
  parts.push(chunk);
  return parts.join('');
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
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11) continue;
    if (c === 61) {
      // '='
      pad++;
      continue;
    }
    if (pad > 0) return 'invalid-character'; // data after padding
    const v = c < 128 ? B64_INV[c] : -1;
    if (v < 0) return 'invalid-character';
    acc = (acc << 6) | v;
    bits += 6;
    count++;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (count === 0) return 'empty';
  if (count % 4 === 1 || pad > 2 || (pad > 0 && (count + pad) % 4 !== 0)) return 'bad-length';
  return out.slice(0, o);
}

/** True when the text (ignoring whitespace) consists only of base64 characters and padding. */
export function isBase64Text(text: string): boolean {
  return /^[\sA-Za-z0-9+/_-]*={0,2}\s*$/.test(text) && /[A-Za-z0-9+/]/.test(text);
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
  const b64 = base64Encode(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
