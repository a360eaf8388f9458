import { isRuleId } from '../core/rules/registry';
import type { RuleId } from '../core/rules/types';
import type { SeveritySetting } from '../core/model';

export class UsageError extends Error {}

export type Format = 'text' | 'json' | 'sarif';

export interface CliArgs {
  command: 'lint' | 'channels' | 'help' | 'version';
  paths: string[];
  format: Format;
  now: Date;
  expiryDays: number;
  certificates: string[];
  mapping?: string;
  severities: Partial<Record<RuleId, SeveritySetting>>;
  color?: boolean;
}

export const USAGE = `Usage: iflow-auth <command> [options] [paths…]

Commands:
  lint [paths…]       check the sender authorization of iFlows (files, folders, export .zip files)
  channels [paths…]   list every sender channel and how it authorizes

Options:
  --format text|json|sarif     output format (default: text)
  --now <ISO-8601>             the instant expiry is judged at (default: now)
  --expiry-days <n>            warning window for certificate-expiring (default: 30)
  --certificates <dir>         more places to find certificate files (repeatable)
  --mapping <file>             the certificate-user mapping file
                               (default: certificate-user-mappings.json in the first path)
  --rule <id>=<off|info|warning|error>   override a rule's severity (repeatable)
  --no-color                   plain text output
  -h, --help                   this help
  -v, --version                the version

Exit status: 0 no error or warning, 1 at least one, 2 usage or I/O error.
`;

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

/** Parses argv (without node and script). Throws UsageError with a message naming the problem. */
export function parseArgs(argv: string[], clock: () => Date = () => new Date()): CliArgs {
  const args: CliArgs = { command: 'lint', paths: [], format: 'text', now: clock(), expiryDays: 30, certificates: [], severities: {} };
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
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${f}"`);
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
        const m = /^([a-z-]+)=([a-z]+)$/.exec(r);
        if (!m) throw new UsageError(`--rule takes <id>=<off|info|warning|error>, not "${r}"`);
        if (!isRuleId(m[1])) throw new UsageError(`unknown rule "${m[1]}" in --rule`);
        if (!SEVERITIES.has(m[2])) throw new UsageError(`--rule ${m[1]}: severity must be off, info, warning or error, not "${m[2]}"`);
        args.severities[m[1]] = m[2] as SeveritySetting;
        break;
      }
      case '--no-color': args.color = false; break;
      case '--color': args.color = true; break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (!commandSeen && args.paths.length === 0 && (arg === 'lint' || arg === 'channels')) {
          args.command = arg;
          commandSeen = true;
        } else if (!commandSeen && args.paths.length === 0 && /^[a-z]+$/.test(arg) && !arg.includes('.')) {
          throw new UsageError(`unknown command "${arg}" (commands: lint, channels)`);
        } else {
          args.paths.push(arg);
        }
    }
  }
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}
