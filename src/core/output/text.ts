import type { Severity } from '../model';
import { plural } from '../plural';
import type { LocatedFinding } from './located';

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
  severity(s: string, severity: Severity): string;
}

export const plainStyle: TextStyle = { bold: (s) => s, dim: (s) => s, severity: (s) => s };

const ansi = (code: string) => (s: string): string => `\u001b[${code}m${s}\u001b[0m`;
const severityColour: Record<Severity, (s: string) => string> = { error: ansi('31'), warning: ansi('33'), info: ansi('36') };
export const ansiStyle: TextStyle = { bold: ansi('1'), dim: ansi('2'), severity: (s, sev) => severityColour[sev](s) };

/**
 * DESIGN §5 text: `file:line:col severity rule message`, one per line so terminals make them
 * clickable, grouped under a header per file, with a summary at the end.
 */
export function formatText(findings: LocatedFinding[], displayPath: (file: string) => string, style: TextStyle, filesChecked: number): string {
  const lines: string[] = [];
  let current: string | undefined;
  for (const f of findings) {
    const file = displayPath(f.file);
    if (file !== current) {
      if (current !== undefined) lines.push('');
      lines.push(style.bold(file) + (f.iflow ? style.dim(`  (iFlow ${f.iflow})`) : ''));
      current = file;
    }
    const where = `${file}:${f.span.line}:${f.span.column}`;
    const channel = f.channel ? style.dim(` [${f.channel}]`) : '';
    lines.push(`${where} ${style.severity(f.severity.padEnd(7), f.severity)} ${style.dim(f.rule)} ${f.message}${channel}`);
  }
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const files = new Set(findings.map((f) => f.file)).size;
  if (findings.length > 0) lines.push('');
  lines.push(findings.length === 0
    ? `No problems in ${plural(filesChecked, 'file')}.`
    : style.bold(`${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info) in ${plural(files, 'file')} of ${filesChecked} checked.`));
  return `${lines.join('\n')}\n`;
}
