import { parseArgs as parseArgv } from 'node:util';
import { isSeveritySetting } from '../core/config/read';
import { isRuleId, rules } from '../core/rules/registry';
import type { RuleId } from '../core/rules/types';
import type { SeveritySetting } from '../core/model';
import { CONFIG_FILE_NAME, DEFAULT_CF_EXPORT_FOLDER, DEFAULT_EXPIRY_WARNING_DAYS, DEFAULT_FLOW_ROLE, DEFAULT_MAPPING_FILE, DEFAULT_NEO_EXPORT_FOLDER } from '../core/defaults';

/** A mistake in the command line: one line naming it (the caller adds where the help is). */
export class UsageError extends Error {}

export type Format = 'text' | 'compact' | 'json' | 'sarif';

export interface CliArgs {
  command: 'lint' | 'channels' | 'fix' | 'export' | 'logs' | 'help' | 'version';
  paths: string[];
  format: Format;
  now: Date;
  /** `--expiry-days`; undefined when not given (the configuration's or the default window applies). */
  expiryDays?: number;
  certificates: string[];
  mapping?: string;
  severities: Partial<Record<RuleId, SeveritySetting>>;
  color?: boolean;
  /** fix: the rules whose fixes to apply (`--rule <id>`); empty = every fix that needs no question. */
  fixRules: RuleId[];
  /** fix: print a unified diff, write nothing. */
  dryRun: boolean;
  /** fix: the role pattern fixes give a flow (`--flow-role`; undefined: the default, DEFAULT_FLOW_ROLE). */
  flowRole?: string;
  /** `--config <file>`: this configuration file for every linted file; `--no-config`: none. Default: the nearest. */
  config?: string | { none: true };
  /** export: target folders ('' for the default one next to the mapping file). */
  neo?: string;
  cf?: string;
  /** `--trusted-roots`: named sets and PEM files/folders; empty = the default (DEFAULT_TRUSTED_ROOTS). */
  trustedRoots: string[];
  /** logs: where the iFlows are (default: the current directory). */
  iflows: string[];
  /** logs: list ok and challenge requests too. */
  all: boolean;
  /** export: write even into a folder holding files iflow-auth did not write. */
  force: boolean;
}

export const USAGE = `Usage: iflow-auth <command> [options] <paths…>

Commands:
  lint <paths…>       check the sender authorization of iFlows (files, folders, export .zip files)
  channels <paths…>   list every sender channel and how it authorizes
  fix <paths…>        apply the fixes that change no one's access: move Client Certificate
                      channels to User Role with a flow-specific role + the mapping file, set
                      missing roles, remove duplicate and empty certificate rows; a fix that
                      changes who may call a channel is listed, and applied only with --rule <id>
  export --neo [<dir>] | --cf [<dir>]
                      write the mapping file's exports: Neo OData payloads, Cloud Foundry
                      service-instance and service-key parameters, each into a folder of its own
                      (default: ${DEFAULT_NEO_EXPORT_FOLDER} and ${DEFAULT_CF_EXPORT_FOLDER} next to the
                      mapping file); never over a file it did not write
  logs <logs…>        explain failed inbound calls from the tenant's HTTP access logs and LJS
                      traces (files, folders, .gz, .zip) against the iFlows and the mapping file

Options:
  --format text|compact|json|sarif
                               output format (default: text; compact: one
                               file:line:col line per finding)
  --now <ISO-8601>             the instant expiry is judged at (default: now)
  --expiry-days <n>            warning window for certificate-expiring (default: ${DEFAULT_EXPIRY_WARNING_DAYS})
  --certificates <dir|glob>    more places to find certificate files (repeatable; quote a
                               glob: 'partners/*.pem'); the linted paths and the configuration
                               file's certificates are always searched
  --mapping <file>             the certificate-user mapping file (default: the configuration
                               file's mappingFile, else the nearest ${DEFAULT_MAPPING_FILE}
                               in the first path or above it in its repository)
  --trusted-roots <btp|btp-required|neo|file|dir>
                               the roots the SAP load balancer trusts (repeatable; the list
                               replaces the default btp = SAP's BTP trust store; name btp in it
                               to add your own PEM roots)
  --config <file>              use this configuration file for every linted file
                               (default: the nearest .iflow-auth.json above each file)
  --no-config                  use no configuration file (flags and defaults only)
  --rule <id>=<off|info|warning|error>   override a rule's severity (repeatable)
  --rule <id>                  fix: apply only this rule's fixes (repeatable)
  --dry-run                    fix: print a unified diff and write nothing
  --flow-role <pattern>        fix: the role fixes give a flow, {iflow} = the iFlow id
                               (default: ${DEFAULT_FLOW_ROLE}; never a generic role)
  --neo [<dir>], --cf [<dir>]  export: where to write the Neo / Cloud Foundry files (default:
                               ${DEFAULT_NEO_EXPORT_FOLDER} and ${DEFAULT_CF_EXPORT_FOLDER} next to the
                               mapping file); the word after the option is its folder: put the
                               paths first (export . --neo --cf), or write --cf= for the default
  --force                      export: write even into a folder holding files iflow-auth did not
                               write (those with the export's names are replaced, others stay)
  --iflows <path>              logs: where the iFlows are (repeatable; default: .)
  --all                        logs: list successful calls and Basic-auth challenges too
  --no-color                   plain text output
  -h, --help                   this help
  -v, --version                the version

Without paths, lint, channels and fix read the current folder if it or one above holds
a ${CONFIG_FILE_NAME}; otherwise they ask for paths.

Exit status: 0 no error or warning, 1 at least one, 2 usage or I/O error.
  channels: 0 listed, 2 usage or I/O error (a file that cannot be read as an iFlow is named).
  logs: 0 no request with a problem verdict, 1 at least one, 2 usage or I/O error (a file that
  cannot be read, or holds no log lines at all).
  fix: 0 every fixable finding fixed (or nothing to fix), 1 some were not fixed (the reason is
  printed: e.g. the fix changes who may call a channel and needs --rule), 2 usage or I/O error
  (a file changed on disk since it was read is not written).
  export: 0 every mapping exported, 1 some entries were not, or an export was refused because
  one certificate would go to two users / service keys (printed), 2 usage or I/O error, or the
  folder holds files iflow-auth did not write (named; --force writes anyway).
`;

const COMMANDS = ['lint', 'channels', 'fix', 'export', 'logs'] as const;
const FORMATS: readonly Format[] = ['text', 'compact', 'json', 'sarif'];
/** The formats each command writes (fix and export write reports of what they did). */
const FORMATS_OF: Partial<Record<CliArgs['command'], readonly Format[]>> = { lint: FORMATS, channels: ['text', 'json'], logs: ['text', 'json'] };
const either = (words: readonly string[]): string => (words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`);

/** Every option, for node:util's parseArgs (which finds unknown options and missing values). */
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  format: { type: 'string' },
  now: { type: 'string' },
  'expiry-days': { type: 'string' },
  certificates: { type: 'string', multiple: true },
  mapping: { type: 'string' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  'trusted-roots': { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  'flow-role': { type: 'string' },
  neo: { type: 'string' },
  cf: { type: 'string' },
  force: { type: 'boolean' },
  iflows: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

/** Options only some commands take. */
const ONLY_FOR: Partial<Record<keyof typeof OPTIONS, CliArgs['command']>> = { 'dry-run': 'fix', 'flow-role': 'fix', neo: 'export', cf: 'export', force: 'export', iflows: 'logs', all: 'logs' };

/** One line for node:util's message: `Unknown option '--x'. To specify…` → `unknown option --x`. */
function usageMessage(e: Error & { code?: string }, argv: string[]): string {
  const first = e.message.split('\n')[0].replace(/\.$/, '');
  const option = /'(-[^' ]+)/.exec(first)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (/argument is ambiguous/.test(first) && option) {
    const next = argv[argv.indexOf(option) + 1];
    return `${option} needs a value${next ? ` (one that starts with a dash goes as ${option}=${next})` : ''}`;
  }
  if (/argument missing/.test(first) && option) return `${option} needs a value`;
  if (/does not take an argument/.test(first) && option) return `${option} takes no value`;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** An unknown rule id: the ids that share most of its words first (a misremembered id is usually near), then them all. */
function unknownRule(id: string): UsageError {
  const words = id.split('-').filter((w) => w.length >= 3);
  const alike = (a: string, b: string): boolean => a.startsWith(b) || b.startsWith(a); // expire ~ expired
  const shared = (ruleId: string): number => ruleId.split('-').filter((w) => words.some((v) => alike(v, w))).length;
  const best = Math.max(...rules.map((r) => shared(r.id)));
  const near = best > 0 ? rules.map((r) => r.id).filter((r) => shared(r) === best).slice(0, 3) : [];
  return new UsageError(`unknown rule "${id}" in --rule${near.length > 0 ? ` (did you mean ${either(near)}?)` : ''}; the rules are: ${rules.map((r) => r.id).join(', ')}`);
}

/** Parses argv (without node and script). Throws UsageError with a one-line message naming the problem. */
export function parseArgs(argv: string[], clock: () => Date = () => new Date()): CliArgs {
  // --neo and --cf take an optional folder: bare (last, or before another option) they mean the
  // default folder next to the mapping file, which node:util's parseArgs cannot express.
  const withDefaults = argv.map((a, i) => ((a === '--neo' || a === '--cf') && (i === argv.length - 1 || argv[i + 1].startsWith('-')) ? `${a}=` : a));
  let parsed;
  try {
    parsed = parseArgv({ args: withDefaults, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(usageMessage(e as Error, argv));
  }
  const { values: v, positionals } = parsed;
  const args: CliArgs = {
    command: 'lint', paths: [...positionals], format: 'text', now: clock(), certificates: v.certificates ?? [], severities: {},
    fixRules: [], dryRun: v['dry-run'] ?? false, trustedRoots: [], iflows: v.iflows ?? [], all: v.all ?? false, force: v.force ?? false,
  };
  if (v.help) return { ...args, command: 'help' };
  if (v.version) return { ...args, command: 'version' };

  const first = args.paths[0];
  if ((COMMANDS as readonly string[]).includes(first)) {
    args.command = first as CliArgs['command'];
    args.paths.shift();
  } else if (first !== undefined && /^[a-z]+$/.test(first)) {
    throw new UsageError(`unknown command "${first}" (the commands: ${COMMANDS.join(', ')}; a folder of that name: iflow-auth lint ${first})`);
  }
  for (const [option, command] of Object.entries(ONLY_FOR)) {
    if (v[option as keyof typeof v] !== undefined && args.command !== command) throw new UsageError(`--${option} is an option of the ${command} command`);
  }

  if (v.format !== undefined) {
    const formats = FORMATS_OF[args.command];
    if (!formats) throw new UsageError(`--format is not an option of the ${args.command} command`);
    if (!(formats as readonly string[]).includes(v.format)) throw new UsageError(`--format${args.command === 'lint' ? '' : ` of ${args.command}`} must be ${either(formats)}, not "${v.format}"`);
    args.format = v.format as Format;
  }
  if (v.now !== undefined) {
    const d = new Date(v.now);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v.now) || Number.isNaN(d.getTime())) throw new UsageError(`--now must be an ISO-8601 date or date-time, not "${v.now}"`);
    args.now = d;
  }
  if (v['expiry-days'] !== undefined) {
    if (!/^\d+$/.test(v['expiry-days'])) throw new UsageError(`--expiry-days must be a whole number of days, not "${v['expiry-days']}"`);
    args.expiryDays = Number(v['expiry-days']);
  }
  if (v.mapping !== undefined) args.mapping = v.mapping;
  if (v.config !== undefined && v['no-config']) throw new UsageError('--config <file> and --no-config exclude each other');
  if (v.config !== undefined) args.config = v.config;
  else if (v['no-config']) args.config = { none: true };
  for (const r of v.rule ?? []) {
    if (/^[a-z-]+$/.test(r)) {
      if (!isRuleId(r)) throw unknownRule(r);
      if (args.command !== 'fix') throw new UsageError(`--rule ${r} without a severity selects fixes: only with the fix command (lint and channels take --rule ${r}=<off|info|warning|error>)`);
      if (!args.fixRules.includes(r)) args.fixRules.push(r);
      continue;
    }
    const m = /^([a-z-]+)=([a-z]+)$/.exec(r);
    if (!m) throw new UsageError(`--rule takes <id>=<off|info|warning|error>, not "${r}"`);
    if (!isRuleId(m[1])) throw unknownRule(m[1]);
    if (!isSeveritySetting(m[2])) throw new UsageError(`--rule ${m[1]}: severity must be off, info, warning or error, not "${m[2]}"`);
    args.severities[m[1]] = m[2];
  }
  if (v['flow-role'] !== undefined) {
    const role = v['flow-role'].trim();
    if (!role) throw new UsageError('--flow-role needs a role name or pattern such as {iflow}.send');
    args.flowRole = role;
  }
  for (const roots of v['trusted-roots'] ?? []) {
    if (!roots.trim()) throw new UsageError('--trusted-roots needs btp, btp-required, neo, or a PEM file or folder');
    args.trustedRoots.push(roots.trim());
  }
  if (v.neo !== undefined) args.neo = v.neo;
  if (v.cf !== undefined) args.cf = v.cf;
  if (v['no-color']) args.color = false;
  else if (v.color) args.color = true;
  if (args.command === 'export' && args.neo === undefined && args.cf === undefined) throw new UsageError('export needs --neo [<dir>] or --cf [<dir>] (or both)');
  if (args.command === 'logs' && args.paths.length === 0) throw new UsageError('logs needs the log files to read (files, folders, .gz or .zip)');
  // export reads the mapping file of the current folder; the other commands are not pointed at
  // `.` blindly (runCli decides: a configuration file there, or the usage).
  if (args.paths.length === 0 && args.command === 'export') args.paths.push('.');
  return args;
}
