/**
 * One log's records, in batches as its chunks arrive: decodes the bytes (UTF-8), splits lines,
 * reads access-log lines or trace records, and counts what is neither. Lines that are no log lines
 * never stop the reading; a file none of whose first lines is a log line, or that holds binary
 * data, is given up early with a note (so a wrong file costs no time).
 */
import { parseAccessLine } from './accessLine';
import type { LogKind } from './fileNames';
import { LogInputError, type LogInput } from './input';
import { LineReader, MAX_LINE_CHARS } from './lineReader';
import { plural } from '../plural';
import { printable } from './report';
import { MAX_TRACE_RECORD_LINES, TraceParser } from './traceReader';
import type { LogNote, LogRecord, TraceRecord } from './types';

/** A file none of whose first this many non-empty lines is a log line is not read further. */
export const LINES_BEFORE_GIVING_UP = 1000;

export interface ReadOptions {
  /** Throws (e.g. a cancellation error) to stop; called once per chunk. */
  checkCancelled?: () => void;
}

/** What reading one log found, besides its records. */
export interface LogFileSummary {
  file: string;
  kind?: LogKind;
  node?: string;
  lines: number;
  records: number;
  junk: number;
}

/** Shows a line of someone else's file in a note: short, no control characters. */
function excerpt(text: string): string {
  const clean = printable(text).replace(/[\t\n]/g, ' ');
  return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}

/**
 * UTF-8 in chunks. TextDecoder's own `{ stream: true }` mode was measured ten times slower than
 * whole decodes on Node 20 (the streaming path leaves the fast one), so each chunk is decoded whole
 * up to its last complete character, and the bytes of a character cut by the chunk's end are kept
 * for the next one.
 */
export class Utf8Decoder {
  private readonly decoder = new TextDecoder('utf-8');
  private carry: Uint8Array | undefined;

  decode(chunk: Uint8Array): string {
    let bytes = chunk;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
      this.carry = undefined;
    }
    const cut = completeUpTo(bytes);
    if (cut < bytes.length) this.carry = bytes.slice(cut);
    return this.decoder.decode(cut < bytes.length ? bytes.subarray(0, cut) : bytes);
  }

  /** What is left (an incomplete character becomes U+FFFD). */
  end(): string {
    const rest = this.carry;
    this.carry = undefined;
    return rest ? this.decoder.decode(rest) : '';
  }
}

/** The length of `bytes` without a trailing incomplete UTF-8 sequence. */
function completeUpTo(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if (b < 0x80) return n; // ASCII: complete
    if (b >= 0xc0) {
      // A lead byte: how long is its sequence?
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return back < need ? n - back : n;
    }
  }
  return n;
}

/** Bytes at the start of a log that must not hold NUL (however the input is chunked). */
const PROBE = 8192;

/**
 * The input's text in pieces. Nothing is handed out before the first 8 KiB were seen: when they
 * hold a NUL, nothing of the input is (`binary.found`), however it is chunked.
 */
async function* textOf(input: LogInput, binary: { found: boolean }): AsyncGenerator<string> {
  const held: string[] = [];
  let seen = 0;
  const decoder = new Utf8Decoder();
  const pieces: AsyncIterable<string> = input.texts
    ? input.texts()
    : (async function* () {
      for await (const chunk of input.chunks!()) {
        if (seen < PROBE && chunk.subarray(0, PROBE - seen).indexOf(0) >= 0) {
          binary.found = true;
          return;
        }
        seen += chunk.length;
        yield decoder.decode(chunk);
      }
      yield decoder.end();
    })();
  let chars = 0;
  try {
    for await (const text of pieces) {
      if (binary.found) return;
      if (chars < PROBE) {
        if (text.slice(0, PROBE - chars).includes('\u0000')) {
          binary.found = true;
          return;
        }
        chars += text.length;
        held.push(text);
        if (chars < PROBE) continue;
        yield* held;
        held.length = 0;
        continue;
      }
      if (text) yield text;
    }
  } catch (e) {
    // The data broke off (a truncated .gz): what came before it is still read.
    if (e instanceof LogInputError && !binary.found) yield* held;
    throw e;
  }
  if (!binary.found) yield* held;
}

/**
 * Reads `input`'s records in batches (one per chunk). Notes (skipped lines, a truncated file, not
 * a log at all) go to `note`; the summary goes to `done` at the end.
 */
export async function* readLogRecords(input: LogInput, note: (n: LogNote) => void, options: ReadOptions = {}, done?: (s: LogFileSummary) => void): AsyncGenerator<LogRecord[]> {
  const file = input.file;
  const node = input.name?.node;
  let kind: LogKind | undefined = input.name?.kind;
  let batch: LogRecord[] = [];
  let records = 0;
  /** Lines that are (part of) a log record. */
  let logLines = 0;
  let junk = 0;
  let nonEmpty = 0;
  let overlong = 0;
  let firstOverlong = 0;
  let unterminated = 0;
  let cut = 0;
  const junkLines: number[] = [];
  let firstJunkText = '';
  let givenUp: string | undefined;
  let broken: string | undefined;

  const addJunk = (lineNo: number, text?: string): void => {
    junk++;
    if (junkLines.length < 5) junkLines.push(lineNo);
    if (text !== undefined && firstJunkText === '') firstJunkText = excerpt(text);
  };
  const trace = new TraceParser({
    record: (f) => {
      const r: TraceRecord = { kind: 'trace', file, line: f.line, time: f.time, node, severity: f.severity, component: f.component, user: f.user, message: f.message };
      batch.push(r);
      records++;
    },
    junk: (lineNo) => addJunk(lineNo),
    unterminated: () => unterminated++,
    cut: () => cut++,
  });
  const lines = new LineReader({
    line(text, start, end, lineNo) {
      if (end === start) {
        // Blank lines: only inside a trace record's message do they mean anything.
        if (kind === 'trace') trace.line(text, start, end, lineNo);
        return;
      }
      nonEmpty++;
      if (kind === 'access' || kind === undefined) {
        const r = parseAccessLine(text, start, end);
        if (r) {
          kind = 'access';
          r.file = file;
          r.line = lineNo;
          r.node = node;
          batch.push(r);
          records++;
          logLines++;
          return;
        }
        if (kind === undefined && (text.startsWith('FILE_TYPE:', start) || /^\d{4} \d{2} \d{2} \d{2}:\d{2}:\d{2}/.test(text.slice(start, start + 20)))) {
          kind = 'trace';
        } else {
          if (end > start && text.slice(start, end).trim() !== '') addJunk(lineNo, text.slice(start, Math.min(end, start + 200)));
          return;
        }
      }
      if (trace.line(text, start, end, lineNo)) logLines++;
    },
    overlong(lineNo) {
      overlong++;
      nonEmpty++;
      if (firstOverlong === 0) firstOverlong = lineNo;
    },
  });

  const binary = { found: false };
  try {
    for await (const text of textOf(input, binary)) {
      options.checkCancelled?.();
      lines.push(text);
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      if (logLines === 0 && (nonEmpty >= LINES_BEFORE_GIVING_UP || lines.lines >= 100 * LINES_BEFORE_GIVING_UP)) {
        const example = junkLines.length > 0 || firstOverlong > 0 ? ` (line ${junkLines[0] ?? firstOverlong}: ${firstJunkText ? `“${firstJunkText}”` : 'longer than 64 KiB'})` : ' (they are blank)';
        givenUp = `not an access log or trace: none of its first ${plural(nonEmpty >= LINES_BEFORE_GIVING_UP ? LINES_BEFORE_GIVING_UP : lines.lines, 'line')} is a log line${example}; the rest is skipped`;
        break;
      }
    }
    if (binary.found) givenUp = 'binary data (NUL bytes), not a text log: skipped';
    if (givenUp === undefined) {
      lines.end();
      if (kind === 'trace') trace.end();
    }
  } catch (e) {
    if (!(e instanceof LogInputError)) throw e;
    lines.end();
    if (kind === 'trace') trace.end();
    broken = `${e.message} (read up to line ${lines.lines})`;
  }
  if (batch.length > 0) yield batch;

  const what = kind === 'trace' ? 'trace' : 'access-log';
  if (givenUp !== undefined) {
    note({ file, message: givenUp, fatal: records === 0 });
  } else {
    if (junk > 0) {
      const where = junkLines.join(', ') + (junk > junkLines.length ? ', …' : '');
      note({ file, message: `${plural(junk, 'line')} ${junk === 1 ? 'is' : 'are'} not ${what} lines and ${junk === 1 ? 'was' : 'were'} skipped (line ${where}${firstJunkText ? `; line ${junkLines[0]}: “${firstJunkText}”` : ''})` });
    }
    if (overlong > 0) note({ file, message: `${plural(overlong, 'line')} longer than ${MAX_LINE_CHARS / 1024} KiB skipped (first: line ${firstOverlong})` });
    if (unterminated > 0) note({ file, message: `${plural(unterminated, 'trace record')} without the closing “|” (each read up to the next record)` });
    if (cut > 0) note({ file, message: `${plural(cut, 'trace record')} longer than ${MAX_TRACE_RECORD_LINES.toLocaleString('en-US')} lines: read up to there` });
    if (broken !== undefined) note({ file, message: broken, fatal: records === 0 });
    else if (records === 0 && nonEmpty > 0) note({ file, message: 'no access-log or trace lines in the file: nothing was analyzed', fatal: true });
    else if (lines.lines === 0) note({ file, message: 'the file is empty' });
  }
  done?.({ file, kind, node, lines: lines.lines, records, junk });
}
