import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../core/defaults';
import { describeEndpoint } from '../core/iflow/endpoint';
import { formatChannelsText, type ChannelRow } from '../core/output/channels';
import { formatJson } from '../core/output/json';
import { Locator, sortFindings } from '../core/output/located';
import { formatSarif } from '../core/output/sarif';
import { ansiStyle, formatCompact, formatText, plainStyle } from '../core/output/text';
import { LineIndex } from '../core/text';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args';
import { runExport } from './export';
import { displayPath, loadForCli, sayProblem } from './files';
import { runFix } from './fix';
import { runLogs } from './logs';
import { VERSION } from './version';


export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Resolves when stdout can take more (long outputs wait for a slow reader instead of piling up in memory). */
  drain?: () => Promise<void>;
}

/** A mistake in the command line: one line naming it, and where the help is (not the whole help, which would scroll it away). */
function usageError(io: CliIO, message: string): number {
  io.stderr(`iflow-auth: ${message}\nRun iflow-auth --help for the commands and options.\n`);
  return 2;
}

/** Whether the working directory or one above it holds a configuration file. */
function hasConfigFileAbove(cwd: string): boolean {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, CONFIG_FILE_NAME))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** Runs the CLI; resolves to the exit status: 0 clean, 1 findings (or unfixed), 2 a usage or I/O error. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e.message);
    throw e;
  }
  if (args.command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  if (args.paths.length === 0) {
    // Not `.` blindly (in a repository that lints test fixtures and notes too): the folder of a
    // configuration file says it is meant to be linted; otherwise a bare command gets the usage.
    if (!hasConfigFileAbove(io.cwd)) {
      if (!argv.includes(args.command)) {
        io.stderr(USAGE);
        return 2;
      }
      return usageError(io, `${args.command} needs the files, folders or .zip exports to read (this folder: iflow-auth ${args.command} .)`);
    }
    args.paths.push('.');
  }
  if (args.command === 'fix') return runFix(args, io);
  if (args.command === 'export') return runExport(args, io);
  if (args.command === 'logs') return runLogs(args, io);

  const loaded = await loadForCli(args, io);
  if (!loaded) return 2;
  const { project, failed } = loaded;
  const display = (file: string): string => displayPath(file, io.cwd);

  if (args.command === 'channels') {
    // The list must not look complete when a file could not be read: it is named, and the run exits 2.
    let unreadable = false;
    const channels: ChannelRow[] = [];
    for (const doc of project.documents()) {
      if (doc.error) {
        unreadable = true;
        const at = new LineIndex(doc.text).positionAt(doc.error.range.start);
        sayProblem(io, { file: doc.file, message: `${at.line + 1}:${at.character + 1}: cannot be read as an iFlow: ${doc.error.message}` });
      }
      const labels = doc.channels.map((c) => describeEndpoint(c.endpoint));
      channels.push(...project.channelSummariesOf(doc.file).map((c, i) => ({ ...c, endpointLabel: labels[i], roleImplicit: doc.channels[i].roleImplicit === true })));
    }
    io.stdout(args.format === 'text' ? formatChannelsText(channels, display) : `${JSON.stringify({ channels: channels.map(({ endpointLabel: _, roleImplicit: __, ...c }) => ({ ...c, file: display(c.file) })) }, null, 2)}\n`);
    return failed || unreadable ? 2 : 0;
  }

  const located = sortFindings(new Locator((f) => project.textOf(f)).locate(project.allFindings()));
  const useColor = args.color ?? (io.isTTY && !io.env.NO_COLOR);
  const checked = project.checkedFiles();
  const checkedAny = checked.iflows + checked.mappingFiles + checked.configFiles > 0;
  if (args.format === 'json') io.stdout(formatJson(located, display));
  else if (args.format === 'sarif') io.stdout(formatSarif(located, display, VERSION));
  // Nothing read and the reason on stderr: a summary ("No problems in 0 files") would read as a pass.
  else if (!checkedAny && failed) { /* the errors say it */ }
  else if (args.format === 'compact') io.stdout(formatCompact(located, display, checked));
  else io.stdout(formatText(located, display, useColor ? ansiStyle : plainStyle, checked));

  if (failed) return 2;
  // Exempted findings are shown on request but never fail a run.
  return located.some((f) => !f.suppressed && (f.severity === 'error' || f.severity === 'warning')) ? 1 : 0;
}

if (require.main === module) {
  // A reader that stops early (`iflow-auth lint . | head`) closes the pipe: stop quietly, as
  // command-line tools do, rather than with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    env: process.env,
    drain: () => new Promise<void>((resolve) => {
      if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => resolve());
      else resolve();
    }),
  }).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      process.stderr.write(`iflow-auth: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
