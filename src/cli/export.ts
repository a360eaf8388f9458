/** `iflow-auth export --neo <dir> | --cf <dir>`: writes the mapping file's exports for Neo and Cloud Foundry. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { cfExport, neoExport, type ExportResult } from '../core/mapping/export';
import { readMappingFile } from '../core/mapping/read';
import { plural } from '../core/plural';
import type { CliArgs } from './args';
import { displayPath, mappingPathOf } from './files';
import type { CliIO } from './main';
import { writeFileAtomic } from './writeFile';

export async function runExport(args: CliArgs, io: CliIO): Promise<number> {
  const mappingFile = await mappingPathOf(args, io.cwd);
  const display = (f: string): string => displayPath(f, io.cwd);
  let text: string;
  try {
    text = await fs.readFile(mappingFile, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`iflow-auth: ${display(mappingFile)}: ${code === 'ENOENT' ? 'no mapping file (name one with --mapping)' : `cannot read the mapping file: ${(e as Error).message}`}\n`);
    return 2;
  }
  const mapping = readMappingFile(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, mappingFile);
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
