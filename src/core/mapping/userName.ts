import { canonicalAttributeType, parseDN } from '../certs/dn';
import { MAX_USER_LENGTH } from './read';

export const FALLBACK_USER_NAME = 'CERTIFICATE_USER';

/** The CN of a DN (the most specific one), or the input itself when it is not a DN with a CN. */
function commonNameOf(commonNameOrDN: string): string {
  if (!commonNameOrDN.includes('=')) return commonNameOrDN;
  const rdns = parseDN(commonNameOrDN);
  const cns = rdns.flat().filter((a) => canonicalAttributeType(a.type) === 'CN' && a.value.trim() !== '');
  if (cns.length === 0) return commonNameOrDN;
  // RFC 4514 order puts the CN first; X.500 order last. Either way there is usually one.
  return cns[0].value;
}

/**
 * A technical user name from a certificate's CN (or a DN holding one): upper case, every
 * character outside `[A-Z0-9_]` becomes `_`, runs of `_` collapse, no leading or trailing `_`,
 * at most 150 characters (SAP's limit), never empty (`CERTIFICATE_USER`).
 */
export function deriveUserName(commonNameOrDN: string): string {
  const cn = commonNameOf(typeof commonNameOrDN === 'string' ? commonNameOrDN : '');
  const name = cn
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_USER_LENGTH)
    .replace(/_+$/, '');
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
