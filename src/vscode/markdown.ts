/**
 * Text from a file (names, DNs, messages) rendered as markdown: the characters that make links,
 * images, HTML, emphasis or table cells are escaped, so a hostile workspace cannot inject any.
 */
export const escapeMarkdown = (s: string): string => s.replace(/[\\`*_[\]<>|~]/g, '\\$&');
