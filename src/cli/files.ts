import * as path from 'node:path';
import { Project } from '../core/project/project';
import type { SettingsLayer } from '../core/config/types';
import type { CliArgs } from './args';
import type { CliIO } from './main';
import { NodeFileSystem, projectPath } from './nodeFileSystem';

/** Chains that change after a signature check are followed again, this many times at most. */
const MAX_SIGNATURE_ROUNDS = 4;

/**
 * The project a CLI run works on: its paths (and `--certificates`) as roots, its flags over
 * everything else, the first path's mapping file unless `--mapping` names one.
 */
export function cliProject(args: CliArgs, cwd: string): Project {
  const flags: SettingsLayer = {
    values: {
      rules: Object.keys(args.severities).length > 0 ? args.severities : undefined,
      expiryWarningDays: args.expiryDays,
      flowRole: args.flowRole,
      mappingFile: args.mapping,
      trustedRoots: args.trustedRoots.length > 0 ? args.trustedRoots : undefined,
    },
    base: projectPath(cwd, '.'),
  };
  return new Project({
    fs: new NodeFileSystem(),
    roots: [
      ...args.paths.map((p) => ({ path: projectPath(cwd, p) })),
      ...args.certificates.map((p) => ({ path: projectPath(cwd, p), certificatesOnly: true })),
    ],
    flags,
    mappingScope: 'first-root',
    now: () => args.now,
  });
}

/** Paths relative to the working directory (JSON's contract), forward slashes; archive members keep their `!/`. */
export function displayPath(file: string, cwd: string): string {
  const [outer, ...inner] = file.split('!/');
  const relative = path.isAbsolute(outer) ? path.relative(cwd, outer) || outer : outer;
  return [relative.split(path.sep).join('/'), ...inner].join('!/');
}

/**
 * Loads the run's project and says on stderr what could not be used (and notes); resolves to
 * whether anything was an error (exit 2 then).
 */
export async function loadForCli(args: CliArgs, io: CliIO): Promise<{ project: Project; failed: boolean }> {
  const project = cliProject(args, io.cwd);
  await project.load();
  // Chains were followed by names and key ids; their signatures are checked now, and the run linted
  // again while a check changes a chain (a forged issuer name).
  await project.checkSignatures(MAX_SIGNATURE_ROUNDS);
  return { project, failed: reportProblems(project, io) };
}

/** Prints the project's problems; true when one is an error. */
export function reportProblems(project: Project, io: CliIO): boolean {
  let failed = false;
  for (const p of project.problems()) {
    if (p.kind === 'error') failed = true;
    io.stderr(`iflow-auth: ${p.kind === 'note' ? 'note: ' : ''}${displayPath(p.file, io.cwd)}: ${p.message}\n`);
  }
  return failed;
}
