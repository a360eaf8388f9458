import type { Finding, RelatedLocation } from '../rules/types';
import { LineIndex } from '../text';
import type { TextRange } from '../model';

/** 1-based line and column span, as people, terminals, JSON and SARIF count. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LocatedFinding extends Finding {
  span: Span;
  relatedSpans?: Array<RelatedLocation & { span?: Span }>;
}

/** Converts offsets to lines and columns, one LineIndex per file text. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  span(file: string, range: TextRange): Span | undefined {
    let index = this.indexes.get(file);
    if (!index) {
      const text = this.textOf(file);
      if (text === undefined) return undefined;
      index = new LineIndex(text);
      this.indexes.set(file, index);
    }
    const start = index.positionAt(range.start);
    const end = index.positionAt(range.end);
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }

  locate(findings: Finding[]): LocatedFinding[] {
    return findings.map((f) => ({
      ...f,
      span: this.span(f.file, f.range) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 },
      relatedSpans: f.related?.map((r) => ({ ...r, span: r.range ? this.span(r.file, r.range) : undefined })),
    }));
  }
}

const severityOrder = { error: 0, warning: 1, info: 2 } as const;

/** Stable order for every output: by file, then position, then severity. */
export function sortFindings<T extends LocatedFinding>(findings: T[]): T[] {
  return [...findings].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1
      : a.span.line - b.span.line || a.span.column - b.span.column || severityOrder[a.severity] - severityOrder[b.severity] || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}
