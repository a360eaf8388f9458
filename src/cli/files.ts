import * as path from 'node:path';
import { globProblem } from '../core/glob';
import { printable } from '../core/logs/report';
import { Project, type ProjectProblem, type ProjectRoot } from '../core/project/project';
import type { SettingsLayer } from '../core/config/types';
import type { CliArgs } from './args';
import type { CliIO } from './main';
import { NodeFileSystem, projectPath } from './nodeFileSystem';

/** Chains that change after a signature check are followed again, this many times at most. */
const MAX_SIGNATURE_ROUNDS = 4;

const GLOB_CHARACTERS = /[*?[{]/;

/**
 * What a `--certificates` value names: a file or folder as it is, else a glob
 * (`certs/*.pem`, `partner-*.cer`): the files it matches below the folder its glob-free leading
 * segments name; a reason when there is nothing.
 */
async function certificateRoots(given: string, cwd: string, fs: NodeFileSystem): Promise<ProjectRoot[] | string> {
  const named = projectPath(cwd, given);
  if (await fs.stat(named) !== undefined) return [{ path: named, certificatesOnly: true }];
  if (!GLOB_CHARACTERS.test(given)) return 'no such file or directory';
  const segments = given.replace(/\\/g, '/').split('/');
  const firstGlob = segments.findIndex((s) => GLOB_CHARACTERS.test(s));
  const pattern = segments.slice(firstGlob).join('/');
  const refused = globProblem(pattern);
  if (refused) return refused;
  const base = projectPath(cwd, segments.slice(0, firstGlob).join('/') || '.');
  const found = await fs.findFiles(base, [pattern]);
  if (found.files.length === 0) return 'no file matches';
  return found.files.map((file) => ({ path: file, certificatesOnly: true }));
}

/**
 * The roots of a run — its paths, and what `--certificates` names — or, when one does not exist,
 * the reasons (the run stops before anything is discovered: a mistyped path must not make its
 * parent folder, often the current one, what is searched).
 */
export async function resolveRoots(args: Pick<CliArgs, 'paths' | 'certificates'>, cwd: string): Promise<{ roots: ProjectRoot[]; problems: ProjectProblem[] }> {
  const fs = new NodeFileSystem();
  const roots: ProjectRoot[] = [];
  const problems: ProjectProblem[] = [];
  const stat = (file: string): Promise<string | undefined> => fs.stat(file).then((type) => (type ? undefined : 'no such file or directory'), (e: Error) => e.message);
  for (const p of args.paths) {
    const root = projectPath(cwd, p);
    const problem = await stat(root);
    if (problem) problems.push({ file: root, message: problem, kind: 'error' });
    else roots.push({ path: root });
  }
  for (const given of args.certificates) {
    const found = await certificateRoots(given, cwd, fs).catch((e: Error) => e.message);
    if (typeof found === 'string') problems.push({ file: projectPath(cwd, given), message: `--certificates: ${found}`, kind: 'error' });
    else roots.push(...found);
  }
  return { roots, problems };
}

/**
 * The project a CLI run works on: its roots (resolveRoots), its flags over everything else, one
 * mapping file for the run (`first-root`: the configuration file's, else the nearest default one
 * at or above the first path in its repository) unless `--mapping` names one.
 */
export function cliProject(args: CliArgs, cwd: string, roots: readonly ProjectRoot[]): Project {
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
    roots,
    flags,
    configFile: args.config === undefined ? 'nearest' : typeof args.config === 'string' ? { file: projectPath(cwd, args.config) } : 'none',
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
 * One line on stderr about a file: an error, or a note (what was read despite a flaw: a zip read
 * entry by entry, a certificate file holding none). Every command says them this way. Control
 * characters (from file names, or from the logs) are shown as �, never sent to the terminal.
 */
export function sayProblem(io: CliIO, problem: { file: string; message: string; kind?: 'error' | 'note' }): void {
  io.stderr(`iflow-auth: ${problem.kind === 'note' ? 'note: ' : ''}${printable(displayPath(problem.file, io.cwd))}: ${printable(problem.message)}\n`);
}

/**
 * Resolves the run's roots, loads its project (`what` as Project.load: everything and linted, or
 * only the files, or only the mapping files) and says on stderr what could not be used (notes
 * first); `failed` when anything was an error (exit 2 then). No project when a root does not exist:
 * that is said, and nothing else is read.
 */
export async function loadForCli(args: CliArgs, io: CliIO, what: 'everything' | 'files' | 'mappings' = 'everything'): Promise<{ project: Project; failed: boolean } | undefined> {
  const { roots, problems } = await resolveRoots(args, io.cwd);
  if (problems.length > 0) {
    for (const p of problems) sayProblem(io, p);
    return undefined;
  }
  const project = cliProject(args, io.cwd, roots);
  await project.load(what);
  // Chains were followed by names and key ids; their signatures are checked now, and the run linted
  // again while a check changes a chain (a forged issuer name).
  if (what === 'everything') await project.checkSignatures(MAX_SIGNATURE_ROUNDS);
  const found = project.problems();
  const ordered = [...found.filter((x) => x.kind === 'note'), ...found.filter((x) => x.kind !== 'note')];
  for (const p of ordered) sayProblem(io, p);
  return { project, failed: found.some((p) => p.kind === 'error') };
}
