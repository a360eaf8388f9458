/**
 * Bytes → text for files read from disk or archives. Pure: TextDecoder only (browser-safe).
 */

export interface DecodedTextResult {
  /** The decoded text ('' when `error` is set). */
  text: string;
  /** The encoding the bytes were read as (absent when `error` is set). */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** Why the bytes are not text. */
  error?: string;
}

export interface DecodeTextOptions {
  /** Refuse text with NUL characters (binary data). Default true. */
  rejectNul?: boolean;
  /** When the bytes are not valid UTF-8, decode them as windows-1252 instead of failing. Default false. */
  latin1Fallback?: boolean;
}

/**
 * Decode text: a UTF-8 BOM is stripped, UTF-16 LE/BE with a BOM is decoded, anything else must
 * be valid UTF-8 (or, with `latin1Fallback`, is read as windows-1252). Binary content (NUL
 * characters) is refused unless `rejectNul` is false.
 */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions = {}): DecodedTextResult {
  const rejectNul = options.rejectNul !== false;
  let text: string;
  let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  try {
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      encoding = 'utf-8';
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(3));
    } else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      encoding = 'utf-16le';
      text = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
    } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      encoding = 'utf-16be';
      const body = bytes.subarray(2);
      if (body.length % 2 !== 0) return { text: '', error: 'truncated UTF-16 text' };
      const swapped = new Uint8Array(body.length);
      for (let i = 0; i + 1 < body.length; i += 2) {
        swapped[i] = body[i + 1];
        swapped[i + 1] = body[i];
      }
      text = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(swapped);
    } else {
      encoding = 'utf-8';
      try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
      } catch (e) {
        if (!options.latin1Fallback) throw e;
        encoding = 'windows-1252';
        text = new TextDecoder('windows-1252').decode(bytes);
      }
    }
  } catch {
    return { text: '', error: 'binary content: not valid UTF-8 or UTF-16 text' };
  }
  if (rejectNul && text.indexOf('\u0000') >= 0) return { text: '', error: 'binary content: the text contains NUL characters' };
  return { text, encoding };
}

/** How a text file's bytes were written, so an edit writes them the same way. */
export interface TextFileEncoding {
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
}

let windows1252: Map<number, number> | undefined;

/** Characters windows-1252 holds outside Latin-1's one-to-one range (0x80–0x9F: €, ‚, ƒ, …). */
function windows1252Table(): Map<number, number> {
  if (!windows1252) {
    windows1252 = new Map();
    const decoder = new TextDecoder('windows-1252');
    for (let b = 0x80; b <= 0x9f; b++) windows1252.set(decoder.decode(new Uint8Array([b])).charCodeAt(0), b);
  }
  return windows1252;
}

/**
 * Text → bytes in the given encoding (the inverse of decodeText). A string when the encoding
 * cannot hold a character of the text: the reason, for a message.
 */
export function encodeText(text: string, as: TextFileEncoding): Uint8Array | string {
  if (as.encoding === 'windows-1252') {
    const table = windows1252Table();
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const b = table.get(c) ?? (c <= 0xff && (c < 0x80 || c > 0x9f) ? c : undefined);
      if (b === undefined) return 'the file is not UTF-8 and the new text has characters its encoding cannot hold';
      out[i] = b;
    }
    return out;
  }
  const body = new TextEncoder().encode(text);
  if (!as.bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(body, 3);
  return out;
}

/** The encoding of a text file's bytes as decodeText reads them; a reason when fixes must not write it. */
export function textFileEncoding(bytes: Uint8Array): TextFileEncoding | string {
  const d = decodeText(bytes, { latin1Fallback: true, rejectNul: false });
  if (d.error !== undefined) return d.error;
  if (d.encoding === 'utf-16le' || d.encoding === 'utf-16be') return `the file is ${d.encoding.toUpperCase()}; fixes are only written to UTF-8 files`;
  return { encoding: d.encoding === 'windows-1252' ? 'windows-1252' : 'utf-8', bom: bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf };
}
