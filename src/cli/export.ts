/** `iflow-auth export --neo <dir> | --cf <dir>`: writes the mapping file's exports for Neo and Cloud Foundry. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cfExport, neoExport, type ExportResult } from '../core/mapping/export';
import { plural } from '../core/plural';
import type { CliArgs } from './args';
import { displayPath, loadForCli } from './files';
import type { CliIO } from './main';
import { projectPath } from './nodeFileSystem';
import { writeFileAtomic } from './writeFile';

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
  const targets: Array<{ kind: string; dir: string; given: string; result: ExportResult }> = [];
  // Each folder is named as it was given (a path outside the current folder would read ../../../tmp/…).
  if (args.neo !== undefined) targets.push({ kind: 'Neo', dir: path.resolve(io.cwd, args.neo), given: args.neo, result: neoExport(mapping) });
  if (args.cf !== undefined) targets.push({ kind: 'Cloud Foundry', dir: path.resolve(io.cwd, args.cf), given: args.cf, result: cfExport(mapping) });
  let blocked = false;
  for (const t of targets) {
    try {
      await fs.mkdir(t.dir, { recursive: true });
      // Each file replaced atomically (temporary file + rename): a failed run leaves whole files.
      for (const f of t.result.files) {
        const file = path.join(t.dir, f.name);
        const previous = await fs.readFile(file).then((b) => new Uint8Array(b), () => undefined);
        await writeFileAtomic(file, new TextEncoder().encode(f.content), previous);
      }
    } catch (e) {
      io.stderr(`iflow-auth: ${t.given}: cannot write the ${t.kind} export: ${(e as Error).message}\n`);
      return 2;
    }
    io.stdout(`${t.kind}: wrote ${plural(t.result.files.length, 'file')} to ${t.given}\n`);
    for (const b of t.result.blocking) io.stdout(`  not exported: ${b}\n`);
    if (t.result.blocking.length > 0) blocked = true;
  }
  return blocked ? 1 : 0;
}
