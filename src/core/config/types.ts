/**
 * The configuration of a linted file: what `.iflow-auth.json`, the editor's settings and the
 * CLI's flags say, and what applies after precedence (flags > file > editor settings > defaults).
 */
import type { SeveritySetting, SourceError, TextRange } from '../model';
import type { RuleId } from '../rules/types';

/** What one source of configuration says; a field left undefined is decided by the next source. */
export interface SettingsValues {
  /** Severity per rule; merged rule by rule across sources. */
  rules?: Partial<Record<RuleId, SeveritySetting>>;
  expiryWarningDays?: number;
  genericRoles?: string[];
  /** Glob patterns of roles a User Role channel may use (`!pattern` excludes). */
  allowedRoles?: string[];
  /** The role fixes give a flow; `{iflow}` = the iFlow id. */
  flowRole?: string;
  /** Relative to the source's `base`. */
  mappingFile?: string;
  /** Glob patterns of certificate files, relative to the source's `base`. */
  certificates?: string[];
  /** `btp`, `btp-required`, `neo`, or PEM file/folder paths relative to the source's `base`. */
  trustedRoots?: string[];
}

/** One source of configuration and the folder its relative paths and globs start from. */
export interface SettingsLayer {
  values: SettingsValues;
  /** A folder (path or URI string); '' = the working directory. */
  base: string;
}

/** A recorded exception: findings of `rule` that match every selector given are not counted. */
export interface Exemption {
  /** Position in the file's `exemptions` array. */
  index: number;
  rule: RuleId;
  /** Why: required, shown wherever the exempted finding is shown. */
  reason: string;
  /** iFlow id or name. */
  iflow?: string;
  /** Channel name or id. */
  channel?: string;
  /** A mapping file entry's user. */
  user?: string;
  /** Glob of the finding's file, relative to the configuration file's folder. */
  file?: string;
  /** `YYYY-MM-DD`: the exemption holds through that day (UTC); afterwards its findings count again. */
  until?: string;
  /** The exemption's object in the configuration file. */
  range: TextRange;
}

/** `.iflow-auth.json` as read. */
export interface ConfigFile {
  /** Path or URI string, as the caller named it. */
  file: string;
  /** The folder holding the file: its relative paths start here. */
  folder: string;
  text: string;
  /** What the file says; empty when the file is invalid (nothing of an invalid file is used). */
  values: SettingsValues;
  /** Empty when the file is invalid. */
  exemptions: Exemption[];
  /** Why the file is not used (not JSON with comments, or not the expected shape); empty when valid. */
  problems: SourceError[];
}

export const isValidConfig = (config: ConfigFile): boolean => config.problems.length === 0;

/** A value that names files, and the folder it is relative to. */
export interface RelativeTo<T> {
  value: T;
  /** A folder (path or URI string); '' = the working directory. */
  base: string;
}

/** What applies to one linted file after precedence. */
export interface EffectiveSettings {
  severities: Partial<Record<RuleId, SeveritySetting>>;
  expiryWarningDays: number;
  genericRoles: string[];
  /** Empty: every role is allowed. */
  allowedRoles: string[];
  flowRole: string;
  mappingFile: RelativeTo<string>;
  /** Which files are certificates: globs relative to `base`. */
  certificates: RelativeTo<string[]>;
  trustedRoots: RelativeTo<string[]>;
  /** The configuration file's exemptions (none without a valid file). */
  exemptions: Exemption[];
  /** The configuration file that applies, valid or not; undefined when there is none (or it is ignored). */
  configFile?: ConfigFile;
}

/** Shown with an exempted finding (JSON `suppressed`, SARIF `suppressions`, the tree's tooltip). */
export interface Suppression {
  reason: string;
  until?: string;
  /** The configuration file that holds the exemption. */
  configFile: string;
  /** Where the exemption sits in it. */
  range: TextRange;
}
