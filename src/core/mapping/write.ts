/**
 * Writing the mapping file: formatting detection and the role rename of the generic-user-role
 * fix. Edits go through jsonc-parser's `modify`, so unrelated bytes stay identical. Pure.
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath } from 'jsonc-parser';
import { minimalEdit, type FileEdit } from '../edits/types';
import type { MappingFile, MappingUsage } from './types';

/** The file's indentation and line end, for jsonc-parser's formatter. */
export function detectJsonFormatting(text: string): FormattingOptions {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const indents = [...text.matchAll(/(?:^|\n)([ \t]+)\S/g)].map((m) => m[1]);
  if (indents.some((i) => i.startsWith('\t'))) return { insertSpaces: false, tabSize: 1, eol };
  const sizes = indents.map((i) => i.length).filter((n) => n > 0);
  // Not Math.min(...sizes): a mapping file of some 20,000 entries has more lines than a call has room for arguments.
  const tabSize = sizes.length > 0 ? sizes.reduce((a, b) => Math.min(a, b)) : 2;
  return { insertSpaces: true, tabSize, eol };
}

/** The order fields are written in; a field added to an existing entry goes to its place. */
export const ENTRY_FIELD_ORDER = ['user', 'roles', 'certificate', 'subjectDN', 'issuerDN', 'notAfter', 'previousCertificates', 'usedBy'];

/** Applies `modify` for a value at `path`, keeping the file's formatting. */
export function modifyJson(text: string, path: JSONPath, value: unknown, options: { isArrayInsertion?: boolean } = {}): string {
  const formattingOptions = detectJsonFormatting(text);
  const field = path[path.length - 1];
  const edits = modify(text, path, value, {
    formattingOptions,
    isArrayInsertion: options.isArrayInsertion,
    getInsertionIndex: typeof field === 'string' && ENTRY_FIELD_ORDER.includes(field)
      ? (props: string[]) => {
        const rank = ENTRY_FIELD_ORDER.indexOf(field);
        let at = props.length;
        for (let i = props.length - 1; i >= 0; i--) {
          const r = ENTRY_FIELD_ORDER.indexOf(props[i]);
          if (r >= 0 && r > rank) at = i;
        }
        return at;
      }
      : undefined,
  });
  return applyEdits(text, edits);
}

/** Normalized iFlow path for comparing usages (slashes, no leading `./`). */
export function normalizeUsagePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** Usages match when the channel is the same and one iFlow path ends with the other at a `/`. */
export function usageMatches(a: MappingUsage, b: MappingUsage): boolean {
  if (a.channel !== b.channel) return false;
  const x = normalizeUsagePath(a.iflow);
  const y = normalizeUsagePath(b.iflow);
  if (x === y) return true;
  const [long, short] = x.length > y.length ? [x, y] : [y, x];
  return short.length > 0 && long.endsWith(short) && long[long.length - short.length - 1] === '/';
}

/**
 * Rename a role in the mapping file for the generic-user-role fix. With `usage` (the channel
 * whose role changes): in every entry whose `usedBy` names that channel and that holds
 * `oldRole`, `oldRole` is replaced by `newRole` when the entry is used by that channel only, and
 * `newRole` is added alongside when other channels use it too (they may still need `oldRole`).
 * Entries without `usedBy` information are left alone: nothing says they call this channel, and
 * granting them a flow-specific role would widen access. Without `usage`: `oldRole` is replaced
 * in every entry (a global rename). Undefined when nothing changes or the file is invalid.
 */
export function renameRoleInMapping(mapping: MappingFile | undefined, oldRole: string, newRole: string, usage?: MappingUsage): FileEdit | undefined {
  if (!mapping || mapping.error || oldRole === newRole) return undefined;
  let text = mapping.text;
  for (const entry of mapping.entries) {
    if (!entry.roles.includes(oldRole)) continue;
    let replace = true;
    if (usage) {
      if (!entry.usedBy.some((u) => usageMatches(u, usage))) continue;
      replace = entry.usedBy.every((u) => usageMatches(u, usage));
    }
    const roles = findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, ['mappings', entry.index, 'roles']);
    const items = roles?.children ?? [];
    const at = items.findIndex((n) => n.type === 'string' && n.value === oldRole);
    if (at < 0) continue;
    if (entry.roles.includes(newRole)) {
      if (replace) text = modifyJson(text, ['mappings', entry.index, 'roles', at], undefined);
      continue;
    }
    if (replace) text = modifyJson(text, ['mappings', entry.index, 'roles', at], newRole);
    else text = modifyJson(text, ['mappings', entry.index, 'roles', items.length], newRole, { isArrayInsertion: true });
  }
  if (text === mapping.text) return undefined;
  return { file: mapping.file, baseText: mapping.text, edits: [minimalEdit(mapping.text, text)] };
}
