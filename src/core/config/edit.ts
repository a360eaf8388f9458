/**
 * Writing an exemption into `.iflow-auth.json`: one minimal edit through jsonc-parser, so the
 * user's comments, formatting and other settings stay byte-for-byte as they were. Pure.
 */
import { escapeGlob } from '../glob';
import { createScanner, parseTree, SyntaxKind, type Node } from 'jsonc-parser';
import type { FileEdit, TextEdit } from '../edits/types';
import { detectJsonFormatting } from '../mapping/write';
import { relativePath } from '../paths';
import type { Finding, RuleId } from '../rules/types';
import { readConfigFile } from './read';

/** An exemption to write, fields in the order they are written. */
export interface ExemptionDraft {
  rule: RuleId;
  iflow?: string;
  channel?: string;
  user?: string;
  file?: string;
  reason: string;
  until?: string;
}

/**
 * The narrowest exemption for one finding: its iFlow (id) and channel; a mapping entry's user;
 * otherwise the finding's file (as a glob that matches only that file).
 */
export function exemptionFor(finding: Finding, configFolder: string, reason: string, until?: string): ExemptionDraft {
  const draft: ExemptionDraft = { rule: finding.rule, reason };
  const iflow = finding.iflowId ?? finding.iflow;
  if (iflow !== undefined) {
    draft.iflow = iflow;
    if (finding.channel !== undefined) draft.channel = finding.channel;
  } else if (finding.user !== undefined) {
    draft.user = finding.user;
  } else {
    const rel = relativePath(configFolder, finding.file);
    if (rel !== undefined) draft.file = escapeGlob(rel);
  }
  if (until !== undefined) draft.until = until;
  return draft;
}

/** What an exemption names, then why and until when: the order a reader scans it in. */
const DRAFT_ORDER: ReadonlyArray<keyof ExemptionDraft> = ['rule', 'iflow', 'channel', 'user', 'file', 'reason', 'until'];

/** The result: an edit to apply, or why none can be made. */
export type ExemptionEdit = { edit: FileEdit } | { refused: string };

/**
 * Appends `draft` to the `exemptions` of the configuration file `file` (whose current text is
 * `text`, or undefined when it does not exist yet: then it is created). A file that is not
 * valid is never written: the user's content comes first. jsonc-parser's `modify` would reformat
 * the neighbouring entry (and move its trailing comment), so the insertion is written here: a
 * comma after the last item, the new item on a line of its own before the closing bracket.
 */
export function addExemption(file: string, text: string | undefined, draft: ExemptionDraft): ExemptionEdit {
  const value = Object.fromEntries(DRAFT_ORDER.filter((k) => draft[k] !== undefined).map((k) => [k, draft[k]]));
  if (text === undefined || text.trim() === '') {
    const created = `${JSON.stringify({ exemptions: [value] }, null, 2)}\n`;
    return { edit: { file, create: text === undefined, baseText: text ?? '', edits: [{ start: 0, end: text?.length ?? 0, newText: created }] } };
  }
  const config = readConfigFile(text, file);
  if (config.problems.length > 0) {
    return { refused: `the file has problems (${config.problems[0].message}): fix them first, so the exemption can be added without touching anything else.` };
  }
  const root = parseTree(text, [], { allowTrailingComma: true })!;
  const exemptions = root.children?.find((p) => p.children?.[0]?.value === 'exemptions')?.children?.[1];
  const edits = exemptions ? appendItem(text, exemptions, value) : appendItem(text, root, value, 'exemptions');
  return { edit: { file, baseText: text, edits } };
}

/** Whitespace at the start of the line holding `offset`. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** True when only spaces and tabs stand between the line start and `offset`. */
const firstOnLine = (text: string, offset: number): boolean => /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset));

/** The end of a comma (a trailing comma) right after `offset`, skipping whitespace and comments; -1 if none. */
function commaAfter(text: string, offset: number): number {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  let token = scanner.scan();
  while (token === SyntaxKind.Trivia || token === SyntaxKind.LineBreakTrivia || token === SyntaxKind.LineCommentTrivia || token === SyntaxKind.BlockCommentTrivia) token = scanner.scan();
  return token === SyntaxKind.CommaToken ? scanner.getTokenOffset() + scanner.getTokenLength() : -1;
}

/** `{ "rule": "x", "reason": "y" }`: JSON on one line, spaced as people write it. */
function oneLineJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(oneLineJson).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${oneLineJson(x)}`).join(', ')} }`;
  return JSON.stringify(v);
}

/**
 * Edits that add `value` as the last item of the array `container` or, with `key`, as the last
 * property of the object `container`, in the container's own layout (one item per line, or all
 * on one line).
 */
function appendItem(text: string, container: Node, value: unknown, key?: string): TextEdit[] {
  const format = detectJsonFormatting(text);
  const unit = format.insertSpaces ? ' '.repeat(format.tabSize ?? 2) : '\t';
  const eol = format.eol ?? '\n';
  const close = container.offset + container.length - 1;
  const items = container.children ?? [];
  const last = items[items.length - 1];
  const prefix = key === undefined ? '' : `${JSON.stringify(key)}: `;
  const body = key === undefined ? value : [value];
  const multiLine = last ? firstOnLine(text, last.offset) : firstOnLine(text, close) || text.slice(container.offset, close).includes('\n');
  if (!multiLine) {
    const item = `${prefix}${oneLineJson(body)}`;
    if (!last) {
      const inner = key === undefined ? item : ` ${item} `;
      const blank = /^\s*$/.test(text.slice(container.offset + 1, close));
      return [{ start: blank ? container.offset + 1 : close, end: close, newText: inner }];
    }
    const comma = commaAfter(text, last.offset + last.length);
    return comma < 0 ? [{ start: last.offset + last.length, end: last.offset + last.length, newText: `, ${item}` }] : [{ start: comma, end: comma, newText: ` ${item},` }];
  }
  const indent = last ? lineIndent(text, last.offset) : lineIndent(text, container.offset) + unit;
  const item = `${indent}${prefix}${JSON.stringify(body, null, unit).split('\n').join(eol + indent)}`;
  const edits: TextEdit[] = [];
  if (last && commaAfter(text, last.offset + last.length) < 0) edits.push({ start: last.offset + last.length, end: last.offset + last.length, newText: ',' });
  if (firstOnLine(text, close)) {
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    if (!last && /^\s*$/.test(text.slice(container.offset + 1, lineStart))) {
      // An empty container written over several lines: the item replaces the blank lines.
      edits.push({ start: container.offset + 1, end: lineStart, newText: `${eol}${item}${eol}` });
    } else {
      edits.push({ start: lineStart, end: lineStart, newText: `${item}${eol}` });
    }
  } else {
    edits.push({ start: close, end: close, newText: `${eol}${item}${eol}${lineIndent(text, close)}` });
  }
  return edits;
}
