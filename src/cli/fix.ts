/**
 * `iflow-auth fix`: the project model computes every fix (see fixProject: without --rule only
 * those that change no one's access; a fix that changes who may call a channel is listed with who
 * gains or loses access, and applied with --rule); this side prints what was done and writes the files: each re-read first and written only if it still holds the text
 * the fixes were computed on, in its own encoding, atomically, all or nothing.
 */
import { promises as fs } from 'node:fs';
import { unifiedDiff } from '../core/edits/diff';
import { decodeText, encodeText, textFileEncoding } from '../core/iflow/encoding';
import { fixProject, type ChangedFile } from '../core/project/fixRun';
import { plural } from '../core/plural';
import type { CliArgs } from './args';
import { displayPath, loadForCli, sayProblem } from './files';
import type { CliIO } from './main';
import { StaleFileError, writeFileAtomic } from './writeFile';

async function readIfExists(file: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await fs.readFile(file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Why the file on disk must not be written by a fix (an encoding the fixer does not write). */
async function unwritable(file: string): Promise<string | undefined> {
  const bytes = await readIfExists(file);
  if (bytes === undefined) return undefined;
  const encoding = textFileEncoding(bytes);
  return typeof encoding === 'string' ? encoding : undefined;
}

interface Encoded {
  file: string;
  bytes: Uint8Array;
  /** The bytes on disk when re-read (undefined: the file is new). */
  original?: Uint8Array;
}

/** Re-reads a changed file and encodes its new text like the old; a reason when it must not be written. */
async function encodeChange(change: ChangedFile): Promise<Encoded | string> {
  const original = await readIfExists(change.file);
  if (change.before === undefined) {
    return original === undefined ? { file: change.file, bytes: new TextEncoder().encode(change.after) } : 'the file appeared on disk since it was read; not overwritten';
  }
  if (original === undefined) return 'the file was deleted since it was read; not written';
  if (decodeText(original, { latin1Fallback: true, rejectNul: false }).text !== change.before) return 'the file changed on disk since it was read; not written';
  const encoding = textFileEncoding(original);
  if (typeof encoding === 'string') return `not written: ${encoding}`;
  const bytes = encodeText(change.after, encoding);
  return typeof bytes === 'string' ? `not written: ${bytes}` : { file: change.file, bytes, original };
}

export async function runFix(args: CliArgs, io: CliIO): Promise<number> {
  const loaded = await loadForCli(args, io);
  if (!loaded) return 2;
  const { project, failed } = loaded;
  const display = (f: string): string => displayPath(f, io.cwd);
  const errors: Array<{ file: string; message: string }> = [];
  const result = await fixProject(project, { rules: args.fixRules, unwritable });

  const lines: string[] = [];
  for (const a of result.applied) {
    lines.push(`${display(a.file)}: ${a.title}${a.channel ? ` (channel "${a.channel}")` : ''}`);
    for (const line of a.access) lines.push(`  Access: ${line}`);
    for (const note of a.notes) lines.push(`  ${note}`);
  }
  for (const u of result.unfixed) {
    if (u.kind === 'archive') {
      lines.push(`${display(u.file)}: ${plural(u.count, 'fixable finding')} inside an archive: unpack the export to fix ${u.count === 1 ? 'it' : 'them'}`);
      continue;
    }
    const where = `${display(u.file)}: ${u.rule}${u.channel ? ` (channel "${u.channel}")` : ''}`;
    lines.push(u.kind === 'question'
      ? `${where}: not fixed: "${u.title}" changes who may call the channel; run with --rule ${u.rule} to apply it:${u.access.map((l) => `\n  ${l}`).join('')}`
      : `${where}: not fixed${u.reason ? `: ${u.reason}` : ''}`);
  }

  const changed = result.files;
  if (args.dryRun) {
    for (const c of changed) io.stdout(unifiedDiff(`a/${display(c.file)}`, `b/${display(c.file)}`, c.before, c.after));
  } else {
    // All or nothing: a fix spans files (iFlow, mapping, parameters.prop), so every file is
    // re-read and encoded before the first write, and a failed write puts back the files already written.
    const encoded: Encoded[] = [];
    for (const c of changed) {
      const e = await encodeChange(c).catch((err: Error) => `cannot read: ${err.message}`);
      if (typeof e === 'string') errors.push({ file: c.file, message: e });
      else encoded.push(e);
    }
    const written: Encoded[] = [];
    for (const w of errors.length > 0 ? [] : encoded) {
      try {
        await writeFileAtomic(w.file, w.bytes, w.original);
        written.push(w);
      } catch (e) {
        errors.push({ file: w.file, message: e instanceof StaleFileError ? e.message : `cannot write: ${(e as Error).message}` });
        for (const done of written.reverse()) {
          try {
            if (done.original === undefined) await fs.unlink(done.file);
            else await fs.writeFile(done.file, done.original);
          } catch (re) {
            errors.push({ file: done.file, message: `written, and could not be restored after the failure: ${(re as Error).message}` });
          }
        }
        break;
      }
    }
  }
  const applied = result.applied.length;
  const summary = changed.length === 0
    ? 'Nothing to fix.'
    : `${args.dryRun ? 'Would apply' : 'Applied'} ${plural(applied, 'fix', 'fixes')}; ${plural(changed.length, 'file')} ${args.dryRun ? 'would change (dry run: nothing written)' : 'changed'}: ${changed.map((c) => display(c.file)).join(', ')}`;
  (args.dryRun ? io.stderr : io.stdout)(`${lines.map((l) => `${l}\n`).join('')}${summary}\n`);
  for (const e of errors) sayProblem(io, e);
  if (failed || errors.length > 0) return 2;
  return result.unfixed.length > 0 ? 1 : 0;
}
