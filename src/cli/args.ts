import { isRuleId } from '../core/rules/registry';
import type { RuleId } from '../core/rules/types';
import type { SeveritySetting } from '../core/model';

export class UsageError extends Error {}

export type Format = 'text' | 'compact' | 'json' | 'sarif';

export interface CliArgs {
  command: 'lint' | 'channels' | 'fix' | 'export' | 'logs' | 'help' | 'version';
  paths: string[];
  format: Format;
  now: Date;
  expiryDays: number;
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
  /** export: target folders. */
  neo?: string;
  cf?: string;
  /** `--trusted-roots`: named sets and PEM files/folders; empty = the default (DEFAULT_TRUSTED_ROOTS). */
  trustedRoots: string[];
  /** logs: where the iFlows are (default: the current directory). */
  iflows: string[];
  /** logs: list ok and challenge requests too. */
  all: boolean;
}

export const USAGE = `Usage: iflow-auth <command> [options] [paths…]

Commands:
  lint [paths…]       check the sender authorization of iFlows (files, folders, export .zip files)
  channels [paths…]   list every sender channel and how it authorizes
  fix [paths…]        apply the fixes that change no one's access: move Client Certificate
                      channels to User Role with a flow-specific role + the mapping file, set
                      missing roles, remove duplicate and empty certificate rows; a fix that
                      changes who may call a channel is listed, and applied only with --rule <id>
  export --neo <dir> | --cf <dir>
                      write the mapping file's exports: Neo OData payloads, Cloud Foundry
                      service-instance and service-key parameters
  logs <logs…>        explain failed inbound calls from the tenant's HTTP access logs and LJS
                      traces (files, folders, .gz, .zip) against the iFlows and the mapping file

Options:
  --format text|compact|json|sarif
                               output format (default: text; compact: one
                               file:line:col line per finding)
  --now <ISO-8601>             the instant expiry is judged at (default: now)
  --expiry-days <n>            warning window for certificate-expiring (default: 30)
  --certificates <dir>         more places to find certificate files (repeatable)
  --mapping <file>             the certificate-user mapping file
                               (default: certificate-user-mappings.json in the first path)
  --trusted-roots <btp|btp-required|neo|file|dir>
                               the roots the SAP load balancer trusts (repeatable; the list
                               replaces the default btp = SAP's BTP trust store; name btp in it
                               to add your own PEM roots)
  --rule <id>=<off|info|warning|error>   override a rule's severity (repeatable)
  --rule <id>                  fix: apply only this rule's fixes (repeatable)
  --dry-run                    fix: print a unified diff and write nothing
  --flow-role <pattern>        fix: the role fixes give a flow, {iflow} = the iFlow id
                               (default: {iflow}.send; never a generic role)
  --neo <dir>, --cf <dir>      export: where to write the Neo / Cloud Foundry files
  --iflows <path>              logs: where the iFlows are (repeatable; default: .)
  --all                        logs: list successful calls and Basic-auth challenges too
  --no-color                   plain text output
  -h, --help                   this help
  -v, --version                the version

Exit status: 0 no error or warning, 1 at least one, 2 usage or I/O error.
  logs: 0 no request with a problem verdict, 1 at least one, 2 usage or I/O error (a file that
  cannot be read, or holds no log lines at all).
  fix: 0 every fixable finding fixed (or nothing to fix), 1 some were not fixed (the reason is
  printed: e.g. the fix changes who may call a channel and needs --rule), 2 usage or I/O error
  (a file changed on disk since it was read is not written).
  export: 0 every mapping exported, 1 some entries were not (printed), 2 usage or I/O error.
`;

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** Parses argv (without node and script). Throws UsageError with a message naming the problem. */
export function parseArgs(argv: string[], clock: () => Date = () => new Date()): CliArgs {
  const args: CliArgs = {
    command: 'lint', paths: [], format: 'text', now: clock(), expiryDays: 30, certificates: [], severities: {},
    fixRules: [], dryRun: false, trustedRoots: [], iflows: [], all: false,
  };
  let commandSeen = false;
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = value(i, arg);
      i++;
      return v;
    };
    switch (arg) {
      case '-h': case '--help': args.command = 'help'; break;
      case '-v': case '--version': args.command = 'version'; break;
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'compact' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, compact, json or sarif, not "${f}"`);
        args.format = f;
        break;
      }
      case '--now': {
        const n = take();
        const d = new Date(n);
        if (!/^\d{4}-\d{2}-\d{2}/.test(n) || Number.isNaN(d.getTime())) throw new UsageError(`--now must be an ISO-8601 date or date-time, not "${n}"`);
        args.now = d;
        break;
      }
      case '--expiry-days': {
        const n = take();
        if (!/^\d+$/.test(n)) throw new UsageError(`--expiry-days must be a whole number of days, not "${n}"`);
        args.expiryDays = Number(n);
        break;
      }
      case '--certificates': args.certificates.push(take()); break;
      case '--mapping': args.mapping = take(); break;
      case '--rule': {
        const r = take();
        if (/^[a-z-]+$/.test(r)) {
          if (!isRuleId(r)) throw new UsageError(`unknown rule "${r}" in --rule`);
          if (!args.fixRules.includes(r)) args.fixRules.push(r);
          break;
        }
        const m = /^([a-z-]+)=([a-z]+)$/.exec(r);
        if (!m) throw new UsageError(`--rule takes <id>=<off|info|warning|error>, not "${r}"`);
        if (!isRuleId(m[1])) throw new UsageError(`unknown rule "${m[1]}" in --rule`);
        if (!SEVERITIES.has(m[2])) throw new UsageError(`--rule ${m[1]}: severity must be off, info, warning or error, not "${m[2]}"`);
        args.severities[m[1]] = m[2] as SeveritySetting;
        break;
      }
      case '--dry-run': args.dryRun = true; break;
      case '--flow-role': {
        const r = take().trim();
        if (!r) throw new UsageError('--flow-role needs a role name or pattern such as {iflow}.send');
        args.flowRole = r;
        break;
      }
      case '--trusted-roots': {
        const v = take().trim();
        if (!v) throw new UsageError('--trusted-roots needs btp, btp-required, neo, or a PEM file or folder');
        args.trustedRoots.push(v);
        break;
      }
      case '--neo': args.neo = take(); break;
      case '--cf': args.cf = take(); break;
      case '--iflows': args.iflows.push(take()); break;
      case '--all': args.all = true; break;
      case '--no-color': args.color = false; break;
      case '--color': args.color = true; break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (!commandSeen && args.paths.length === 0 && (arg === 'lint' || arg === 'channels' || arg === 'fix' || arg === 'export' || arg === 'logs')) {
          args.command = arg;
          commandSeen = true;
        } else if (!commandSeen && args.paths.length === 0 && /^[a-z]+$/.test(arg) && !arg.includes('.')) {
          throw new UsageError(`unknown command "${arg}" (commands: lint, channels, fix, export, logs)`);
        } else {
          args.paths.push(arg);
        }
    }
  }
  if (args.command === 'help' || args.command === 'version') return args;
  if (args.command === 'logs') {
    if (args.paths.length === 0) throw new UsageError('logs needs the log files to read (files, folders, .gz or .zip)');
    if (args.format !== 'text' && args.format !== 'json') throw new UsageError(`logs writes text or json, not ${args.format}`);
  } else {
    if (args.paths.length === 0) args.paths.push('.');
    if (args.iflows.length > 0 || args.all) throw new UsageError('--iflows and --all are options of the logs command');
  }
  if (args.fixRules.length > 0 && args.command !== 'fix') throw new UsageError('--rule <id> without a severity selects fixes: only with the fix command (lint and channels take --rule <id>=<severity>)');
  if (args.dryRun && args.command !== 'fix') throw new UsageError('--dry-run is an option of the fix command');
  if (args.flowRole !== undefined && args.command !== 'fix') throw new UsageError('--flow-role is an option of the fix command');
  if ((args.neo !== undefined || args.cf !== undefined) && args.command !== 'export') throw new UsageError('--neo and --cf are options of the export command');
  if (args.command === 'export' && args.neo === undefined && args.cf === undefined) throw new UsageError('export needs --neo <dir> or --cf <dir> (or both)');
  return args;
}
