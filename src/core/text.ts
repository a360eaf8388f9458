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

export class LineIndex {
  /** Offset of the first character of every line; lineStarts[0] === 0. */
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
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
    if (line >= this.lineStarts.length) return this.text.length;
    const l = Math.floor(line);
    const start = this.lineStarts[l];
    const c = Math.max(0, Number.isFinite(character) ? Math.floor(character) : 0);
    return Math.min(start + c, this.lineEnd(l));
  }

  private clampLine(line: number): number {
    if (!Number.isFinite(line)) return line > 0 ? this.lineStarts.length - 1 : 0;
    return Math.max(0, Math.min(Math.floor(line), this.lineStarts.length - 1));
  }
}
