/**
 * Text chunks in, lines out, memory flat: a line is handed over as offsets into the chunk it ends
 * in (no copy per line), and a line longer than the limit is skipped as it streams by instead of
 * being buffered. Line breaks are `\n` and `\r\n`.
 */

/** Longer lines are no log lines (request lines are a few hundred characters): they are skipped and counted. */
export const MAX_LINE_CHARS = 64 * 1024;

export interface LineSink {
  /** A line: `text.slice(start, end)`, without its line break. `lineNo` is 1-based. */
  line(text: string, start: number, end: number, lineNo: number): void;
  /** A line longer than the limit was skipped (`length` characters). */
  overlong(lineNo: number, length: number): void;
}

export class LineReader {
  private carry = '';
  private lineNo = 0;
  /** Inside a line that is already over the limit: its characters are dropped until its end. */
  private skipping = false;
  private skipped = 0;

  constructor(private readonly sink: LineSink, private readonly maxLine = MAX_LINE_CHARS) {}

  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: string): void {
    let pos = 0;
    if (this.carry.length > 0 || this.skipping) {
      // The line begun in the previous chunk: join only that line, never the whole chunk (a
      // joined chunk is copied again when searched, a megabyte per chunk).
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        this.extend(chunk);
        return;
      }
      this.lineNo++;
      if (this.skipping) {
        this.sink.overlong(this.lineNo, this.skipped + nl);
        this.skipping = false;
        this.skipped = 0;
      } else {
        const text = this.carry + chunk.slice(0, nl);
        this.carry = '';
        let end = text.length;
        if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
        if (end > this.maxLine) this.sink.overlong(this.lineNo, end);
        else this.sink.line(text, 0, end, this.lineNo);
      }
      pos = nl + 1;
    }
    const n = chunk.length;
    for (;;) {
      const nl = chunk.indexOf('\n', pos);
      if (nl < 0) break;
      this.lineNo++;
      let end = nl;
      if (end > pos && chunk.charCodeAt(end - 1) === 13) end--;
      if (end - pos > this.maxLine) this.sink.overlong(this.lineNo, end - pos);
      else this.sink.line(chunk, pos, end, this.lineNo);
      pos = nl + 1;
    }
    if (pos < n) this.extend(pos === 0 ? chunk : chunk.slice(pos));
  }

  /** More of a line that has not ended yet: kept, unless it is over the limit (then only counted). */
  private extend(piece: string): void {
    if (this.skipping) {
      this.skipped += piece.length;
    } else if (this.carry.length + piece.length > this.maxLine) {
      this.skipping = true;
      this.skipped = this.carry.length + piece.length;
      this.carry = '';
    } else {
      this.carry += piece;
    }
  }

  /** The input ended: a last line without a line break is a line too. */
  end(): void {
    if (this.skipping) {
      this.lineNo++;
      this.sink.overlong(this.lineNo, this.skipped);
    } else if (this.carry.length > 0) {
      this.lineNo++;
      let end = this.carry.length;
      if (this.carry.charCodeAt(end - 1) === 13) end--;
      this.sink.line(this.carry, 0, end, this.lineNo);
    }
    this.carry = '';
    this.skipping = false;
    this.skipped = 0;
  }
}
