import * as vscode from 'vscode';
import { isSeveritySetting } from '../core/config/read';
import type { SettingsValues } from '../core/config/types';
import { DEFAULT_CERTIFICATES_FOLDER } from '../core/defaults';
import type { SeveritySetting } from '../core/model';
import { isRuleId } from '../core/rules/registry';
import type { RuleId } from '../core/rules/types';

export const SECTION = 'iflowAuth';

export interface ExtensionSettings {
  /** What the user set in `iflowAuth.*` for the folder (unset fields are decided by the configuration file or the defaults). */
  values: SettingsValues;
  /** Where imported certificate files are kept, relative to the workspace folder. */
  certificatesFolder: string;
}

/**
 * Reads the `iflowAuth.*` a user set for a workspace folder (or the window when none is given),
 * ignoring (not failing on) values of the wrong type. Only what is set counts: a default of
 * package.json must not win over the configuration file's folder for relative paths.
 */
export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  const set = <T>(key: string): T | undefined => {
    const i = c.inspect<T>(key);
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  };
  const strings = (key: string): string[] | undefined => {
    const v = set<unknown>(key);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : undefined;
  };
  const text = (key: string): string | undefined => {
    const v = set<unknown>(key);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const severities: Partial<Record<RuleId, SeveritySetting>> = {};
  const rules = set<Record<string, unknown>>('rules') ?? {};
  for (const [id, value] of Object.entries(rules)) {
    if (isRuleId(id) && isSeveritySetting(value)) severities[id] = value;
  }
  const days = set<unknown>('expiryWarningDays');
  return {
    values: {
      rules: Object.keys(severities).length > 0 ? severities : undefined,
      expiryWarningDays: typeof days === 'number' && days >= 0 ? days : undefined,
      genericRoles: strings('genericRoles'),
      allowedRoles: strings('allowedRoles'),
      flowRole: text('flowRole'),
      mappingFile: text('mappingFile'),
      certificates: strings('certificateGlobs'),
      trustedRoots: strings('trustedRoots'),
    },
    certificatesFolder: text('certificatesFolder') ?? DEFAULT_CERTIFICATES_FOLDER,
  };
}
