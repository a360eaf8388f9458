/**
 * Exemptions: a finding that matches an exemption of the configuration file that governs it is
 * kept, marked `suppressed` with the exemption's reason, so every output can still show it on
 * request; it no longer counts (Problems panel, exit status). Pure.
 */
import { pathMatcher, type Matcher } from '../glob';
import { relativePath } from '../paths';
import type { Finding } from '../rules/types';
import { CONFIG_FILE_RULES } from './read';
import type { ConfigFile, Exemption } from './types';

/** What a run looked at, so an exemption is called unused only where it could have matched. */
export interface ExemptionScope {
  /**
   * The run saw everything the configuration file governs (the editor's workspace; a CLI run over
   * the file's folder). Otherwise only exemptions naming a linted iFlow or file can be unused.
   */
  complete: boolean;
  /** The iFlows (and the mapping file) the run linted. */
  linted: Array<{ file: string; iflowId?: string; iflowName?: string }>;
}

export interface ExemptionOutcome {
  /** The findings given, exempted ones as copies with `suppressed` set (the input is not changed). */
  findings: Finding[];
  /** By exemption index: how many findings it exempted. */
  matched: Map<number, number>;
  /** By exemption index: whether this run could tell that it is unused. */
  judged: Map<number, boolean>;
}

/** The first instant an exemption no longer holds: the day after `until`, 00:00 UTC. */
export function exemptionEnd(until: string): number {
  const [y, m, d] = until.split('-').map(Number);
  return Date.UTC(y, m - 1, d + 1);
}

export const isExpired = (e: Exemption, now: Date): boolean => e.until !== undefined && now.getTime() >= exemptionEnd(e.until);

interface CompiledExemption {
  exemption: Exemption;
  file?: Matcher;
}

function compile(config: ConfigFile): CompiledExemption[] {
  return config.exemptions.map((exemption) => ({ exemption, file: exemption.file === undefined ? undefined : pathMatcher([exemption.file]) }));
}

function fileMatches(c: CompiledExemption, config: ConfigFile, file: string): boolean {
  if (!c.file) return true;
  const rel = relativePath(config.folder, file);
  return rel !== undefined && c.file(rel);
}

function matches(c: CompiledExemption, f: Finding, config: ConfigFile): boolean {
  const e = c.exemption;
  if (e.rule !== f.rule) return false;
  if (e.iflow !== undefined && e.iflow !== f.iflow && e.iflow !== f.iflowId) return false;
  if (e.channel !== undefined && e.channel !== f.channel && e.channel !== f.channelId) return false;
  if (e.user !== undefined && e.user !== f.user) return false;
  return fileMatches(c, config, f.file);
}

/**
 * Marks the findings `config`'s exemptions cover (the findings must be those of files this
 * configuration file governs). Findings about the configuration file itself are never exempted.
 */
export function applyExemptions(findings: Finding[], config: ConfigFile, now: Date, scope: ExemptionScope): ExemptionOutcome {
  const compiled = compile(config);
  const active = compiled.filter((c) => !isExpired(c.exemption, now));
  const matched = new Map<number, number>(compiled.map((c) => [c.exemption.index, 0]));
  const out = findings.map((f) => {
    if (f.suppressed || (f.file === config.file && CONFIG_FILE_RULES.includes(f.rule))) return f;
    const hit = active.find((c) => matches(c, f, config));
    if (!hit) return f;
    const e = hit.exemption;
    matched.set(e.index, (matched.get(e.index) ?? 0) + 1);
    return { ...f, suppressed: { reason: e.reason, until: e.until, configFile: config.file, range: e.range } };
  });
  const judged = new Map<number, boolean>(compiled.map((c) => [c.exemption.index, scope.complete || inScope(c, config, scope)]));
  return { findings: out, matched, judged };
}

/** An exemption naming an iFlow or a file is judged when the run linted that iFlow or file. */
function inScope(c: CompiledExemption, config: ConfigFile, scope: ExemptionScope): boolean {
  const e = c.exemption;
  if (e.iflow === undefined && e.file === undefined) return false;
  return scope.linted.some((l) => (e.iflow === undefined || e.iflow === l.iflowId || e.iflow === l.iflowName) && fileMatches(c, config, l.file));
}

/** `from client-certificate-authorization for iFlow "Orders", channel "HTTPS"`, for messages. */
export function describeExemption(e: Exemption): string {
  const parts = [
    e.iflow !== undefined ? `iFlow "${e.iflow}"` : '',
    e.channel !== undefined ? `channel "${e.channel}"` : '',
    e.user !== undefined ? `user "${e.user}"` : '',
    e.file !== undefined ? `files "${e.file}"` : '',
  ].filter(Boolean);
  return `from ${e.rule}${parts.length > 0 ? ` for ${parts.join(', ')}` : ''}`;
}

/** Counts for summaries ("3 exempted"). */
export const suppressedCount = (findings: readonly Finding[]): number => findings.reduce((n, f) => n + (f.suppressed ? 1 : 0), 0);
