/** Alias module: bytes → text decoding lives in ./encoding (kept for importers of '../core/iflow/text'). */
export { decodeText } from './encoding';
export type { DecodedTextResult, DecodeTextOptions } from './encoding';
