/**
 * `iflow-auth export --neo [<dir>] | --cf [<dir>] [--force]`: writes the mapping file's exports,
 * each into a folder of its own (default iflow-auth-export/neo and …/cf next to the mapping
 * file), never over a file it did not write, every file atomically.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CF_EXPORT_FOLDER, DEFAULT_NEO_EXPORT_FOLDER } from '../core/defaults';
import { cfExport, neoExport, planExportWrite, type ExportResult, type FolderEntry } from '../core/mapping/export';
import { plural } from '../core/plural';
import type { CliArgs } from './args';
import { displayPath, loadForCli } from './files';
import type { CliIO } from './main';
import { projectPath } from './nodeFileSystem';
import { writeFileAtomic } from './writeFile';

/** What the folder holds now (missing: nothing); symbolic links are not followed. */
async function folderEntries(dir: string): Promise<FolderEntry[]> {
  let names: import('node:fs').Dirent[];
  try {
    names = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return Promise.all(names.map(async (d): Promise<FolderEntry> => {
    if (d.isSymbolicLink()) return { name: d.name, link: true };
    if (!d.isFile()) return { name: d.name, folder: true };
    return { name: d.name, bytes: new Uint8Array(await fs.readFile(path.join(dir, d.name))) };
  }));
}

const utf8 = new TextEncoder();

/** Whether `file` lies in `dir` or below it. */
function holdsFile(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

export async function runExport(args: CliArgs, io: CliIO): Promise<number> {
  const loaded = await loadForCli(args, io, 'mappings');
  if (!loaded || loaded.failed) return 2;
  const { project } = loaded;
  const display = (f: string): string => displayPath(f, io.cwd);
  const mapping = project.mappingFiles()[0];
  if (!mapping) {
    io.stderr(`iflow-auth: ${display(project.mappingPathFor(projectPath(io.cwd, args.paths[0])))}: no mapping file (name one with --mapping)\n`);
    return 2;
  }
  const mappingFile = mapping.file;
  if (mapping.error) {
    io.stderr(`iflow-auth: ${display(mappingFile)}: ${mapping.error.message}; nothing exported\n`);
    return 2;
  }
  // Default folders sit next to the mapping file; a folder given is relative to the current one,
  // and named as it was given (a path outside the current folder would read ../../../tmp/…).
  const target = (kind: 'neo' | 'cf', label: string, given: string, fallback: string, result: ExportResult) => {
    const dir = given === '' ? path.resolve(path.dirname(mappingFile), fallback) : path.resolve(io.cwd, given);
    return { kind, label, dir, shown: given === '' ? display(dir) : given, result };
  };
  const targets: Array<ReturnType<typeof target>> = [];
  if (args.neo !== undefined) targets.push(target('neo', 'Neo', args.neo, DEFAULT_NEO_EXPORT_FOLDER, neoExport(mapping)));
  if (args.cf !== undefined) targets.push(target('cf', 'Cloud Foundry', args.cf, DEFAULT_CF_EXPORT_FOLDER, cfExport(mapping)));
  // `export --neo --cf .` reads as "both, for the mapping file here", but `.` is --cf's folder: the
  // folder holding the mapping file (the repository, often) is never an export's own folder, and
  // --force there would replace a README.md of the team's. Said before anything is written.
  const mistaken = targets.filter((t) => holdsFile(t.dir, mappingFile));
  for (const t of mistaken) {
    const option = `--${t.kind}`;
    io.stderr(`iflow-auth: ${option} ${t.shown}: that folder holds the mapping file ${display(mappingFile)}, and the ${t.label} export goes into a folder of its own (even with --force); nothing exported. For the default folder (${display(path.resolve(path.dirname(mappingFile), t.kind === 'neo' ? DEFAULT_NEO_EXPORT_FOLDER : DEFAULT_CF_EXPORT_FOLDER))}) give ${option} without a folder: after the paths (iflow-auth export ${args.paths.join(' ')} ${targets.map((x) => `--${x.kind}`).join(' ')}) or as ${option}=; or name another folder.\n`);
  }
  if (mistaken.length > 0) return 2;
  let status = 0;
  for (const t of targets) {
    if (t.result.refused) {
      io.stderr(`iflow-auth: ${t.label}: not exported: ${t.result.refused}\n`);
      status = Math.max(status, 1);
      continue;
    }
    try {
      const entries = await folderEntries(t.dir);
      const plan = planExportWrite(t.kind, t.result, entries, { force: args.force });
      if (plan.refused) {
        io.stderr(`iflow-auth: ${t.shown}: ${t.label} not exported: ${plan.refused}. Export into another folder, or add --force to write there anyway (other files stay).\n`);
        status = 2;
        continue;
      }
      await fs.mkdir(t.dir, { recursive: true });
      // Each file replaced atomically (temporary file + rename), and only while it still holds the
      // bytes the plan was made from; the index first and last (see planExportWrite).
      const seen = new Map(entries.filter((e) => e.bytes).map((e) => [e.name, e.bytes]));
      const write = async (name: string, content: string): Promise<void> => {
        const file = path.join(t.dir, name);
        const bytes = utf8.encode(content);
        const expected = seen.has(name) ? seen.get(name) : await fs.readFile(file).then((b) => new Uint8Array(b), () => undefined);
        await writeFileAtomic(file, bytes, expected);
        seen.set(name, bytes);
      };
      await write(plan.indexFirst.name, plan.indexFirst.content);
      for (const f of plan.write) await write(f.name, f.content);
      for (const name of plan.remove) await fs.unlink(path.join(t.dir, name));
      const overwritten = plan.overwrite.length > 0 ? `; overwrote ${plan.overwrite.join(', ')} (--force)` : '';
      const removed = plan.remove.length > 0 ? `; removed ${plan.remove.join(', ')} (no longer exported)` : '';
      io.stdout(`${t.label}: wrote ${plural(plan.write.length, 'file')} to ${t.shown}${overwritten}${removed}\n`);
    } catch (e) {
      io.stderr(`iflow-auth: ${t.shown}: cannot write the ${t.label} export: ${(e as Error).message}\n`);
      return 2;
    }
    for (const b of t.result.blocking) io.stdout(`  not exported: ${b}\n`);
    if (t.result.blocking.length > 0) status = Math.max(status, 1);
  }
  return status;
}
