/**
 * Precedence: CLI flags > the configuration file > the editor's settings > the defaults. Each field
 * comes whole from the first source that sets it, except `rules`, which is merged rule by rule
 * (a flag that turns one rule off keeps the file's other severities). Pure.
 */
import {
  DEFAULT_ALLOWED_ROLES, DEFAULT_CERTIFICATE_GLOBS, DEFAULT_EXPIRY_WARNING_DAYS, DEFAULT_FLOW_ROLE,
  DEFAULT_GENERIC_ROLES, DEFAULT_MAPPING_FILE, DEFAULT_TRUSTED_ROOTS,
} from '../defaults';
import type { SeveritySetting } from '../model';
import type { LintOptions, RuleId } from '../rules/types';
import { isValidConfig, type ConfigFile, type EffectiveSettings, type RelativeTo, type SettingsLayer, type SettingsValues } from './types';

export interface SettingsSources {
  /** The CLI's flags (relative to the working directory). */
  flags?: SettingsLayer;
  /** The nearest `.iflow-auth.json`, valid or not (an invalid one contributes nothing). */
  configFile?: ConfigFile;
  /** The editor's `iflowAuth.*` settings for the file's workspace folder. */
  editor?: SettingsLayer;
  /**
   * Where defaults that name files start when there is no configuration file: the workspace
   * folder, or the CLI's first lint root. With a configuration file, its folder.
   */
  root: string;
}

/** The settings that apply to a file, from its sources. */
export function effectiveSettings(sources: SettingsSources): EffectiveSettings {
  const file: SettingsLayer | undefined = sources.configFile && isValidConfig(sources.configFile)
    ? { values: sources.configFile.values, base: sources.configFile.folder }
    : undefined;
  const layers = [sources.flags, file, sources.editor].filter((l): l is SettingsLayer => l !== undefined);
  const defaultBase = sources.configFile ? sources.configFile.folder : sources.root;

  const first = <K extends keyof SettingsValues>(key: K): SettingsLayer | undefined => layers.find((l) => l.values[key] !== undefined);
  const value = <K extends keyof SettingsValues>(key: K, fallback: NonNullable<SettingsValues[K]>): NonNullable<SettingsValues[K]> =>
    (first(key)?.values[key] ?? fallback) as NonNullable<SettingsValues[K]>;
  const relative = <K extends 'mappingFile' | 'certificates' | 'trustedRoots'>(key: K, fallback: NonNullable<SettingsValues[K]>): RelativeTo<NonNullable<SettingsValues[K]>> => {
    const layer = first(key);
    return layer ? { value: layer.values[key] as NonNullable<SettingsValues[K]>, base: layer.base } : { value: fallback, base: defaultBase };
  };

  const severities: Partial<Record<RuleId, SeveritySetting>> = {};
  for (const layer of [...layers].reverse()) Object.assign(severities, layer.values.rules);

  return {
    severities,
    expiryWarningDays: value('expiryWarningDays', DEFAULT_EXPIRY_WARNING_DAYS),
    genericRoles: [...value('genericRoles', [...DEFAULT_GENERIC_ROLES])],
    allowedRoles: [...value('allowedRoles', [...DEFAULT_ALLOWED_ROLES])],
    flowRole: value('flowRole', DEFAULT_FLOW_ROLE),
    mappingFile: relative('mappingFile', DEFAULT_MAPPING_FILE),
    certificates: relative('certificates', [...DEFAULT_CERTIFICATE_GLOBS]),
    trustedRoots: relative('trustedRoots', [...DEFAULT_TRUSTED_ROOTS]),
    exemptions: file ? sources.configFile!.exemptions : [],
    configFile: sources.configFile,
  };
}

/** The rules' options for one run under these settings; `now` is read once per run by the caller. */
export function lintOptionsOf(settings: EffectiveSettings, now: Date): LintOptions {
  return {
    now,
    expiryWarningDays: settings.expiryWarningDays,
    severities: settings.severities,
    genericRoles: settings.genericRoles,
    allowedRoles: settings.allowedRoles,
  };
}
