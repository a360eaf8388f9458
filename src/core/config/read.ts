/**
 * Reads `.iflow-auth.json`: JSON with comments (and trailing commas, as VS Code's own settings
 * files allow). Never throws. A file that is not JSON, or not the expected shape, is reported
 * problem by problem with its position, and nothing of it is used: half a configuration would
 * judge differently from what its author wrote, silently.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { globProblem } from '../glob';
import { tooDeeplyNested } from '../jsonNesting';
import type { SeveritySetting, SourceError, TextRange } from '../model';
import { folderOf, isAbsolutePath } from '../paths';
import { isRuleId } from '../rules/registry';
import type { RuleId } from '../rules/types';
import type { ConfigFile, Exemption, SettingsValues } from './types';

/** The fields of the file, in the order the schema and the README list them. */
export const CONFIG_FIELDS = ['rules', 'expiryWarningDays', 'genericRoles', 'allowedRoles', 'flowRole', 'mappingFile', 'certificates', 'trustedRoots', 'exemptions'] as const;
export const EXEMPTION_FIELDS = ['rule', 'reason', 'iflow', 'channel', 'user', 'file', 'until'] as const;
/** Rules about the configuration file itself: an exemption cannot silence them. */
export const CONFIG_FILE_RULES: readonly RuleId[] = ['invalid-config-file', 'unused-exemption', 'expired-exemption'];
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'info', 'warning', 'error'];

/** Whether a value (a flag's, a setting's) is one of SEVERITY_SETTINGS. */
export const isSeveritySetting = (value: unknown): value is SeveritySetting => SEVERITY_SETTINGS.includes(value as SeveritySetting);
/** A century: more is a typo, and date arithmetic far beyond it stops being meaningful. */
export const MAX_EXPIRY_WARNING_DAYS = 36500;
/** Thousands of exemptions fit in far less; a bigger file is not a configuration (and would take seconds to parse). */
export const MAX_CONFIG_SIZE = 1_000_000;
/** The file nests 3 levels (exemptions → exemption → value); anything far deeper is not a configuration. */
const MAX_CONFIG_DEPTH = 32;
/** The placeholder `flowRole` must hold, so each flow gets a role of its own. */
export const FLOW_ROLE_PLACEHOLDER = '{iflow}';

const rangeOf = (node: Node): TextRange => ({ start: node.offset, end: node.offset + node.length });
const nameOf = (p: Node): string => String(p.children?.[0]?.value);
const hasText = (s: string): boolean => s.trim() !== '';

/**
 * A relative path with no `..` segment: the mapping file is written by fixes and imports, so a
 * configuration file from a cloned repository must not point them outside the repository.
 */
export function isInsideFolder(p: string): boolean {
  return !isAbsolutePath(p) && !p.split(/[\\/]/).includes('..');
}

/** `YYYY-MM-DD` naming a real day. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function parseErrorMessage(text: string, errors: ParseError[]): SourceError {
  const first = errors[0];
  if (!first) return { message: 'not valid JSON: the file is empty', range: { start: 0, end: 0 } };
  const start = Math.min(first.offset, text.length);
  const end = Math.min(text.length, first.offset + Math.max(first.length, 1));
  const code = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return { message: `not valid JSON: ${code}`, range: { start, end } };
}

/** Reads the configuration file at `file` (a path or URI string). */
export function readConfigFile(text: string, file: string): ConfigFile {
  const config: ConfigFile = { file, folder: folderOf(file), text, values: {}, exemptions: [], problems: [] };
  if (text.length > MAX_CONFIG_SIZE) {
    config.problems.push({ message: `the file has ${text.length.toLocaleString('en-US')} characters; a configuration file has at most ${MAX_CONFIG_SIZE.toLocaleString('en-US')}`, range: { start: 0, end: 0 } });
    return config;
  }
  const deep = tooDeeplyNested(text, MAX_CONFIG_DEPTH);
  if (deep) {
    config.problems.push(deep);
    return config;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length > 0 || !root) {
    config.problems.push(parseErrorMessage(text, errors));
    return config;
  }
  if (root.type !== 'object') {
    config.problems.push({ message: `expected an object with the settings (${CONFIG_FIELDS.join(', ')})`, range: rangeOf(root) });
    return config;
  }
  const problems = config.problems;
  const problem = (node: Node, message: string): void => {
    problems.push({ message, range: rangeOf(node) });
  };
  const values: SettingsValues = {};
  const exemptions: Exemption[] = [];
  const seen = new Set<string>();
  for (const p of root.children ?? []) {
    const name = nameOf(p);
    const value = p.children?.[1];
    const key = p.children![0];
    if (seen.has(name)) problem(key, `"${name}" appears twice (only one would be used)`);
    seen.add(name);
    if (!value) continue;
    switch (name) {
      case '$schema':
        if (value.type !== 'string') problem(value, '"$schema" must be a string');
        break;
      case 'rules':
        values.rules = readRules(value, problem);
        break;
      case 'expiryWarningDays':
        if (value.type === 'number' && Number.isInteger(value.value) && value.value >= 0 && value.value <= MAX_EXPIRY_WARNING_DAYS) values.expiryWarningDays = value.value as number;
        else problem(value, `"expiryWarningDays" must be a whole number of days from 0 to ${MAX_EXPIRY_WARNING_DAYS}`);
        break;
      case 'genericRoles':
      case 'trustedRoots':
        values[name] = readStrings(value, name, problem);
        break;
      case 'allowedRoles':
      case 'certificates':
        values[name] = readStrings(value, name, problem, globProblem);
        break;
      case 'flowRole':
        if (value.type !== 'string' || !hasText(value.value as string)) problem(value, '"flowRole" must be a role name pattern such as "{iflow}.send"');
        else if (!(value.value as string).includes(FLOW_ROLE_PLACEHOLDER)) problem(value, `"flowRole" must contain ${FLOW_ROLE_PLACEHOLDER} (the iFlow id): without it every flow would get the same role`);
        else values.flowRole = value.value as string;
        break;
      case 'mappingFile':
        if (value.type !== 'string' || !hasText(value.value as string)) problem(value, '"mappingFile" must be a path (relative to this file\'s folder)');
        else if (!isInsideFolder(value.value as string)) problem(value, '"mappingFile" must be a path inside this file\'s folder, without ".." (fixes and imports write to it)');
        else values.mappingFile = value.value as string;
        break;
      case 'exemptions':
        if (value.type !== 'array') problem(value, '"exemptions" must be an array of {"rule", "reason", …}');
        else (value.children ?? []).forEach((e, i) => {
          const exemption = readExemption(e, i, problem);
          if (exemption) exemptions.push(exemption);
        });
        break;
      default:
        problem(key, `unknown setting "${name}" (expected ${CONFIG_FIELDS.join(', ')})`);
    }
  }
  if (problems.length === 0) {
    config.values = values;
    config.exemptions = exemptions;
  }
  return config;
}

type Problem = (node: Node, message: string) => void;

function readRules(node: Node, problem: Problem): Partial<Record<RuleId, SeveritySetting>> | undefined {
  if (node.type !== 'object') {
    problem(node, '"rules" must be an object of rule id → "off" | "info" | "warning" | "error"');
    return undefined;
  }
  const rules: Partial<Record<RuleId, SeveritySetting>> = {};
  for (const p of node.children ?? []) {
    const id = nameOf(p);
    const value = p.children?.[1];
    if (!isRuleId(id)) {
      problem(p.children![0], `unknown rule "${id}"`);
    } else if (!value || value.type !== 'string' || !SEVERITY_SETTINGS.includes(value.value as SeveritySetting)) {
      problem(value ?? p, `rule "${id}": the severity must be "off", "info", "warning" or "error"`);
    } else {
      rules[id] = value.value as SeveritySetting;
    }
  }
  return rules;
}

function readStrings(node: Node, name: string, problem: Problem, check?: (s: string) => string | undefined): string[] | undefined {
  if (node.type !== 'array') {
    problem(node, `"${name}" must be an array of strings`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of node.children ?? []) {
    if (item.type !== 'string' || !hasText(item.value as string)) {
      problem(item, `"${name}" must hold non-empty strings`);
      continue;
    }
    const why = check?.((item.value as string).replace(/^!/, ''));
    if (why) problem(item, `"${name}": ${why}`);
    else out.push(item.value as string);
  }
  return out;
}

function readExemption(node: Node, index: number, problem: Problem): Exemption | undefined {
  const label = `exemption ${index + 1}`;
  if (node.type !== 'object') {
    problem(node, `${label} must be an object with "rule" and "reason"`);
    return undefined;
  }
  const fields = new Map<string, Node>();
  for (const p of node.children ?? []) {
    const name = nameOf(p);
    if (!(EXEMPTION_FIELDS as readonly string[]).includes(name)) problem(p.children![0], `unknown field "${name}" in ${label} (expected ${EXEMPTION_FIELDS.join(', ')})`);
    else if (p.children?.[1]) fields.set(name, p.children[1]);
  }
  let ok = true;
  const text = (name: string): string | undefined => {
    const v = fields.get(name);
    if (!v) return undefined;
    if (v.type === 'string' && hasText(v.value as string)) return v.value as string;
    problem(v, `${label}: "${name}" must be a non-empty string`);
    ok = false;
    return undefined;
  };
  const ruleNode = fields.get('rule');
  const rule = text('rule');
  if (!ruleNode) {
    problem(node, `${label} has no "rule"`);
    ok = false;
  } else if (rule !== undefined && !isRuleId(rule)) {
    problem(ruleNode, `${label}: unknown rule "${rule}"`);
    ok = false;
  } else if (rule !== undefined && CONFIG_FILE_RULES.includes(rule as RuleId)) {
    problem(ruleNode, `${label}: "${rule}" is about this file itself and cannot be exempted`);
    ok = false;
  }
  const reason = text('reason');
  if (!fields.has('reason')) {
    problem(node, `${label} has no "reason": say why the finding is accepted (it is shown with every exempted finding)`);
    ok = false;
  }
  const iflow = text('iflow');
  const channel = text('channel');
  const user = text('user');
  const file = text('file');
  const fileNode = fields.get('file');
  if (file !== undefined && fileNode) {
    const why = globProblem(file);
    if (why) {
      problem(fileNode, `${label}: "file" is ${why}`);
      ok = false;
    }
  }
  const until = text('until');
  const untilNode = fields.get('until');
  if (until !== undefined && untilNode && !isCalendarDate(until)) {
    problem(untilNode, `${label}: "until" must be a date written YYYY-MM-DD`);
    ok = false;
  }
  if (!ok || rule === undefined || reason === undefined) return undefined;
  return { index, rule: rule as RuleId, reason, iflow, channel, user, file, until, range: rangeOf(node) };
}
