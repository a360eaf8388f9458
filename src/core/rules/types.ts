import type { CertificateIndex } from '../certs/certificateIndex';
import type { ChainBuilder } from '../certs/chain';
import type { CertificateInfo } from '../certs/types';
import type { EntryResolver } from '../resolve';
import type { ConfigFile, Suppression } from '../config/types';
import type { MappingFile } from '../mapping/types';
import type { IFlowDocument, SenderChannel, Severity, SeveritySetting, TextRange } from '../model';

export type RuleId =
  | 'invalid-iflow'
  | 'client-certificate-authorization'
  | 'certificate-expired'
  | 'certificate-expiring'
  | 'certificate-not-yet-valid'
  | 'certificate-not-found'
  | 'self-signed-certificate'
  | 'certificate-not-for-client-auth'
  | 'untrusted-root-ca'
  | 'incomplete-certificate-chain'
  | 'client-auth-eku-phaseout'
  | 'empty-certificate-entry'
  | 'duplicate-certificate-entry'
  | 'missing-user-role'
  | 'generic-user-role'
  | 'unresolved-parameter'
  | 'unknown-authorization'
  | 'invalid-certificate'
  | 'duplicate-mapping'
  | 'role-without-mapping'
  | 'invalid-mapping-file'
  | 'duplicate-endpoint'
  | 'role-not-allowed'
  | 'csrf-protection-disabled'
  | 'invalid-config-file'
  | 'unused-exemption'
  | 'expired-exemption';

/** Evidence shown next to a finding (VS Code related information, SARIF relatedLocations). */
export interface RelatedLocation {
  file: string;
  range?: TextRange;
  message: string;
  /**
   * Where the judged certificate was found, and nothing more: the editor's hover on the entry says
   * it, so the Problems panel leaves it out (a row per finding); SARIF and JSON keep it.
   */
  foundAt?: boolean;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  /** The file the finding sits in (an iFlow or the mapping file). */
  file: string;
  range: TextRange;
  /** The iFlow's name (the manifest's Bundle-Name, else the file name). */
  iflow?: string;
  /** The iFlow's id (Bundle-SymbolicName), which exemptions may name instead. */
  iflowId?: string;
  /** The channel's name, else its id. */
  channel?: string;
  /** The channel's id, which exemptions may name instead. */
  channelId?: string;
  /** The user of the mapping file entry the finding sits on. */
  user?: string;
  related?: RelatedLocation[];
  /** Set when an exemption of the configuration file covers the finding: it is shown only on request. */
  suppressed?: Suppression;
}

export interface LintOptions {
  /** The instant expiry is judged at. Never read the clock inside rules. */
  now: Date;
  /** `certificate-expiring` window in days. */
  expiryWarningDays: number;
  /** Per-rule overrides of the default severity. */
  severities: Partial<Record<RuleId, SeveritySetting>>;
  /** Roles reported by `generic-user-role` (default ['ESBMessaging.send']). */
  genericRoles: string[];
  /** Role patterns `role-not-allowed` accepts; absent or empty: every role. */
  allowedRoles?: readonly string[];
}

/** What a rule gets: the document being linted and what the workspace knows. */
export interface RuleContext {
  options: LintOptions;
  /** Certificate files of the workspace plus the mapping file's certificates. */
  certificates: CertificateIndex;
  mapping?: MappingFile;
  /** Matches iFlow certificate entries to certificates, once per channel. */
  resolver: EntryResolver;
  /** After exemptions were applied: how many findings each exemption (by index) covered, and whether the run could tell. */
  exemptions?: { matched: ReadonlyMap<number, number>; judged: ReadonlyMap<number, boolean> };
  /** Chains of resolved certificates up to the trusted roots. */
  chains: ChainBuilder;
  /**
   * For the configuration file's rules: what the rules run with when the file is not used, as
   * this surface has it ("the editor's settings and the defaults", "the defaults").
   */
  settingsWithoutConfigFile?: string;
}

/** A draft finding: the engine fills in severity, iflow and channel names. */
export interface Report {
  message: string;
  range: TextRange;
  file?: string;
  channel?: SenderChannel;
  related?: RelatedLocation[];
  /**
   * A severity for this finding other than the rule's default (a milder case of the rule); a
   * severity the user set for the rule still wins.
   */
  severity?: Severity;
}

export interface Rule {
  id: RuleId;
  defaultSeverity: Severity;
  /** One line, shown in SARIF rule metadata and the README's rules table. */
  description: string;
  /** Checks one iFlow. */
  checkIFlow?(doc: IFlowDocument, ctx: RuleContext, report: (r: Report) => void): void;
  /** Checks the mapping file. */
  checkMapping?(mapping: MappingFile, ctx: RuleContext, report: (r: Report) => void): void;
  /**
   * Checks every iFlow of the workspace at once, for findings no single file shows (two channels
   * at one address). Runs after the per-file checks, again whenever any iFlow changes; iFlows that
   * could not be read are left out. Every report names its `file`.
   */
  checkWorkspace?(iflows: readonly IFlowDocument[], ctx: RuleContext, report: (r: WorkspaceReport) => void): void;
  /** Checks the configuration file (`.iflow-auth.json`). */
  checkConfig?(config: ConfigFile, ctx: RuleContext, report: (r: Report) => void): void;
}

/** A draft finding of a workspace-wide check: it names the file it sits in. */
export type WorkspaceReport = Report & { file: string };

export type { CertificateInfo };
