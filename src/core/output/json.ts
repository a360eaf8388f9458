import type { LocatedFinding } from './located';

/**
 * `--format json`: `{"findings": [{file, line, column, endLine, endColumn, rule, severity, message,
 * iflow, channel, suppressed?}]}` with 1-based positions; `file` as the caller made it (relative to
 * the cwd); `suppressed` = `{reason, until?}` on findings an exemption of .iflow-auth.json covers.
 */
export function formatJson(findings: LocatedFinding[], displayPath: (file: string) => string = (f) => f): string {
  const out = findings.map((f) => ({
    file: displayPath(f.file),
    line: f.span.line,
    column: f.span.column,
    endLine: f.span.endLine,
    endColumn: f.span.endColumn,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    iflow: f.iflow ?? null,
    channel: f.channel ?? null,
    ...(f.suppressed ? { suppressed: { reason: f.suppressed.reason, ...(f.suppressed.until ? { until: f.suppressed.until } : {}) } } : {}),
  }));
  return `${JSON.stringify({ findings: out }, null, 2)}\n`;
}
