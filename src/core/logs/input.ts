/**
 * The bytes of the logs, however the tenant hands them out: plain, `.gz`, or members of a `.zip`
 * (members may be `.gz` too). Everything streams: a file is read in chunks through a random-access
 * port (the CLI reads from disk, the editor from memory), `.gz` and zip members are inflated with
 * fflate's streaming inflaters in small slices, and a zip is opened at its central directory, so
 * each member streams on its own (the analysis reads several logs side by side, in time order).
 */
import { Gunzip, Inflate } from 'fflate';
import { readCentralDirectory, type CdEntry } from '../iflow/archive';
import { logBaseNameOf, parseLogFileName, type LogFileName } from './fileNames';

/**
 * Random access to a file's bytes. The bytes `read` returns may be overwritten by the next read of
 * the same source (a source may reuse one buffer): every reader here is done with a chunk before
 * it reads the next.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) };
}

/** A problem reading an input; what was read before it still counts. */
export class LogInputError extends Error {}

/** One log to read: a file, a `.gz`, or a zip member. */
export interface LogInput {
  /** As the output names it: the file as given; a zip member is `archive.zip!member`. */
  file: string;
  /** Kind and node from the (member) name, when it is a tenant log name. */
  name?: LogFileName;
  /** The log's bytes, decompressed, in chunks. Throws LogInputError when the data breaks off. */
  chunks?(): AsyncIterable<Uint8Array>;
  /** Or its text, when it is already text (an open editor). */
  texts?(): AsyncIterable<string>;
}

/** A log that is already text (an open document), handed out in pieces. */
export function textInput(file: string, text: string, pieceChars = DEFAULT_INPUT_OPTIONS.chunkSize): LogInput {
  return {
    file,
    name: parseLogFileName(file),
    async *texts() {
      for (let i = 0; i < text.length; i += pieceChars) yield text.slice(i, i + pieceChars);
    },
  };
}

export interface InputOptions {
  /** Bytes read per chunk. */
  chunkSize: number;
  /** Zip members read (more are skipped with a note). */
  maxZipMembers: number;
}

/**
 * 64 KiB chunks: their text (and the lines sliced from it) stays in V8's young generation, where
 * short-lived garbage is cheap; 256 KiB chunks went to the large-object space and were measured
 * to cost a third more memory and twice the system time on a 300 MB log.
 */
export const DEFAULT_INPUT_OPTIONS: Readonly<InputOptions> = Object.freeze({ chunkSize: 64 * 1024, maxZipMembers: 1000 });

/** Compressed bytes handed to an inflater at a time: a slice inflates to at most ~1,000 times its size. */
const INFLATE_SLICE = 16 * 1024;

async function* rangeChunks(source: ByteSource, start: number, end: number, chunkSize: number): AsyncGenerator<Uint8Array> {
  for (let offset = start; offset < end; offset += chunkSize) {
    const chunk = await source.read(offset, Math.min(chunkSize, end - offset));
    if (chunk.length === 0) throw new LogInputError(`the file ends at byte ${offset}, before the ${end} bytes it should have`);
    yield chunk;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Streams `compressed` through an fflate inflater (Gunzip or raw Inflate). */
async function* inflate(compressed: AsyncIterable<Uint8Array>, make: (ondata: (data: Uint8Array) => void) => { push(chunk: Uint8Array, final: boolean): void }, what: string, maxBytes = Infinity): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let produced = 0;
  const inflater = make((data) => {
    if (data.length > 0) out.push(data);
  });
  const drain = function* (): Generator<Uint8Array> {
    for (let k = 0; k < out.length; k++) {
      produced += out[k].length;
      if (produced > maxBytes) throw new LogInputError(`${what} inflates beyond its declared size of ${maxBytes} bytes: possible zip bomb, the rest is skipped`);
      yield out[k];
    }
    out.length = 0;
  };
  let read = 0;
  for await (const chunk of compressed) {
    for (let off = 0; off < chunk.length; off += INFLATE_SLICE) {
      const slice = chunk.subarray(off, Math.min(chunk.length, off + INFLATE_SLICE));
      try {
        inflater.push(slice, false);
      } catch (e) {
        yield* drain();
        throw new LogInputError(`${what} is corrupt after ${read + off} compressed bytes (${errorText(e)}); what came before is analyzed`);
      }
      yield* drain();
    }
    read += chunk.length;
  }
  try {
    inflater.push(new Uint8Array(0), true);
  } catch (e) {
    yield* drain();
    throw new LogInputError(`${what} is truncated or corrupt at its end (${errorText(e)}); what came before is analyzed`);
  }
  yield* drain();
}

const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));

const gunzip = (chunks: AsyncIterable<Uint8Array>, what: string): AsyncGenerator<Uint8Array> =>
  inflate(chunks, (ondata) => new Gunzip(ondata), what);

export interface OpenedInputs {
  inputs: LogInput[];
  /** Problems with the file as a whole (a zip that does not open, skipped members). */
  notes: Array<{ file: string; message: string; fatal?: boolean }>;
}

/**
 * The logs in a file: itself (plain or `.gz`) or the members of a zip. `file` is how the user
 * named it; `pickMember` says which zip members to read (default: every file that is not a folder
 * entry, an AppleDouble `__MACOSX/` entry or a nested zip).
 */
export async function openLogInputs(file: string, source: ByteSource, options: Partial<InputOptions> = {}): Promise<OpenedInputs> {
  const opts = { ...DEFAULT_INPUT_OPTIONS, ...options };
  const head = source.size === 0 ? new Uint8Array(0) : await source.read(0, Math.min(4, source.size));
  if (isGzip(head)) {
    return { inputs: [{ file, name: parseLogFileName(file), chunks: () => gunzip(rangeChunks(source, 0, source.size, opts.chunkSize), 'the .gz file') }], notes: [] };
  }
  if (isZip(head)) return openZip(file, source, opts);
  return { inputs: [{ file, name: parseLogFileName(file), chunks: () => rangeChunks(source, 0, source.size, opts.chunkSize) }], notes: [] };
}

async function openZip(file: string, source: ByteSource, opts: InputOptions): Promise<OpenedInputs> {
  const notes: OpenedInputs['notes'] = [];
  const tailLength = Math.min(source.size, 22 + 0xffff);
  let entries: CdEntry[];
  try {
    const tail = await source.read(source.size - tailLength, tailLength);
    // The end record names where the directory starts; read from there if it lies before the tail.
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error('no end of central directory record (not a zip archive, or truncated)');
    const cdOffset = (tail[eocd + 16] | (tail[eocd + 17] << 8) | (tail[eocd + 18] << 16) | (tail[eocd + 19] << 24)) >>> 0;
    const tailStart = source.size - tailLength;
    let directory = tail;
    let base = tailStart;
    if (cdOffset < tailStart && cdOffset !== 0xffffffff) {
      const length = source.size - cdOffset;
      if (length > 64 * 1024 * 1024) throw new Error('central directory larger than 64 MB');
      directory = await source.read(cdOffset, length);
      base = cdOffset;
    }
    entries = readCentralDirectory(directory, opts.maxZipMembers, base);
  } catch (e) {
    notes.push({ file, message: `not a readable zip archive: ${errorText(e)}`, fatal: true });
    return { inputs: [], notes };
  }
  const inputs: LogInput[] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    const name = entry.name.replace(/\\/g, '/');
    if (name.endsWith('/') || name.startsWith('__MACOSX/') || logBaseNameOf(name).startsWith('._')) continue;
    const member = `${file}!${name}`;
    if (/\.zip$/i.test(name)) {
      skipped.push(name);
      continue;
    }
    inputs.push({ file: member, name: parseLogFileName(name), chunks: () => memberChunks(member, entry, source, opts) });
  }
  if (skipped.length) notes.push({ file, message: `nested archives are not read: ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ` and ${skipped.length - 3} more` : ''}` });
  if (inputs.length === 0) notes.push({ file, message: 'the zip archive holds no files to read', fatal: true });
  return { inputs, notes };
}

async function* memberChunks(member: string, entry: CdEntry, source: ByteSource, opts: InputOptions): AsyncGenerator<Uint8Array> {
  if (entry.flags & 1) throw new LogInputError('encrypted zip entry: not supported');
  const lo = entry.localOffset;
  if (lo + 30 > source.size) throw new LogInputError('corrupt zip entry: its local header lies outside the archive');
  const header = await source.read(lo, 30);
  if (header.length < 30 || header[0] !== 0x50 || header[1] !== 0x4b || header[2] !== 3 || header[3] !== 4) throw new LogInputError('corrupt zip entry: bad local header');
  const start = lo + 30 + (header[26] | (header[27] << 8)) + (header[28] | (header[29] << 8));
  const end = start + entry.csize;
  if (end > source.size) throw new LogInputError('corrupt zip entry: its data runs past the end of the archive (truncated download?)');
  const raw = rangeChunks(source, start, end, opts.chunkSize);
  let bytes: AsyncIterable<Uint8Array>;
  if (entry.method === 0) bytes = raw;
  else if (entry.method === 8) bytes = inflate(raw, (ondata) => new Inflate(ondata), 'the zip entry', entry.usize);
  else throw new LogInputError(`unsupported zip compression method ${entry.method}`);
  // A member may itself be gzip-compressed (`http_access_….log.gz` inside the zip).
  let first = true;
  let gz: AsyncGenerator<Uint8Array> | undefined;
  const iterator = bytes[Symbol.asyncIterator]();
  const pending: Uint8Array[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    if (first) {
      first = false;
      if (isGzip(next.value)) {
        pending.push(next.value);
        const rest = (async function* () {
          yield* pending;
          for (;;) {
            const n = await iterator.next();
            if (n.done) return;
            yield n.value;
          }
        })();
        gz = gunzip(rest, `the .gz member ${logBaseNameOf(member)}`);
        break;
      }
    }
    yield next.value;
  }
  if (gz) yield* gz;
}
