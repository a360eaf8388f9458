import { summarizeChannels, type ChannelSummary } from '../core/channels';
import { createRuleContext, defaultLintOptions, lintIFlow, lintMapping, lintWorkspace } from '../core/engine';
import { describeEndpoint } from '../core/iflow/endpoint';
import { formatJson } from '../core/output/json';
import { Locator, sortFindings } from '../core/output/located';
import { formatSarif } from '../core/output/sarif';
import { ansiStyle, formatCompact, formatText, plainStyle } from '../core/output/text';
import type { IFlowDocument } from '../core/model';
import type { Finding } from '../core/rules/types';
import { LineIndex } from '../core/text';
import { IFlowLoader } from '../core/workspace';
import { parseArgs, USAGE, UsageError, type CliArgs } from './args';
import { runExport } from './export';
import { certificateIndexOf, collectFiles, displayPath, loadMapping, readTextIfExists, toDocument, trustStoreOf } from './files';
import { runFix } from './fix';
import { runLogs } from './logs';

declare const IFLOW_AUTH_VERSION: string | undefined;
const VERSION = typeof IFLOW_AUTH_VERSION === 'string' ? IFLOW_AUTH_VERSION : '0.0.0-dev';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Resolves when stdout can take more (long outputs wait for a slow reader instead of piling up in memory). */
  drain?: () => Promise<void>;
}

/** Runs the CLI; resolves to the exit status (DESIGN §5). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`iflow-auth: ${e.message}\n\n${USAGE}`);
      return 2;
    }
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
  if (args.command === 'fix') return runFix(args, io);
  if (args.command === 'export') return runExport(args, io);
  if (args.command === 'logs') return runLogs(args, io);

  const collected = await collectFiles(args.paths, args.certificates);
  const errors = collected.errors;
  const index = certificateIndexOf(collected, io.stderr);
  const mapping = await loadMapping(args, io.cwd, errors);
  const options = { ...defaultLintOptions(args.now), expiryWarningDays: args.expiryDays, severities: args.severities };
  const trust = await trustStoreOf(args.trustedRoots, io.cwd, errors);
  const ctx = createRuleContext(options, index, mapping, { trust });
  const loader = new IFlowLoader(readTextIfExists);

  const texts = new Map<string, string>();
  const docs: IFlowDocument[] = [];
  const channels: ChannelSummary[] = [];
  // Parallel to channels, for the text format only (the JSON contract has no such fields).
  const endpointLabels: Array<string | undefined> = [];
  const implicitRoles: boolean[] = [];
  for (const source of collected.iflows) {
    const doc = await toDocument(source, loader);
    texts.set(doc.file, doc.text);
    docs.push(doc);
    if (args.command === 'channels') {
      // The list must not look complete when a file could not be read: it is named, and the run exits 2.
      if (doc.error) {
        const at = new LineIndex(doc.text).positionAt(doc.error.range.start);
        errors.push({ file: doc.file, message: `${at.line + 1}:${at.character + 1}: cannot be read as an iFlow: ${doc.error.message}` });
      }
      channels.push(...summarizeChannels(doc, ctx));
      endpointLabels.push(...doc.channels.map((c) => describeEndpoint(c.endpoint)));
      implicitRoles.push(...doc.channels.map((c) => c.roleImplicit === true));
    }
  }
  if (mapping && args.command === 'lint') texts.set(mapping.file, mapping.text);
  const lintAll = (): Finding[] => [
    ...docs.flatMap((doc) => lintIFlow(doc, ctx)),
    ...lintWorkspace(docs, ctx),
    ...(mapping ? lintMapping(mapping, ctx) : []),
  ];
  let findings: Finding[] = [];
  if (args.command === 'lint') {
    findings = lintAll();
    // Chains were followed by names and key ids; check the signatures of the links they used, and
    // lint again while a check changes a chain (a forged issuer name).
    for (let round = 0; round < 4 && ctx.chains.signatures.pendingCount > 0; round++) {
      if ((await ctx.chains.signatures.verifyPending()) === 0) break;
      findings = lintAll();
    }
  }

  for (const e of errors) io.stderr(`iflow-auth: ${e.file}: ${e.message}\n`);
  const display = (file: string): string => displayPath(file, io.cwd);

  if (args.command === 'channels') {
    io.stdout(args.format === 'text' ? formatChannelsText(channels, endpointLabels, implicitRoles, display) : `${JSON.stringify({ channels: channels.map((c) => ({ ...c, file: display(c.file) })) }, null, 2)}\n`);
    return errors.length > 0 ? 2 : 0;
  }

  const located = sortFindings(new Locator((f) => texts.get(f)).locate(findings));
  const useColor = args.color ?? (io.isTTY && !io.env.NO_COLOR);
  if (args.format === 'json') io.stdout(formatJson(located, display));
  else if (args.format === 'sarif') io.stdout(formatSarif(located, display, VERSION));
  else if (args.format === 'compact') io.stdout(formatCompact(located, display, collected.iflows.length + (mapping ? 1 : 0)));
  else io.stdout(formatText(located, display, useColor ? ansiStyle : plainStyle, collected.iflows.length + (mapping ? 1 : 0)));

  if (errors.length > 0) return 2;
  return located.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

function formatChannelsText(channels: ChannelSummary[], endpointLabels: Array<string | undefined>, implicitRoles: boolean[], display: (f: string) => string): string {
  if (channels.length === 0) return 'No sender channels found.\n';
  const label: Record<ChannelSummary['authorization'], string> = {
    userRole: 'User Role', clientCertificate: 'Client Certificate', externalized: 'externalized', unknown: 'unknown', none: '—',
  };
  const lines: string[] = [];
  let file: string | undefined;
  for (const [i, c] of channels.entries()) {
    if (c.file !== file) {
      if (file !== undefined) lines.push('');
      lines.push(`${c.iflow}  (${display(c.file)})`);
      file = c.file;
    }
    const role = c.authorization === 'userRole' ? `  role ${c.role || '(empty)'}${implicitRoles[i] ? ' (implicit: none set)' : ''}` : '';
    const endpoint = endpointLabels[i] ? `  ${endpointLabels[i]}` : '';
    lines.push(`  ${c.channel || c.id}  ${c.adapter}  ${label[c.authorization]}${role}${endpoint}`);
    for (const cert of c.certificates) {
      lines.push(`    ${cert.subjectDN || '(empty subject)'}  issued by ${cert.issuerDN || '(empty issuer)'}${cert.notAfter ? `  until ${cert.notAfter.slice(0, 10)}` : '  (certificate not found)'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
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
