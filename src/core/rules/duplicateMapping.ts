import type { Rule } from './types';

export const duplicateMapping: Rule = {
  id: 'duplicate-mapping',
  defaultSeverity: 'warning',
  description: "The same certificate is mapped twice; SAP's mapping id (MD5 of the certificate) collides and the last one wins.",
  checkMapping(mapping, _ctx, report) {
    const first = new Map<string, number>();
    for (const entry of mapping.entries) {
      const md5 = entry.decoded?.md5;
      if (!md5) continue;
      const earlier = first.get(md5);
      if (earlier === undefined) {
        first.set(md5, entry.index);
        continue;
      }
      const other = mapping.entries.find((e) => e.index === earlier)!;
      report({
        message: `This certificate is already mapped to user "${other.user}" (mapping ${earlier + 1}): SAP identifies a mapping by the certificate's MD5 (${md5}), so the last one overwrites the first.`,
        range: entry.certificateRange,
        related: [{ file: mapping.file, range: other.certificateRange, message: `first mapping of this certificate (user "${other.user}")` }],
      });
    }
  },
};
