import * as vscode from 'vscode';
import type { TextRange } from '../core/model';
import { LineIndex } from '../core/text';

/** Offsets of a text the core analysed → VS Code ranges (one LineIndex per text, reused). */
export class RangeConverter {
  private readonly cache = new WeakMap<object, LineIndex>();
  private readonly byText = new Map<string, LineIndex>();

  /** `owner` is the object holding `text` (a document or mapping), so its index is reused. */
  toRange(owner: object, text: string, range: TextRange): vscode.Range {
    let index = this.cache.get(owner);
    if (!index) {
      index = new LineIndex(text);
      this.cache.set(owner, index);
    }
    const start = index.positionAt(range.start);
    const end = index.positionAt(range.end);
    return new vscode.Range(start.line, start.character, end.line, end.character);
  }

  /** For related locations in files whose owner object we do not hold. */
  toRangeInText(text: string, range: TextRange): vscode.Range {
    let index = this.byText.get(text);
    if (!index) {
      if (this.byText.size > 32) this.byText.clear();
      index = new LineIndex(text);
      this.byText.set(text, index);
    }
    const start = index.positionAt(range.start);
    const end = index.positionAt(range.end);
    return new vscode.Range(start.line, start.character, end.line, end.character);
  }
}
