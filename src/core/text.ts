/**
 * Offset ↔ line/character conversion over a text. Pure: no 'vscode', no Node built-ins.
 *
 * Offsets and characters count UTF-16 code units (as JavaScript strings and VS Code do). Line
 * breaks are `\r\n`, `\n` and a lone `\r`, like VS Code's TextDocument.
 */

export interface LinePosition {
  /** 0-based line. */
  line: number;
  /** 0-based character within the line. */
  character: number;
}

/** Where `c` next occurs at or after `from`; the text's length when nowhere. */
function indexOrEnd(text: string, c: string, from: number): number {
  const at = text.indexOf(c, from);
  return at < 0 ? text.length : at;
}

export class LineIndex {
  /** Offset of the first character of every line scanned so far; lineStarts[0] === 0. */
  private readonly lineStarts: number[] = [0];
  /** Offsets before this one have been scanned for line breaks. */
  private scanned = 0;

  // Lines are found lazily, only as far as asked: findings sit near the top of big iFlows (the
  // collaboration comes first), so the CLI need not scan every megabyte of every file.
  constructor(private readonly text: string) {}

  /** Next `\n` and `\r` at or after the scan (text.length when none): each search runs forward only. */
  private nextLf = -1;
  private nextCr = -1;

  /**
   * Scan for line breaks until every line starting at or before `offset` is known. The breaks are
   * found with indexOf, not character by character: publishing 2,000 files' diagnostics scanned
   * tens of megabytes.
   */
  private scanTo(offset: number): void {
    const text = this.text;
    const n = text.length;
    const until = Math.min(n, offset);
    let i = this.scanned;
    const starts = this.lineStarts;
    while (i < n && i <= until) {
      if (this.nextLf < i) this.nextLf = indexOrEnd(text, '\n', i);
      if (this.nextCr < i) this.nextCr = indexOrEnd(text, '\r', i);
      const lineBreak = Math.min(this.nextLf, this.nextCr);
      if (lineBreak > until || lineBreak >= n) {
        i = Math.min(n, until + 1);
        break;
      }
      // A CRLF is one line break.
      i = this.nextCr === lineBreak && this.nextLf === lineBreak + 1 && this.nextLf < n ? lineBreak + 2 : lineBreak + 1;
      starts.push(i);
    }
    this.scanned = Math.max(this.scanned, i);
  }

  get lineCount(): number {
    this.scanTo(Infinity);
    return this.lineStarts.length;
  }

  /** Offset of the first character of `line` (clamped to the existing lines). */
  lineStart(line: number): number {
    return this.lineStarts[this.clampLine(line)];
  }

  /** Offset just after the last character of `line`, before its line break. */
  lineEnd(line: number): number {
    const l = this.clampLine(line);
    if (l + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[l + 1] - 1; // the \n or lone \r
    if (end > this.lineStarts[l] && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** 0-based line and character of `offset` (clamped into [0, text.length]). */
  positionAt(offset: number): LinePosition {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.text.length));
    this.scanTo(o);
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= o) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: o - starts[low] };
  }

  /** Offset of a 0-based line/character; the character is clamped to the line's content. */
  offsetAt(line: number, character: number): number {
    if (Number.isNaN(line) || line < 0) return 0;
    this.scanTo(Infinity);
    if (line >= this.lineStarts.length) return this.text.length;
    const l = Math.floor(line);
    const start = this.lineStarts[l];
    const c = Math.max(0, Number.isFinite(character) ? Math.floor(character) : 0);
    return Math.min(start + c, this.lineEnd(l));
  }

  private clampLine(line: number): number {
    this.scanTo(Infinity);
    if (!Number.isFinite(line)) return line > 0 ? this.lineStarts.length - 1 : 0;
    return Math.max(0, Math.min(Math.floor(line), this.lineStarts.length - 1));
  }
}
