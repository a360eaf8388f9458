/**
 * `iflow-auth logs <logs…> [--iflows <path>]… [--mapping <file>] [--format text|json] [--all]`:
 * explains each request of the tenant's HTTP access logs (with its LJS traces) against the iFlows
 * and the mapping file. The logs stream from disk through the core's analyzer: memory stays flat
 * however large they are; JSON is written as the requests are decided.
 */
import { close, closeSync, fstatSync, openSync, read, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeLogs } from '../core/logs/analyzer';
import { isLogFileName, isZipName } from '../core/logs/fileNames';
import { openLogInputs, type ByteSource, type LogInput } from '../core/logs/input';
import { formatLogText, RequestGroups, requestJson } from '../core/logs/report';
import { isProblem, VERDICTS, type LogNote } from '../core/logs/types';
import { createLogWorkspace } from '../core/logs/workspace';
import { ansiStyle, plainStyle } from '../core/output/text';
import type { CliArgs } from './args';
import { displayPath, loadForCli, sayProblem } from './files';
import type { CliIO } from './main';

const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);
/** JSON is handed to stdout in pieces of this size. */
const OUTPUT_CHUNK = 64 * 1024;

/**
 * A file on disk, read at offsets (the analyzer reads several logs side by side) into two buffers
 * taking turns: while the analysis works on one chunk, the next is read on libuv's thread pool, so
 * the copy from the page cache runs on the other core. Only reads in sequence are read ahead (zip
 * members read side by side jump around the archive); any other read waits for the one under way.
 */
function fileSource(file: string): ByteSource & { close(): void } {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  const buffers = [Buffer.allocUnsafeSlow(0), Buffer.allocUnsafeSlow(0)];
  let turn = 0;
  /** The other buffer (the caller is done with it: a reader here is done with a chunk before it reads the next). */
  const nextBuffer = (length: number): Buffer => {
    turn ^= 1;
    if (buffers[turn].length < length) buffers[turn] = Buffer.allocUnsafeSlow(length);
    return buffers[turn];
  };
  const readInto = (buffer: Buffer, offset: number, length: number): Promise<number> =>
    new Promise((resolve, reject) => read(fd, buffer, 0, length, offset, (e, n) => (e ? reject(e) : resolve(n))));
  let ahead: { offset: number; length: number; buffer: Buffer; done: Promise<number> } | undefined;
  /** Where the last read ended. */
  let end = -1;
  return {
    size,
    async read(offset, length) {
      const pending = ahead;
      ahead = undefined;
      let buffer: Buffer;
      let n: number;
      if (pending && pending.offset === offset && pending.length >= length) {
        buffer = pending.buffer;
        n = Math.min(await pending.done, length);
      } else {
        if (pending) await pending.done.catch(() => 0);
        buffer = nextBuffer(length);
        n = await readInto(buffer, offset, length);
      }
      const sequential = offset === end;
      end = offset + n;
      if (sequential && n === length && end < size) {
        const l = Math.min(length, size - end);
        const b = nextBuffer(l);
        const done = readInto(b, end, l);
        // A read ahead that fails is read again, and its error reported, when it is asked for.
        done.catch(() => 0);
        ahead = { offset: end, length: l, buffer: b, done };
      }
      return buffer.subarray(0, n);
    },
    close() {
      const pending = ahead;
      ahead = undefined;
      // Not under a read still running on the thread pool.
      if (pending) void pending.done.catch(() => 0).then(() => close(fd, () => undefined));
      else closeSync(fd);
    },
  };
}

function ioMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (e as Error).message ?? String(e);
}

/** The log files named: files as given; in folders (recursively) the tenant's log names and zips. */
function collectLogFiles(paths: string[], cwd: string, errors: Array<{ file: string; message: string }>): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    const key = path.resolve(cwd, file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };
  const walk = (dir: string): void => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(path.resolve(cwd, dir), { withFileTypes: true });
    } catch (e) {
      errors.push({ file: dir, message: `cannot read folder: ${ioMessage(e)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(child);
      } else if (entry.isFile() && (isLogFileName(entry.name) || isZipName(entry.name))) {
        add(child);
      }
    }
  };
  for (const p of paths) {
    try {
      if (statSync(path.resolve(cwd, p)).isDirectory()) walk(p);
      else add(p);
    } catch (e) {
      errors.push({ file: p, message: ioMessage(e) });
    }
  }
  return files;
}

export async function runLogs(args: CliArgs, io: CliIO): Promise<number> {
  const errors: Array<{ file: string; message: string }> = [];

  // The workspace: iFlows (default: here), their certificates, the mapping file.
  const loaded = await loadForCli({ ...args, paths: args.iflows.length > 0 ? args.iflows : ['.'] }, io, 'files');
  if (!loaded) return 2;
  const ws = createLogWorkspace(loaded.project.logContext());

  // The logs.
  const files = collectLogFiles(args.paths, io.cwd, errors);
  const sources: Array<{ close(): void }> = [];
  const inputs: LogInput[] = [];
  const notes: LogNote[] = [];
  for (const file of files) {
    let source;
    try {
      source = fileSource(path.resolve(io.cwd, file));
    } catch (e) {
      errors.push({ file, message: `cannot read: ${ioMessage(e)}` });
      continue;
    }
    sources.push(source);
    const opened = await openLogInputs(file, source);
    inputs.push(...opened.inputs);
    notes.push(...opened.notes);
  }
  if (files.length === 0 && errors.length === 0) errors.push({ file: args.paths.join(' '), message: 'no log files found (http_access_*.log, ljs_trace_*.log, .gz or .zip)' });

  // Every JSON request names its channels' iFlow files: a handful of files, shown millions of times.
  const displayed = new Map<string, string>();
  const display = (file: string): string => {
    let shown = displayed.get(file);
    if (shown === undefined) displayed.set(file, (shown = displayPath(file, io.cwd)));
    return shown;
  };
  const json = args.format === 'json';
  const groups = new RequestGroups(args.all ? () => true : isProblem);
  let buffer = '';
  let first = true;
  const flush = (): void => {
    if (buffer) io.stdout(buffer);
    buffer = '';
  };
  if (json) buffer = '{"requests": [\n';
  let result;
  try {
    result = await analyzeLogs(inputs, ws, {
      // Text lists problems only (and with --all everything); JSON every request.
      only: json || args.all ? undefined : isProblem,
      onRequest: (r) => {
        if (!json) {
          groups.add(r);
          return;
        }
        buffer += `${first ? '' : ',\n'}${JSON.stringify(requestJson(r, display))}`;
        first = false;
        if (buffer.length >= OUTPUT_CHUNK) flush();
      },
      between: async () => {
        if (buffer.length >= OUTPUT_CHUNK) flush();
        await io.drain?.();
      },
    });
  } finally {
    for (const s of sources) s.close();
  }
  notes.push(...result.notes);

  if (json) {
    buffer += `${first ? '' : '\n'}],\n"summary": ${JSON.stringify(result.summary)},\n"notes": ${JSON.stringify(notes.map((n) => ({ file: n.file, message: n.message })))}}\n`;
    flush();
  } else if (inputs.length > 0 || (errors.length === 0 && !notes.some((n) => n.fatal))) {
    // (Nothing read and the reason on stderr: "No requests in 0 access logs" would read as a pass.)
    const kinds = result.files;
    io.stdout(formatLogText({
      groups: groups.list(),
      ungrouped: groups.ungrouped,
      summary: result.summary,
      requests: result.requests,
      traceRecords: result.traceRecords,
      accessLogs: kinds.filter((f) => f.kind === 'access').length,
      traceLogs: kinds.filter((f) => f.kind === 'trace').length,
      notes,
      all: args.all,
      display: (f) => f,
      style: (args.color ?? (io.isTTY && !io.env.NO_COLOR)) ? ansiStyle : plainStyle,
    }));
  }
  for (const n of notes) {
    if (n.fatal) errors.push({ file: n.file, message: n.message });
    else sayProblem(io, { ...n, kind: 'note' });
  }
  for (const e of errors) sayProblem(io, e);
  if (loaded.failed || errors.length > 0) return 2;
  return VERDICTS.some((v) => isProblem(v) && result.summary[v] > 0) ? 1 : 0;
}
