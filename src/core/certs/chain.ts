/**
 * Certificate chains as the SAP load balancer judges them: it holds only root certificates and
 * forwards a client certificate only when the sender sends the whole chain up to a root it trusts.
 * A chain is followed from a certificate through every certificate the tool sees (the index:
 * workspace files, bundles, PKCS#7, the mapping file; plus the certificates that came with it),
 * by issuer DN = subject DN and authority key id = subject key id where both are present, and by
 * the signature once Web Crypto has checked the link (see signatures.ts). Synchronous and
 * bounded: a loop, a 10,000-certificate bundle or garbage key ids cost at most
 * MAX_CHAIN_LENGTH × MAX_CANDIDATES steps. Pure: no Node built-ins.
 */
import type { CertificateIndex } from './certificateIndex';
import type { SignatureChecks, SignatureVerdict } from './signatures';
import type { TrustedRoot, TrustStore } from './trustedRoots';
import type { CertificateInfo } from './types';

/** Longer chains are not followed (real ones have 2 to 4 certificates). */
export const MAX_CHAIN_LENGTH = 16;
/** Issuer candidates looked at per step (certificates with the issuer's name and key id). */
export const MAX_CANDIDATES = 8;
/** After this many candidates whose signature check failed, no more are tried. */
export const MAX_FAILED_CANDIDATES = 32;

/**
 * `trusted`: a certificate on the chain, or the issuer of its top certificate, is a trusted root.
 * `untrusted`: it ends at a self-signed root that is not (or at a trusted root that has expired).
 * `incomplete`: it cannot be followed to a root with the certificates the tool sees.
 */
export type ChainStatus = 'trusted' | 'untrusted' | 'incomplete';

/** Why an incomplete chain stops. */
export type ChainGap =
  /** No certificate the tool sees has the top certificate's issuer name. */
  | { kind: 'issuer-not-found'; issuer: string }
  /** Certificates with that name exist, but with another key identifier. */
  | { kind: 'other-key'; issuer: string; authorityKeyId: string; found: CertificateInfo[] }
  /**
   * Certificates with that name (and key id) exist, but none checked verifies the signature
   * (`checked` of `named`: look-alikes beyond MAX_FAILED_CANDIDATES are not checked).
   */
  | { kind: 'bad-signature'; issuer: string; found: CertificateInfo[]; checked: number; named: number }
  /** Following issuers leads back to a certificate already on the chain. */
  | { kind: 'loop'; issuer: string }
  | { kind: 'too-long' };

export interface Chain {
  status: ChainStatus;
  /** From the certificate judged up to the last certificate held (the root, when held). */
  certificates: CertificateInfo[];
  /**
   * signatures[i]: the check of certificates[i]'s signature by certificates[i + 1] (undefined while
   * not checked; the link was then followed by names and key identifiers).
   */
  signatures: Array<SignatureVerdict | undefined>;
  /** trusted: the root it ends at (held or only named as the top certificate's issuer). */
  root?: TrustedRoot;
  /** untrusted: why the root at its top is not trusted. */
  untrusted?: { reason: 'not-listed' } | { reason: 'expired'; root: TrustedRoot } | { reason: 'other-key'; root: TrustedRoot };
  /** incomplete: where it stops. */
  gap?: ChainGap;
}

/** The top certificate of a chain: its root when it ends at one held. */
export const chainTop = (chain: Chain): CertificateInfo => chain.certificates[chain.certificates.length - 1];

/** Builds and caches chains over one set of certificates, one trust store and shared signature checks. */
export class ChainBuilder {
  private cache = new WeakMap<CertificateInfo, Chain>();
  private cachedAt: number;

  constructor(
    private readonly index: CertificateIndex,
    readonly trust: TrustStore,
    readonly signatures: SignatureChecks,
    private readonly now: Date,
  ) {
    this.cachedAt = signatures.version;
  }

  /**
   * The chain of `certificate`. `companions` are certificates that came with it (the rest of its
   * file or cell) and complete its chain too; chains with companions are not cached.
   */
  chainOf(certificate: CertificateInfo, companions: readonly CertificateInfo[] = []): Chain {
    if (this.cachedAt !== this.signatures.version) {
      this.cache = new WeakMap();
      this.cachedAt = this.signatures.version;
    }
    if (companions.length === 0) {
      let chain = this.cache.get(certificate);
      if (!chain) {
        chain = this.build(certificate, companions);
        this.cache.set(certificate, chain);
      }
      return chain;
    }
    return this.build(certificate, companions);
  }

  /**
   * The chain of `certificate` once the signatures of its links are checked: a link that does not
   * verify gives way to the next candidate, and that one is checked in turn (a review shown before
   * anything is written must not name a forged issuer). Bounded: every round checks new links,
   * and each level looks at no more than MAX_FAILED_CANDIDATES + MAX_CANDIDATES.
   */
  async verifiedChainOf(certificate: CertificateInfo, companions: readonly CertificateInfo[] = []): Promise<Chain> {
    const rounds = MAX_CHAIN_LENGTH * (MAX_FAILED_CANDIDATES / MAX_CANDIDATES + 1);
    for (let round = 0; round < rounds; round++) {
      this.chainOf(certificate, companions);
      if (this.signatures.pendingCount === 0) break;
      await this.signatures.verifyPending();
    }
    return this.chainOf(certificate, companions);
  }

  private candidatesFor(subjectKey: string, companions: readonly CertificateInfo[]): CertificateInfo[] {
    const out: CertificateInfo[] = [];
    const seen = new Set<string>();
    const add = (c: CertificateInfo): void => {
      if (!seen.has(c.sha256)) {
        seen.add(c.sha256);
        out.push(c);
      }
    };
    for (const c of companions) if (c.subjectKey === subjectKey) add(c);
    for (const c of this.index.withSubjectKey(subjectKey)) add(c);
    for (const c of this.trust.userCertificates()) if (c.subjectKey === subjectKey) add(c);
    return out;
  }

  private build(leaf: CertificateInfo, companions: readonly CertificateInfo[]): Chain {
    const certificates = [leaf];
    const signatures: Array<SignatureVerdict | undefined> = [];
    const onChain = new Set([leaf.sha256]);
    const now = this.now.getTime();
    const expired = (root: TrustedRoot): boolean => root.notAfter !== undefined && root.notAfter.getTime() < now;
    const endAt = (root: TrustedRoot): Chain =>
      expired(root) ? { status: 'untrusted', certificates, signatures, untrusted: { reason: 'expired', root } } : { status: 'trusted', certificates, signatures, root };
    let current = leaf;
    for (;;) {
      const match = this.trust.matchCertificate(current);
      if (match?.kind === 'root') return endAt(match.root);
      if (current.selfSigned) {
        return { status: 'untrusted', certificates, signatures, untrusted: match ? { reason: 'other-key', root: match.root } : { reason: 'not-listed' } };
      }
      if (certificates.length >= MAX_CHAIN_LENGTH) return { status: 'incomplete', certificates, signatures, gap: { kind: 'too-long' } };

      const named = this.candidatesFor(current.issuerKey, companions);
      const aki = current.authorityKeyId;
      const keyFits = (c: CertificateInfo): boolean => !aki || !c.subjectKeyId || c.subjectKeyId === aki;
      const fitting = named.filter((c) => keyFits(c) && c.sha256 !== current.sha256);
      const fresh = fitting.filter((c) => !onChain.has(c.sha256));
      // At most MAX_CANDIDATES not known to fail are looked at (and queued for a check), so a
      // bundle of thousands of look-alikes costs a bounded number of checks per round.
      const open: CertificateInfo[] = [];
      let failed = 0;
      for (const c of fresh) {
        if (this.signatures.known(current, c) === 'invalid') {
          failed++;
          continue;
        }
        open.push(c);
        if (open.length === MAX_CANDIDATES) break;
      }
      if (failed >= MAX_FAILED_CANDIDATES && open.length > 0) {
        return { status: 'incomplete', certificates, signatures, gap: { kind: 'bad-signature', issuer: current.issuer, found: fresh.slice(0, MAX_CANDIDATES), checked: failed, named: fresh.length } };
      }
      // Valid signatures first, then unchecked ones; certificates valid now first, then the newest.
      const ranked = open
        .map((c) => ({ c, verdict: this.signatures.verdict(current, c) }))
        .sort((a, b) => rank(a.verdict) - rank(b.verdict)
          || Number(isCurrent(b.c, now)) - Number(isCurrent(a.c, now))
          || b.c.notAfter.getTime() - a.c.notAfter.getTime());
      const next = ranked[0];
      if (next) {
        signatures.push(next.verdict);
        certificates.push(next.c);
        onChain.add(next.c.sha256);
        current = next.c;
        continue;
      }
      const root = this.trust.matchIssuer(current);
      if (root) return endAt(root);
      let gap: ChainGap;
      if (fresh.length > 0) gap = { kind: 'bad-signature', issuer: current.issuer, found: fresh.slice(0, MAX_CANDIDATES), checked: failed, named: fresh.length };
      else if (fitting.length > 0) gap = { kind: 'loop', issuer: current.issuer };
      else if (named.length > 0 && aki) gap = { kind: 'other-key', issuer: current.issuer, authorityKeyId: aki, found: named.slice(0, MAX_CANDIDATES) };
      else gap = { kind: 'issuer-not-found', issuer: current.issuer };
      return { status: 'incomplete', certificates, signatures, gap };
    }
  }
}

const rank = (v: SignatureVerdict | undefined): number => (v === 'valid' ? 0 : 1);
const isCurrent = (c: CertificateInfo, now: number): boolean => c.notBefore.getTime() <= now && now <= c.notAfter.getTime();

const nameOf = (c: CertificateInfo): string => c.commonName ?? c.subject;
const date = (d: Date): string => d.toISOString().slice(0, 10);
/** Key ids come from the file: a garbage one may be long. */
const keyId = (hex: string): string => (hex.length > 40 ? `${hex.slice(0, 40)}…` : hex);

/** "acme-client → ACME Issuing CA → ACME Root CA" (a trusted root only named is added at the end). */
export function chainPath(chain: Chain): string {
  const names = chain.certificates.map(nameOf);
  const top = chainTop(chain);
  if (chain.root && !(chain.root.certificate === top || chain.root.sha256 === top.sha256 || chain.root.subjectKey === top.subjectKey)) names.push(chain.root.name);
  return names.join(' → ');
}

/** A short mark for lists (the tree): undefined for a trusted chain. */
export function chainMark(chain: Chain): string | undefined {
  switch (chain.status) {
    case 'trusted': return undefined;
    case 'untrusted': return chain.untrusted?.reason === 'expired' ? 'root expired' : 'untrusted root';
    case 'incomplete': return 'chain incomplete';
  }
}

/**
 * Where the chain ends and what the load balancer makes of it, as the end of a sentence
 * starting with the chain's subject ("The chain of X …").
 */
export function chainVerdict(chain: Chain, trust: TrustStore): string {
  const top = chainTop(chain);
  switch (chain.status) {
    case 'trusted': {
      const root = chain.root!;
      return `ends at "${root.name}", a root the SAP load balancer trusts (${root.origin})`;
    }
    case 'untrusted': {
      const u = chain.untrusted;
      if (u?.reason === 'expired') return `ends at "${u.root.name}", which ${u.root.origin} names but which expired on ${date(u.root.notAfter!)}`;
      if (u?.reason === 'other-key') return `ends at a self-signed "${nameOf(top)}" that has the name of the trusted root "${u.root.name}" but neither its fingerprint nor its key`;
      return `ends at the self-signed root "${nameOf(top)}", which is not among the trusted roots (${trust.description})`;
    }
    case 'incomplete': {
      const gap = chain.gap!;
      const at = chain.certificates.length === 1 ? 'stops at the certificate itself' : `stops at "${nameOf(top)}"`;
      switch (gap.kind) {
        case 'issuer-not-found':
          return `${at}, whose issuer "${gap.issuer}" is not in the workspace`;
        case 'other-key':
          return `${at}, whose issuer "${gap.issuer}" is in the workspace only with another key (its authority key identifier is ${keyId(gap.authorityKeyId)})`;
        case 'bad-signature': {
          const some = gap.named > gap.checked ? ` (${gap.checked} of the ${gap.named} certificates with that name were checked)` : '';
          return `${at}, whose signature does not verify with the key of "${gap.issuer}"${some}: a forged issuer name, or a re-keyed CA whose new certificate is missing`;
        }
        case 'loop':
          return `${at}, whose issuers lead back to a certificate already on the chain`;
        case 'too-long':
          return `is longer than ${MAX_CHAIN_LENGTH} certificates and was not followed further`;
      }
    }
  }
}

/** What the signature checks of a chain found so far, for the hover. */
function signatureNote(chain: Chain): string {
  if (chain.signatures.length === 0) return '';
  if (chain.signatures.some((s) => s === 'invalid')) return '; a signature does not verify';
  if (chain.signatures.some((s) => s === undefined)) return '; signatures not checked yet';
  if (chain.signatures.some((s) => s === 'unsupported')) return '; some signatures cannot be checked here';
  return '; signatures verified';
}

/** One compact line: the path and the root's trust ("a → b → root · trusted root (SAP's BTP trust store)"). */
export function chainSummary(chain: Chain, trust: TrustStore): string {
  let state: string;
  switch (chain.status) {
    case 'trusted':
      state = `trusted root (${chain.root!.origin})`;
      break;
    case 'untrusted': {
      const u = chain.untrusted;
      state = u?.reason === 'expired' ? `root expired on ${date(u.root.notAfter!)}`
        : u?.reason === 'other-key' ? `not the trusted root "${u.root.name}" (another key)`
        : `untrusted root (not in ${trust.description})`;
      break;
    }
    default: {
      const gap = chain.gap!;
      state = gap.kind === 'issuer-not-found' ? `incomplete: "${gap.issuer}" is not in the workspace`
        : gap.kind === 'other-key' ? `incomplete: "${gap.issuer}" only with another key`
        : gap.kind === 'bad-signature' ? `broken: no "${gap.issuer}" verifies its signature`
        : gap.kind === 'loop' ? 'incomplete: its issuers loop'
        : `incomplete: longer than ${MAX_CHAIN_LENGTH} certificates`;
    }
  }
  return `${chainPath(chain)} · ${state}${signatureNote(chain)}`;
}
