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
