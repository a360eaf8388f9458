/**
 * Reads the records of an LJS (default) trace: `#`-separated columns, `|` ending a record, `\`
 * escaping either; a record's message may run over several lines. The file may open with a header
 * (`FILE_TYPE:` … `HEADER_END`). Columns: Time, TZone, Severity, Logger, ACH, User, Thread, …, and
 * the message last (the number of columns in between varies).
 *
 *   2021 04 14 00:00:07#+00#ERROR#com.sap.it.…##S0012345678#http-nio-8041-exec-5###node#…#Unauthorized …|
 */

import { digit, digits } from './accessLine';

/** A record's message is cut here (a stack trace is hundreds of lines; the first ones say why). */
export const MAX_TRACE_MESSAGE_CHARS = 16 * 1024;
/** A record that runs this many lines without its `|` is closed (the rest of the file is not swallowed). */
export const MAX_TRACE_RECORD_LINES = 2000;

export interface TraceFields {
  /** 1-based line where the record starts. */
  line: number;
  time: number;
  severity: string;
  component: string;
  user: string;
  message: string;
}

export interface TraceSink {
  record(fields: TraceFields): void;
  /** A line that is neither a record nor the header nor inside a record. */
  junk(lineNo: number): void;
  /** A record was closed without its `|` (a new record started, or the file ended). */
  unterminated(lineNo: number): void;
  /** A record ran over MAX_TRACE_RECORD_LINES: read up to there, its further lines skipped. */
  cut(lineNo: number): void;
}

/** `yyyy mm dd hh:mm:ss[:mmm]#` at `start`: the index of the `#`, or -1. */
function recordStart(text: string, start: number, end: number): number {
  if (end - start < 20) return -1;
  if (digits(text, start, 4) < 0 || text.charCodeAt(start + 4) !== 32 || digits(text, start + 5, 2) < 0 || text.charCodeAt(start + 7) !== 32) return -1;
  if (digits(text, start + 8, 2) < 0 || text.charCodeAt(start + 10) !== 32 || digits(text, start + 11, 2) < 0) return -1;
  if (text.charCodeAt(start + 13) !== 58 || digits(text, start + 14, 2) < 0 || text.charCodeAt(start + 16) !== 58 || digits(text, start + 17, 2) < 0) return -1;
  let i = start + 19;
  if (text.charCodeAt(i) === 58 /* : */ || text.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < end && digit(text, i) >= 0) i++;
  }
  return text.charCodeAt(i) === 35 /* # */ ? i : -1;
}

/** `+00`, `+0000`, `+6:30`, `-05:00` → minutes east of UTC (0 when unreadable). */
function zoneMinutes(zone: string): number {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone.trim());
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + (m[3] ? Number(m[3]) : 0);
  return m[1] === '-' ? -minutes : minutes;
}

function parseTime(stamp: string, zone: string): number {
  const year = digits(stamp, 0, 4);
  const month = digits(stamp, 5, 2);
  const day = digits(stamp, 8, 2);
  const hour = digits(stamp, 11, 2);
  const minute = digits(stamp, 14, 2);
  const second = digits(stamp, 17, 2);
  let ms = 0;
  if (stamp.length > 20) {
    const frac = stamp.slice(20, 23);
    if (/^\d+$/.test(frac)) ms = Number(frac.padEnd(3, '0'));
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - zoneMinutes(zone) * 60_000;
}

/** Splits a record at unescaped `#`, undoing `\#`, `\|` and `\\`. */
export function splitTraceColumns(record: string): string[] {
  const columns: string[] = [];
  let current = '';
  let from = 0;
  for (let i = 0; i < record.length; i++) {
    const c = record.charCodeAt(i);
    if (c === 92 /* \ */ && i + 1 < record.length) {
      const next = record[i + 1];
      if (next === '#' || next === '|' || next === '\\') {
        current += record.slice(from, i) + next;
        i++;
        from = i + 1;
      }
    } else if (c === 35 /* # */) {
      columns.push(current + record.slice(from, i));
      current = '';
      from = i + 1;
    }
  }
  columns.push(current + record.slice(from));
  return columns;
}

/** True when `text[start, end)` ends in a `|` that no backslash escapes. */
function endsRecord(text: string, start: number, end: number): boolean {
  if (end <= start || text.charCodeAt(end - 1) !== 124 /* | */) return false;
  let slashes = 0;
  for (let i = end - 2; i >= start && text.charCodeAt(i) === 92; i--) slashes++;
  return slashes % 2 === 0;
}

/** Feeds on lines (see LineReader) and hands out whole records. */
export class TraceParser {
  private inHeader = false;
  private seenContent = false;
  private parts: string[] = [];
  private partChars = 0;
  private recordLine = 0;
  private recordLines = 0;
  /** After a record was cut: its further lines are skipped up to the next record. */
  private skippingRest = false;

  constructor(private readonly sink: TraceSink) {}

  /** Reads a line; false when it is neither header nor part of a record. */
  line(text: string, start: number, end: number, lineNo: number): boolean {
    if (!this.seenContent) {
      if (end === start) return true;
      this.seenContent = true;
      if (text.startsWith('FILE_TYPE:', start)) {
        this.inHeader = true;
        return true;
      }
    }
    if (this.inHeader) {
      if (text.startsWith('HEADER_END', start)) this.inHeader = false;
      return true;
    }
    const hash = recordStart(text, start, end);
    if (hash >= 0) {
      if (this.recordLines > 0) this.close(false);
      this.recordLine = lineNo;
      this.skippingRest = false;
    } else if (this.skippingRest) {
      if (endsRecord(text, start, end)) this.skippingRest = false;
      return true;
    } else if (this.recordLines === 0) {
      if (end > start && text.slice(start, end).trim() !== '') {
        this.sink.junk(lineNo);
        return false;
      }
      return true;
    }
    this.recordLines++;
    if (this.partChars < MAX_TRACE_MESSAGE_CHARS + 1024) {
      const piece = text.slice(start, Math.min(end, start + MAX_TRACE_MESSAGE_CHARS + 1024 - this.partChars));
      this.parts.push(piece);
      this.partChars += piece.length + 1;
    }
    if (endsRecord(text, start, end)) {
      this.close(true);
    } else if (this.recordLines >= MAX_TRACE_RECORD_LINES) {
      this.sink.cut(this.recordLine);
      this.close(true);
      this.skippingRest = true;
    }
    return true;
  }

  /** The file ended. */
  end(): void {
    if (this.recordLines > 0) this.close(false);
  }

  private close(terminated: boolean): void {
    let record = this.parts.join('\n');
    const line = this.recordLine;
    this.parts = [];
    this.partChars = 0;
    this.recordLines = 0;
    if (!terminated) this.sink.unterminated(line);
    else if (record.endsWith('|')) record = record.slice(0, -1);
    const columns = splitTraceColumns(record);
    const time = parseTime(columns[0] ?? '', columns[1] ?? '');
    if (!Number.isFinite(time) || columns.length < 4) {
      this.sink.junk(line);
      return;
    }
    let message = columns.length > 3 ? columns[columns.length - 1] : '';
    if (message.length > MAX_TRACE_MESSAGE_CHARS) message = `${message.slice(0, MAX_TRACE_MESSAGE_CHARS)}…`;
    this.sink.record({
      line,
      time,
      severity: (columns[2] ?? '').trim().toUpperCase(),
      component: columns[3] ?? '',
      user: (columns[5] ?? '').trim(),
      message,
    });
  }
}

/** The DNs of SAP's "Subject and issuer (subject: …; issuer: …) of the provided certificate is not contained in the accepted subjectAndIssuers list" message. */
export interface RejectedCertificate {
  subjectDN: string;
  issuerDN: string;
}

// The DNs are trimmed after the match: `\s*` beside `[\s\S]*` would trade characters with it (backtracking).
const REJECTED = /subject\s*:([\s\S]*?);\s*issuer\s*:([\s\S]*)\)\s*of the provided certificate is not contained in the accepted subjectAndIssuers list/i;

export function parseRejectedCertificate(message: string): RejectedCertificate | undefined {
  if (message.length > MAX_TRACE_MESSAGE_CHARS + 1) return undefined;
  const m = REJECTED.exec(message);
  if (!m) return undefined;
  const subjectDN = m[1].trim();
  const issuerDN = m[2].trim();
  return subjectDN && issuerDN ? { subjectDN, issuerDN } : undefined;
}
