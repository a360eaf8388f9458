import * as vscode from 'vscode';
import { DEFAULT_ALLOWED_ROLES, DEFAULT_CERTIFICATE_GLOBS, DEFAULT_CERTIFICATES_FOLDER, DEFAULT_EXPIRY_WARNING_DAYS, DEFAULT_FLOW_ROLE, DEFAULT_GENERIC_ROLES, DEFAULT_MAPPING_FILE, DEFAULT_TRUSTED_ROOTS } from '../core/defaults';
import type { SeveritySetting } from '../core/model';
import { isRuleId } from '../core/rules/registry';
import type { LintOptions, RuleId } from '../core/rules/types';

export const SECTION = 'iflowAuth';

export interface ExtensionSettings {
  expiryWarningDays: number;
  severities: Partial<Record<RuleId, SeveritySetting>>;
  genericRoles: string[];
  /** Role patterns `role-not-allowed` accepts (empty: every role). */
  allowedRoles: string[];
  mappingFile: string;
  certificateGlobs: string[];
  /** The role pattern fixes give a flow ({iflow} = the iFlow id). */
  flowRole: string;
  /** Where imported certificate files are kept, relative to the first workspace folder. */
  certificatesFolder: string;
  /** Roots the SAP load balancer trusts: `btp`, `btp-required`, `neo`, PEM files or folders. */
  trustedRoots: string[];
}

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** Reads `iflowAuth.*`, ignoring (not failing on) values of the wrong type. */
export function readSettings(): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const severities: Partial<Record<RuleId, SeveritySetting>> = {};
  const rules = c.get<Record<string, unknown>>('rules') ?? {};
  for (const [id, value] of Object.entries(rules)) {
    if (isRuleId(id) && typeof value === 'string' && SEVERITIES.has(value)) severities[id] = value as SeveritySetting;
  }
  const days = c.get<number>('expiryWarningDays');
  const strings = (key: string, fallback: readonly string[]): string[] => {
    const v = c.get<unknown>(key);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [...fallback];
  };
  return {
    expiryWarningDays: typeof days === 'number' && days >= 0 ? days : DEFAULT_EXPIRY_WARNING_DAYS,
    severities,
    genericRoles: strings('genericRoles', DEFAULT_GENERIC_ROLES),
    allowedRoles: strings('allowedRoles', DEFAULT_ALLOWED_ROLES),
    mappingFile: c.get<string>('mappingFile')?.trim() || DEFAULT_MAPPING_FILE,
    certificateGlobs: strings('certificateGlobs', DEFAULT_CERTIFICATE_GLOBS),
    flowRole: c.get<string>('flowRole')?.trim() || DEFAULT_FLOW_ROLE,
    certificatesFolder: c.get<string>('certificatesFolder')?.trim() || DEFAULT_CERTIFICATES_FOLDER,
    trustedRoots: strings('trustedRoots', DEFAULT_TRUSTED_ROOTS),
  };
}

/** Lint options for one run; `now` is taken when the run starts, never inside rules. */
export function lintOptions(settings: ExtensionSettings, now: Date = new Date()): LintOptions {
  return { now, expiryWarningDays: settings.expiryWarningDays, severities: settings.severities, genericRoles: settings.genericRoles, allowedRoles: settings.allowedRoles };
}
