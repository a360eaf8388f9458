/**
 * jsonc-parser's tree builder recurses once per nesting level: a hostile file of 10,000 `[`
 * overflows the stack. The files the tool reads are shallow, so nesting beyond a small bound is
 * found first, with the iterative scanner, and reported at its position instead.
 */
import { createScanner, SyntaxKind } from 'jsonc-parser';
import type { SourceError } from './model';

/** The first place `text` nests deeper than `maxDepth` arrays and objects, or undefined. */
export function tooDeeplyNested(text: string, maxDepth: number): SourceError | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      if (++depth > maxDepth) {
        const start = scanner.getTokenOffset();
        return { message: `nested more than ${maxDepth} levels deep (this file is never that deep)`, range: { start, end: start + 1 } };
      }
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
