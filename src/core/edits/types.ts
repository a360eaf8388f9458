/**
 * Edits as plain data: offsets into a file's current text. The editor turns a FixPlan into one
 * WorkspaceEdit; the CLI applies it and writes the files. Pure: no 'vscode', no Node built-ins.
 */
import type { AccessChange } from '../access';
import type { RuleId } from '../rules/types';

/** Replace `[start, end)` of the file's current text with `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface FileEdit {
  /** Path or URI string, as the caller named it. */
  file: string;
  edits: TextEdit[];
  /** The file does not exist yet: create it with the edits applied to ''. */
  create?: boolean;
  /** Text the edits were computed on (to detect a stale edit). */
  baseText: string;
}

/**
 * One fix. A plan with `files.length === 0` cannot be applied: its `notes` say why (e.g. the
 * mapping file is not valid JSON); the editor shows the note instead of offering the fix.
 */
export interface FixPlan {
  id: string;
  title: string;
  rule: RuleId | 'fix-all';
  preferred?: boolean;
  files: FileEdit[];
  /** Said to the user before/after applying, e.g. 2 entries had no certificate. */
  notes: string[];
  /**
   * Who gains or loses the ability to call a channel when the plan is applied (see
   * src/core/access.ts). A plan that changes someone's access is applied only when asked for,
   * after the user has seen this.
   */
  access?: AccessChange;
}

/**
 * Apply non-overlapping edits given in any order. Two insertions at the same offset are applied
 * in the order given. Throws on overlapping or out-of-range edits.
 */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map((x) => x.e);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end)) || e.start < 0 || e.end < e.start || e.end > text.length) {
      throw new Error(`edit [${e.start}, ${e.end}) is outside the text (length ${text.length})`);
    }
    if (e.start < pos) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** The text a FileEdit produces from its base text. */
export function applyFileEdit(edit: FileEdit): string {
  return applyTextEdits(edit.create ? '' : edit.baseText, edit.edits);
}

/** The smallest single edit turning `oldText` into `newText` (common prefix and suffix kept). */
export function minimalEdit(oldText: string, newText: string): TextEdit {
  let p = 0;
  const max = Math.min(oldText.length, newText.length);
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
  return { start: p, end: oldText.length - s, newText: newText.slice(p, newText.length - s) };
}

/** True when the edit changes nothing. */
export const isNoop = (e: TextEdit, text: string): boolean => text.slice(e.start, e.end) === e.newText;

/**
 * Merge FileEdits for the same file (same base text) into one, dropping no-op edits. Throws when
 * two edits of one file overlap (the caller built an impossible plan).
 */
export function mergeFileEdits(edits: FileEdit[]): FileEdit[] {
  const byFile = new Map<string, FileEdit>();
  for (const fe of edits) {
    const base = fe.create ? '' : fe.baseText;
    const kept = fe.edits.filter((e) => !isNoop(e, base));
    const existing = byFile.get(fe.file);
    if (!existing) {
      byFile.set(fe.file, { ...fe, edits: kept });
      continue;
    }
    if (existing.baseText !== fe.baseText || Boolean(existing.create) !== Boolean(fe.create)) {
      throw new Error(`two edits of ${fe.file} were computed on different texts`);
    }
    existing.edits.push(...kept);
  }
  const out = [...byFile.values()].filter((fe) => fe.edits.length > 0 || fe.create);
  for (const fe of out) applyFileEdit(fe); // throws on overlap
  return out;
}
