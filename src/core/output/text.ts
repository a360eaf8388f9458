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

/** What a run checked, by kind (the summary names them: a configuration file is no iFlow). */
export interface CheckedFiles {
  iflows: number;
  mappingFiles: number;
  configFiles: number;
}

/** `9 iFlows, 1 mapping file`: the kinds checked, each only when there was one. */
function checkedKinds(checked: CheckedFiles): string {
  return [
    checked.iflows > 0 ? plural(checked.iflows, 'iFlow') : '',
    checked.mappingFiles > 0 ? plural(checked.mappingFiles, 'mapping file') : '',
    checked.configFiles > 0 ? plural(checked.configFiles, 'configuration file') : '',
  ].filter(Boolean).join(', ');
}

/** The last line; exempted findings are only counted (JSON and SARIF list them, with their reasons). */
function summary(findings: LocatedFinding[], exempted: number, checked: CheckedFiles, style: TextStyle): string {
  const exemptedNote = exempted > 0 ? ` ${exempted.toLocaleString('en-US')} exempted by the configuration file.` : '';
  const total = checked.iflows + checked.mappingFiles + checked.configFiles;
  if (total === 0) return 'No iFlow or mapping file found.';
  const kinds = `(${checkedKinds(checked)})`;
  if (findings.length === 0) return `No problems in ${total === 1 ? 'the file' : `the ${plural(total, 'file')}`} checked ${kinds}.${exemptedNote}`;
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const files = new Set(findings.map((f) => f.file)).size;
  const where = total === 1 ? 'in the file checked'
    : files < total ? `in ${files.toLocaleString('en-US')} of the ${plural(total, 'file')} checked`
      : total === 2 ? 'in both files checked' : `in all ${plural(total, 'file')} checked`;
  return style.bold(`${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info', 'info')}) ${where} ${kinds}.`) + exemptedNote;
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
export function formatText(all: LocatedFinding[], displayPath: (file: string) => string, style: TextStyle, checked: CheckedFiles): string {
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
  lines.push(summary(findings, exempted, checked, style));
  return `${lines.join('\n')}\n`;
}

/**
 * `--format compact`: one finding per line, `file:line:col severity rule message`, nothing
 * else but the summary — for grep, and for editors' problem matchers (the extension's
 * `$iflow-auth` matcher reads this form).
 */
export function formatCompact(all: LocatedFinding[], displayPath: (file: string) => string, checked: CheckedFiles): string {
  const { findings, exempted } = partition(all);
  const lines = findings.map((f) => `${displayPath(f.file)}:${f.span.line}:${f.span.column} ${f.severity.padEnd(SEVERITY_WIDTH)} ${f.rule} ${f.message}${channelSuffix(f, plainStyle)}`);
  lines.push(summary(findings, exempted, checked, plainStyle));
  return `${lines.join('\n')}\n`;
}
