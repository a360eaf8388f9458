import { CONFIG_FILE_RULES } from '../config/read';
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

/**
 * What a run checked, by kind. The files checked are its iFlows and mapping files; a
 * configuration file is the settings they were judged by, not one of them (its own findings are
 * said apart).
 */
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
  ].filter(Boolean).join(', ');
}

/** `the file checked`, `the 9 files checked`, and so on, with the kinds. */
function filesChecked(total: number, prefix: 'the' | 'all', checked: CheckedFiles): string {
  const kinds = ` (${checkedKinds(checked)})`;
  if (total === 1) return `the file checked${kinds}`;
  if (total === 2 && prefix === 'all') return `both files checked${kinds}`;
  return `${prefix} ${plural(total, 'file')} checked${kinds}`;
}

/** The last line; exempted findings are only counted (JSON and SARIF list them, with their reasons). */
function summary(findings: LocatedFinding[], exempted: number, checked: CheckedFiles, style: TextStyle): string {
  const exemptedNote = exempted > 0 ? ` ${exempted.toLocaleString('en-US')} exempted by the configuration file.` : '';
  const total = checked.iflows + checked.mappingFiles;
  const onConfig = new Set(findings.filter((f) => CONFIG_FILE_RULES.includes(f.rule)).map((f) => f.file)).size;
  const files = new Set(findings.filter((f) => !CONFIG_FILE_RULES.includes(f.rule)).map((f) => f.file)).size;
  if (findings.length === 0) return total === 0 ? `No iFlow or mapping file found.${exemptedNote}` : `No problems in ${filesChecked(total, 'the', checked)}.${exemptedNote}`;
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  const configFiles = onConfig === 1 ? 'the configuration file' : `${onConfig.toLocaleString('en-US')} configuration files`;
  const inChecked = total === 0 ? undefined
    : files === 0 ? undefined
      : files < total ? `in ${files.toLocaleString('en-US')} of ${filesChecked(total, 'the', checked)}` : `in ${filesChecked(total, 'all', checked)}`;
  const noneChecked = total === 0 ? 'no iFlow or mapping file found' : `none in ${filesChecked(total, 'the', checked)}`;
  const where = inChecked === undefined ? `in ${configFiles}; ${noneChecked}`
    : onConfig > 0 ? `${inChecked} and in ${configFiles}` : inChecked;
  return style.bold(`${plural(findings.length, 'problem')} (${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info', 'info')}) ${where}.`) + exemptedNote;
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
