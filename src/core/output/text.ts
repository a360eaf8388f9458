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

const SEVERITY_WIDTH = 'warning'.length;

/** ` [channel]`, unless the message already names the channel. */
function channelSuffix(f: LocatedFinding, style: TextStyle): string {
  return f.channel && !f.message.includes(`"${f.channel}"`) ? style.dim(` [${f.channel}]`) : '';
}

/** The last line; exempted findings are only counted (JSON and SARIF list them, with their reasons). */
function summary(findings: LocatedFinding[], exempted: number, filesChecked: number, style: TextStyle): string {
  const exemptedNote = exempted > 0 ? ` ${exempted} exempted by .iflow-auth.json.` : '';
  if (filesChecked === 0) return 'No iFlow or mapping file found.';
  if (findings.length === 0) return `No problems in ${plural(filesChecked, 'file')}.${exemptedNote}`;
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const files = new Set(findings.map((f) => f.file)).size;
  return style.bold(`${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info', 'info')}) in ${plural(files, 'file')} of ${filesChecked.toLocaleString('en-US')} checked.`) + exemptedNote;
}

/** Findings to list, and how many were left out as exempted. */
function partition(all: LocatedFinding[]): { findings: LocatedFinding[]; exempted: number } {
  const findings = all.filter((f) => !f.suppressed);
  return { findings, exempted: all.length - findings.length };
}

/**
 * The default text output: a header per file (its path once, and the iFlow's name), then one line
 * per finding, `line:col severity rule message`, in aligned columns; a summary at the end.
 */
export function formatText(all: LocatedFinding[], displayPath: (file: string) => string, style: TextStyle, filesChecked: number): string {
  const { findings, exempted } = partition(all);
  const where = (f: LocatedFinding): string => `${f.span.line}:${f.span.column}`;
  const whereWidth = Math.max(0, ...findings.map((f) => where(f).length));
  const ruleWidth = Math.max(0, ...findings.map((f) => f.rule.length));
  const lines: string[] = [];
  let current: string | undefined;
  for (const f of findings) {
    if (f.file !== current) {
      if (current !== undefined) lines.push('');
      lines.push(style.bold(displayPath(f.file)) + (f.iflow ? style.dim(`  (iFlow ${f.iflow})`) : ''));
      current = f.file;
    }
    lines.push(`  ${where(f).padEnd(whereWidth)}  ${style.severity(f.severity.padEnd(SEVERITY_WIDTH), f.severity)}  ${style.dim(f.rule.padEnd(ruleWidth))}  ${f.message}${channelSuffix(f, style)}`);
  }
  if (findings.length > 0) lines.push('');
  lines.push(summary(findings, exempted, filesChecked, style));
  return `${lines.join('\n')}\n`;
}

/**
 * `--format compact`: one finding per line, `file:line:col severity rule message`, nothing
 * else but the summary — for grep, and for editors' problem matchers (the extension's
 * `$iflow-auth` matcher reads this form).
 */
export function formatCompact(all: LocatedFinding[], displayPath: (file: string) => string, filesChecked: number): string {
  const { findings, exempted } = partition(all);
  const lines = findings.map((f) => `${displayPath(f.file)}:${f.span.line}:${f.span.column} ${f.severity.padEnd(SEVERITY_WIDTH)} ${f.rule} ${f.message}${channelSuffix(f, plainStyle)}`);
  lines.push(summary(findings, exempted, filesChecked, plainStyle));
  return `${lines.join('\n')}\n`;
}
