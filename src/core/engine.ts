import { CertificateIndex } from './certs/certificateIndex';
import { effectiveSettings, lintOptionsOf } from './config/effective';
import type { ConfigFile } from './config/types';
import { ChainBuilder } from './certs/chain';
import { SignatureChecks } from './certs/signatures';
import { defaultTrustStore, type TrustStore } from './certs/trustedRoots';
import type { MappingFile } from './mapping/types';
import type { IFlowDocument, SenderChannel, SeveritySetting, TextRange } from './model';
import { EntryResolver } from './resolve';
import { rules } from './rules/registry';
import type { Finding, LintOptions, Report, Rule, RuleContext, WorkspaceReport } from './rules/types';


/** Defaults for everything but the instant, which the caller always chooses. */
export function defaultLintOptions(now: Date): LintOptions {
  return lintOptionsOf(effectiveSettings({ root: '' }), now);
}

/** The roots chains are judged against, and the signature checks shared between lint runs. */
export interface ChainSetup {
  /** Default: the roots of DEFAULT_TRUSTED_ROOTS. */
  trust?: TrustStore;
  /** Keep one across runs so links are checked once (default: a new one). */
  signatures?: SignatureChecks;
}

/**
 * What the rules see of the workspace. The mapping file's certificates join the index so they
 * resolve iFlow entries too (they are the team's reviewed copies).
 */
export function createRuleContext(options: LintOptions, certificates: CertificateIndex, mapping?: MappingFile, chainSetup: ChainSetup = {}): RuleContext {
  let index = certificates;
  const mapped = mapping?.entries.flatMap((e) => (e.decoded ? [e.decoded] : [])) ?? [];
  if (mapped.length > 0) index = new CertificateIndex([...certificates.all(), ...mapped]);
  return { options, certificates: index, mapping, resolver: new EntryResolver(index), chains: chainBuilder(index, options, chainSetup) };
}

/** A chain builder over `index` for one lint run. */
export function chainBuilder(index: CertificateIndex, options: LintOptions, { trust, signatures }: ChainSetup = {}): ChainBuilder {
  return new ChainBuilder(index, trust ?? defaultTrustStore(), signatures ?? new SignatureChecks(), options.now);
}

export function effectiveSeverity(rule: Rule, options: LintOptions): SeveritySetting {
  return options.severities[rule.id] ?? rule.defaultSeverity;
}

type Check = (rule: Rule, report: (r: Report) => void) => void;

/** What findings say they are about, besides the channel a report names. */
interface Subject {
  /** The iFlow (name and id) of a file. */
  iflowOf: (file: string) => { name: string; id: string } | undefined;
  /** The mapping entry's user at a range (findings on the mapping file). */
  userAt?: (range: TextRange) => string | undefined;
}

/**
 * Runs `check` for every rule that is not off. Findings sit in `file` unless a report names
 * another; `subject` names the iFlow of each file.
 */
function run(file: string, subject: Subject, ctx: RuleContext, check: Check): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, ctx.options);
    if (severity === 'off') continue;
    const report = (r: Report): void => {
      const at = r.file ?? file;
      const iflow = subject.iflowOf(at);
      findings.push({
        rule: rule.id,
        severity: ctx.options.severities[rule.id] === undefined ? r.severity ?? severity : severity,
        message: capMessage(r.message),
        file: at,
        range: r.range,
        iflow: iflow?.name,
        iflowId: iflow?.id,
        channel: channelName(r.channel),
        channelId: r.channel?.id,
        user: subject.userAt?.(r.range),
        related: r.related,
      });
    };
    try {
      check(rule, report);
    } catch (e) {
      // A bug in one rule must not hide the others' findings, nor crash the editor or CI.
      findings.push({ rule: rule.id, severity: 'error', message: `internal error in rule ${rule.id}: ${(e as Error).message}`, file, range: { start: 0, end: 0 }, iflow: subject.iflowOf(file)?.name, iflowId: subject.iflowOf(file)?.id });
    }
  }
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start - b.range.start || a.range.end - b.range.end);
}

/**
 * Messages quote values from the file (roles, DNs, mode values); a hostile file can make those
 * megabytes long. The Problems panel, the terminal and SARIF get at most this many characters.
 */
export const MAX_MESSAGE_LENGTH = 1000;

function capMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const omitted = message.length - (MAX_MESSAGE_LENGTH - 40);
  return `${message.slice(0, MAX_MESSAGE_LENGTH - 40)}… (${omitted} more characters)`;
}

const channelName = (c: SenderChannel | undefined): string | undefined => (c ? c.name || c.id : undefined);

/** All findings for one iFlow. Never throws. */
export function lintIFlow(doc: IFlowDocument, ctx: RuleContext): Finding[] {
  const iflow = { name: doc.iflowName, id: doc.iflowId };
  return run(doc.file, { iflowOf: () => iflow }, ctx, (rule, report) => {
    if (doc.error && rule.id !== 'invalid-iflow') return;
    rule.checkIFlow?.(doc, ctx, report);
  });
}

/** All findings for the mapping file. Never throws. */
export function lintMapping(mapping: MappingFile, ctx: RuleContext): Finding[] {
  const userAt = (range: TextRange): string | undefined =>
    mapping.entries.find((e) => e.range.start <= range.start && range.end <= e.range.end)?.user || undefined;
  return run(mapping.file, { iflowOf: () => undefined, userAt }, ctx, (rule, report) => rule.checkMapping?.(mapping, ctx, report));
}

/**
 * All findings for the configuration file. `ctx.exemptions`, when given, is the outcome of
 * applying the file's exemptions to the findings it governs (for `unused-exemption`). Never throws.
 */
export function lintConfig(config: ConfigFile, ctx: RuleContext): Finding[] {
  return run(config.file, { iflowOf: () => undefined }, ctx, (rule, report) => rule.checkConfig?.(config, ctx, report));
}

/**
 * The findings of the workspace-wide rules over these iFlows (those that could not be read are
 * left out), each in the file it names; `lintIFlow` gives the rest. Run it again whenever any
 * iFlow changes: a change in one file can add or clear a finding in another. Never throws.
 */
export function lintWorkspace(iflows: readonly IFlowDocument[], ctx: RuleContext): Finding[] {
  const readable = iflows.filter((doc) => !doc.error);
  const byFile = new Map(readable.map((doc) => [doc.file, { name: doc.iflowName, id: doc.iflowId }]));
  // An internal error names no file of its own: it is reported on the first iFlow.
  return run(readable[0]?.file ?? '', { iflowOf: (file) => byFile.get(file) }, ctx, (rule, report) => rule.checkWorkspace?.(readable, ctx, report as (r: WorkspaceReport) => void));
}

/** Per-file findings with workspace findings added to their files (each file's list kept in source order). */
export function withWorkspaceFindings(byFile: ReadonlyMap<string, Finding[]>, workspace: readonly Finding[]): Map<string, Finding[]> {
  const merged = new Map(byFile);
  const added = new Set<string>();
  for (const f of workspace) {
    if (!added.has(f.file)) {
      merged.set(f.file, [...(merged.get(f.file) ?? [])]);
      added.add(f.file);
    }
    merged.get(f.file)!.push(f);
  }
  for (const file of added) merged.get(file)!.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  return merged;
}
