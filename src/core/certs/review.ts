/**
 * What to tell a user about a certificate before it is used as a client certificate: before an
 * import (say it is self-signed before anything is written) and before a renewal (compare it with
 * the certificate it replaces). The chain is judged by the same code as the rules. Pure.
 */
import { describeExpiry, describeStart, expiresWithin, isoDate } from '../time';
import { ChainBuilder, chainPath, chainVerdict, type Chain } from './chain';
import { CertificateIndex } from './certificateIndex';
import { CLIENT_AUTH_EKU_OID, CLIENT_AUTH_EKU_PHASEOUT, CLIENT_AUTH_EKU_PHASEOUT_TEXT, hasChainToJudge, SAP_CLIENT_AUTH_EKU_REJECTED } from './clientAuth';
import { dnEquals } from './dn';
import { toHex } from './encoding';
import { SignatureChecks } from './signatures';
import { defaultTrustStore, type TrustStore } from './trustedRoots';
import { clientAuthProblem, unusableReasons } from './usability';
import type { CertificateInfo, DecodedCertificates } from './types';
import { subjectPublicKeyInfoOf } from './x509';

export interface ReviewOptions {
  now: Date;
  expiryWarningDays: number;
  /** The workspace's chains (its certificates, trusted roots and signature checks). */
  chains?: ChainBuilder;
  /** Without `chains`: the certificates the workspace already has. */
  index?: CertificateIndex;
  /** Without `chains`: the roots the load balancer trusts (default: the default trusted roots). */
  trust?: TrustStore;
}

/**
 * One thing to tell a user about a certificate. `problem`: it cannot log in (the verdicts the
 * rules report and the fixes act on: expired, self-signed, a CA certificate, not for client
 * authentication) — the tool never maps it without an explicit choice, and never renews with it.
 * `warning`: it may not work (an untrusted or broken chain, no clientAuth EKU, expiring soon).
 * `info`: worth knowing (an incomplete chain, a staged renewal).
 */
export interface ReviewNote {
  level: 'problem' | 'warning' | 'info';
  text: string;
}

/** A renewal review also lists the checks that passed. */
export interface ReviewCheck {
  level: ReviewNote['level'] | 'ok';
  text: string;
}

function chainsFor(options: ReviewOptions): ChainBuilder {
  if (options.chains) return options.chains;
  return new ChainBuilder(options.index ?? new CertificateIndex(), options.trust ?? defaultTrustStore(), new SignatureChecks(), options.now);
}

/** The checks of one certificate on its own: can it log in, key usage, validity, chain. */
export function certificateChecks(cert: CertificateInfo, companions: readonly CertificateInfo[], options: ReviewOptions): { checks: ReviewCheck[]; chain?: Chain } {
  const checks: ReviewCheck[] = unusableReasons(cert, options.now).map((r) => ({ level: 'problem', text: r.detail }));
  const add = (level: ReviewCheck['level'], text: string): void => { checks.push({ level, text }); };
  const usage = clientAuthProblem(cert);
  if (usage === 'no-eku') add('warning', `no extended key usage, so no Client Authentication (${CLIENT_AUTH_EKU_OID}): SAP: "${SAP_CLIENT_AUTH_EKU_REJECTED}"`);
  if (usage === undefined) add('ok', `Client Authentication EKU (${CLIENT_AUTH_EKU_OID})`);
  const now = options.now.getTime();
  const expiring = expiresWithin(cert.notAfter, options.now, options.expiryWarningDays);
  if (expiring) add('warning', describeExpiry(cert.notAfter, options.now));
  if (cert.notBefore.getTime() > now) add('info', `not valid yet: ${describeStart(cert.notBefore, options.now)} (fine for a renewal staged ahead)`);
  if (cert.notBefore.getTime() <= now && cert.notAfter.getTime() > now && !expiring) {
    add('ok', `valid ${isoDate(cert.notBefore)} to ${isoDate(cert.notAfter)} (${describeExpiry(cert.notAfter, options.now)})`);
  }
  if (!hasChainToJudge(cert)) return { checks };
  const chains = chainsFor(options);
  const chain = chains.chainOf(cert, companions.filter((c) => c !== cert));
  const verdict = chainVerdict(chain, chains.trust);
  switch (chain.status) {
    case 'trusted':
      add('ok', `trusted chain: ${chainPath(chain)} (${chain.root!.origin})`);
      if (chain.root?.publicTls && usage === undefined && cert.notAfter.getTime() >= CLIENT_AUTH_EKU_PHASEOUT.getTime()) {
        add('info', `from a public TLS CA (root "${chain.root.name}"): SAP warns that ${CLIENT_AUTH_EKU_PHASEOUT_TEXT}, so its next renewal may lack it`);
      }
      break;
    case 'untrusted':
      add('warning', `untrusted root: the chain ${verdict}; the SAP load balancer does not forward it`);
      break;
    case 'incomplete':
      add(chain.gap?.kind === 'bad-signature' ? 'warning' : 'info', `incomplete chain: the chain ${verdict}; the sender must send the full chain`);
      break;
  }
  return { checks, chain };
}

const RANK = { problem: 0, warning: 1, info: 2 } as const;

/**
 * What to tell a user before a certificate is imported as a client certificate, the problems
 * first (say it is self-signed before anything is written); empty when there is nothing to say.
 * The file's other certificates complete the chain.
 */
export function reviewClientCertificate(cert: CertificateInfo, fileCertificates: CertificateInfo[], options: ReviewOptions): ReviewNote[] {
  return certificateChecks(cert, fileCertificates, options).checks
    .filter((c): c is ReviewNote => c.level !== 'ok')
    .map((c) => ({ level: c.level, text: c.text }))
    .sort((a, b) => RANK[a.level] - RANK[b.level]);
}

/** The certificates of a file a user most likely means to import: the leaves (non-CA), else all. */
export function clientCandidates(decoded: DecodedCertificates): CertificateInfo[] {
  const leaves = decoded.certificates.filter((c) => !c.isCA);
  return leaves.length > 0 ? leaves : decoded.certificates;
}

/** Where the renewed certificate will be used: the review says what SAP accepts there. */
export type RenewalTarget = 'mapping' | 'clientCertificateTable';

export interface RenewalReview {
  checks: ReviewCheck[];
  sameSubject: boolean;
  sameIssuer: boolean;
  /** A problem makes the new certificate unusable: the renewal is not applied. */
  blocked: boolean;
  /** The user must confirm (warnings). */
  needsConfirmation: boolean;
  chain?: Chain;
}

function spkiOf(cert: CertificateInfo): string | undefined {
  const spki = subjectPublicKeyInfoOf(cert.der);
  return spki && toHex(spki);
}

/**
 * Reviews `renewal` against the certificate it replaces: same Subject and Issuer DN, issued later,
 * a new key, then the checks of the new certificate itself (clientAuth EKU, validity, trusted
 * chain). Says what SAP accepts: on a Client Certificate channel only the DNs are checked; on
 * Cloud Foundry with certificate pinning off, SAP accepts a renewal only with the same DNs and a
 * later issue date.
 */
export function reviewRenewal(previous: CertificateInfo, renewal: CertificateInfo, companions: readonly CertificateInfo[], target: RenewalTarget, options: ReviewOptions): RenewalReview {
  const checks: ReviewCheck[] = [];
  const add = (level: ReviewCheck['level'], text: string): void => { checks.push({ level, text }); };
  if (renewal.sha256 === previous.sha256) {
    add('problem', 'the same certificate as the one in use, not a renewal');
  }
  const sameSubject = dnEquals(renewal.subject, previous.subject);
  const sameIssuer = dnEquals(renewal.issuer, previous.issuer);
  if (sameSubject) add('ok', `same Subject DN: ${renewal.subject}`);
  else add('warning', `Subject DN changed: ${previous.subject} → ${renewal.subject}`);
  if (sameIssuer) add('ok', `same Issuer DN: ${renewal.issuer}`);
  else add('warning', `Issuer DN changed (renewed by another CA?): ${previous.issuer} → ${renewal.issuer}`);
  const later = renewal.notBefore.getTime() > previous.notBefore.getTime();
  if (later) add('ok', `issued later: notBefore ${isoDate(renewal.notBefore)} (the previous one: ${isoDate(previous.notBefore)})`);
  else add('warning', `not issued later: notBefore ${isoDate(renewal.notBefore)}, the previous one ${isoDate(previous.notBefore)}`);
  if (renewal.notAfter.getTime() <= previous.notAfter.getTime()) add('warning', `it does not last longer: valid until ${isoDate(renewal.notAfter)}, the previous one until ${isoDate(previous.notAfter)}`);
  // The partner switches some time between the two: both must work meanwhile, with no gap ahead
  // (one already past, after an expired certificate, is what the renewal ends).
  if (renewal.notBefore.getTime() > previous.notAfter.getTime() && renewal.notBefore.getTime() > options.now.getTime()) {
    add('warning', `a gap: the previous certificate expires ${isoDate(previous.notAfter)}, the new one becomes valid only ${isoDate(renewal.notBefore)}; calls fail in between`);
  } else if (previous.notAfter.getTime() > options.now.getTime()) {
    add('ok', `overlaps the previous one: both are valid from ${isoDate(new Date(Math.max(renewal.notBefore.getTime(), options.now.getTime())))} until ${isoDate(previous.notAfter)}, the time the partner has to switch`);
  }
  const newKey = spkiOf(renewal) !== spkiOf(previous);
  if (newKey) add('ok', `a new key (${renewal.keyType}${renewal.keySize ? ` ${renewal.keySize}` : ''})`);
  else if (renewal.sha256 !== previous.sha256) add('warning', 'the same key as the previous certificate (re-certified, not re-keyed)');
  const own = certificateChecks(renewal, companions, options);
  checks.push(...own.checks);
  if (target === 'mapping') {
    const accepted = sameSubject && sameIssuer && later;
    add(accepted ? 'ok' : 'info', `Cloud Foundry with certificate pinning off: SAP accepts a renewal only with the same Subject and Issuer DN and a later issue date — ${accepted ? 'met' : 'not met: create the service key with the new certificate'}`);
  } else {
    add('info', sameSubject && sameIssuer
      ? 'Client Certificate channel: only the DNs are checked, and they are the same, so the iFlow needs no change'
      : 'Client Certificate channel: the DNs differ, so its table changes (the row gets the new DNs, or a row is added beside it) and the iFlow must be redeployed');
  }
  return {
    checks,
    sameSubject,
    sameIssuer,
    blocked: checks.some((c) => c.level === 'problem'),
    needsConfirmation: checks.some((c) => c.level === 'warning'),
    chain: own.chain,
  };
}
