import { commonNameOf } from '../certs/dn';
import { MAX_USER_LENGTH } from './read';

export const FALLBACK_USER_NAME = 'CERTIFICATE_USER';

/**
 * A technical user name from a certificate's CN (or a DN holding one): upper case, every
 * character outside `[A-Z0-9_]` becomes `_`, runs of `_` collapse, no leading or trailing `_`,
 * at most 150 characters (SAP's limit), never empty (`CERTIFICATE_USER`).
 */
export function deriveUserName(commonNameOrDN: string): string {
  const text = typeof commonNameOrDN === 'string' ? commonNameOrDN : '';
  const cn = commonNameOf(text) ?? text;
  const name = cn
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .replace(/_+/g, '_')
    // Runs are single now: one character to drop at either end (`_+$` would restart in every run).
    .replace(/^_|_$/g, '')
    .slice(0, MAX_USER_LENGTH)
    .replace(/_$/, '');
  return name || FALLBACK_USER_NAME;
}

/** `name` with a `_2`, `_3`, … suffix (within 150 characters) until `taken` says no. */
export function uniqueUserName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = name.slice(0, MAX_USER_LENGTH - suffix.length) + suffix;
    if (!taken(candidate)) return candidate;
  }
}
