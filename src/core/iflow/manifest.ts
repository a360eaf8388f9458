/**
 * META-INF/MANIFEST.MF of an iFlow export. Pure: no 'vscode', no Node built-ins.
 */

export interface ManifestInfo {
  /** `Bundle-SymbolicName` without directives such as `;singleton:=true` (the iFlow id). */
  symbolicName?: string;
  /** `Bundle-Name` (the iFlow's display name). */
  name?: string;
  /** Every main-section header, names as written, continuation lines joined. */
  headers?: Map<string, string>;
}

/**
 * Parse a JAR manifest: `Name: value` lines, a line starting with a single space continues the
 * previous one (72-byte line wrapping), CRLF/LF/CR line ends. Only the main section (up to the
 * first blank line) is read. Header names are matched case-insensitively.
 */
export function parseManifest(text: string): ManifestInfo {
  const headers = new Map<string, string>();
  if (typeof text !== 'string') return { headers };
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = src.split(/\r\n|\r|\n/);
  let current: { name: string; value: string } | undefined;
  const flush = (): void => {
    if (current && !headers.has(current.name)) headers.set(current.name, current.value);
    current = undefined;
  };
  for (const line of lines) {
    if (line.startsWith(' ')) {
      if (current) current.value += line.slice(1);
      continue;
    }
    flush();
    if (line.length === 0) {
      if (headers.size > 0) break; // end of the main section
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    let value = line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    current = { name, value };
  }
  flush();
  const get = (wanted: string): string | undefined => {
    for (const [k, v] of headers) if (k.toLowerCase() === wanted) return v;
    return undefined;
  };
  const info: ManifestInfo = { headers };
  const sym = get('bundle-symbolicname');
  if (sym !== undefined) {
    const id = sym.split(';')[0].trim();
    if (id) info.symbolicName = id;
  }
  const name = get('bundle-name');
  if (name !== undefined && name.trim()) info.name = name.trim();
  return info;
}
