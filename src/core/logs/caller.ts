import type { Caller } from './types';

/** What the workspace knows that tells a user name from a certificate's `<subject CN>@<issuer CN>`. */
export interface CallerKnowledge {
  /** A user of the mapping file (names may hold `@`). */
  isUser(name: string): boolean;
  /** The CN pair of a certificate the workspace knows whose `<subject CN>@<issuer CN>` is `name`. */
  certificatePair(name: string): { subjectCN: string; issuerCN: string } | undefined;
}

const OAUTH = /^oauth_client_/i;

/**
 * Who reached the tenant: `-` nobody; `oauth_client_<id>` an OAuth client; a name the workspace
 * knows as a user, a user; `X@Y` a certificate mapped to no user (split where a known
 * certificate's CNs say, else at the last `@`, as subject CNs hold e-mail addresses far more
 * often than issuer CNs); anything else a user.
 */
export function classifyCaller(raw: string, known?: CallerKnowledge): Caller {
  const name = raw.trim();
  if (name === '' || name === '-') return { kind: 'none', name: '-' };
  if (OAUTH.test(name)) return { kind: 'oauth', name };
  if (known?.isUser(name)) return { kind: 'user', name };
  const pair = known?.certificatePair(name);
  if (pair) return { kind: 'certificate', name, ...pair };
  const at = name.lastIndexOf('@');
  if (at > 0 && at < name.length - 1) return { kind: 'certificate', name, subjectCN: name.slice(0, at), issuerCN: name.slice(at + 1) };
  return { kind: 'user', name };
}
