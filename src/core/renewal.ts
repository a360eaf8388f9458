/**
 * Renewing a client certificate — the most frequent task with client certificates. The new
 * certificate is reviewed against the one it replaces, then: in the mapping file it goes into the
 * same entry (user, roles and usedBy kept, the previous certificate's MD5 recorded); on a Client
 * Certificate channel nothing changes when the DNs are the same (only the DNs are checked), and the
 * row gets the new DNs when they differ (the iFlow must then be redeployed). Pure: the editor and
 * the CLI write what it returns.
 */
import type { CertificateInfo } from './certs/types';
import { reviewRenewal, type RenewalReview, type ReviewOptions } from './certs/review';
import { dnEquals } from './certs/dn';
import { setCertificateRow, type ParametersFile } from './edits/iflowEdits';
import type { FixPlan } from './edits/types';
import { renewMappingEntry } from './mapping/renew';
import type { MappingEntry, MappingFile } from './mapping/types';
import type { CertificateEntry, IFlowDocument, SenderChannel } from './model';
import { isoDate } from './time';

/** What is renewed, with the certificate in use now (the one the entry is judged by). */
export type RenewalTarget =
  | { kind: 'mapping'; mapping: MappingFile; entry: MappingEntry; current: CertificateInfo }
  | { kind: 'channel'; doc: IFlowDocument; channel: SenderChannel; entry: CertificateEntry; current: CertificateInfo; parametersFile?: ParametersFile };

export interface RenewalPlan {
  review: RenewalReview;
  /**
   * The edits to apply. Empty `files` with `blocked`: nothing may be written (see the review's
   * problems, or `refused`); empty `files` otherwise: the target needs no change (same DNs on a
   * channel) — the caller still keeps the new certificate with the workspace's certificates.
   */
  plan: FixPlan;
  /** The target cannot be written (an invalid mapping file, an entry that moved). */
  refused?: string;
}

const nameOf = (c: CertificateInfo): string => c.commonName ?? c.subject;

/** A short name for the target, for titles: `user "ACME_ORDERS"`, `channel "HTTPS_Orders", entry 2`. */
export function describeRenewalTarget(target: RenewalTarget): string {
  return target.kind === 'mapping'
    ? `user "${target.entry.user}"`
    : `channel "${target.channel.name || target.channel.id}", entry ${target.entry.index + 1}`;
}

/** Reviews `renewal` for `target` and computes the edits that put it in place. */
export function planRenewal(target: RenewalTarget, renewal: CertificateInfo, companions: readonly CertificateInfo[], options: ReviewOptions): RenewalPlan {
  const review = reviewRenewal(target.current, renewal, companions, target.kind === 'mapping' ? 'mapping' : 'clientCertificateTable', options);
  const plan: FixPlan = {
    id: `renew:${target.kind === 'mapping' ? `mapping:${target.entry.index}` : `${target.channel.id}:${target.entry.index}`}`,
    title: `Renew certificate "${nameOf(target.current)}" (${describeRenewalTarget(target)})`,
    rule: target.current.notAfter.getTime() <= options.now.getTime() ? 'certificate-expired' : 'certificate-expiring',
    files: [],
    notes: [],
  };
  if (review.blocked) {
    plan.notes.push(`Not renewed: the new certificate cannot log in (${review.checks.filter((c) => c.level === 'problem').map((c) => c.text).join('; ')}).`);
    return { review, plan };
  }
  if (target.kind === 'mapping') {
    // The tenant holds a mapping of the previous certificate only if the entry had one.
    const previous = target.entry.decoded;
    const renewed = renewMappingEntry(target.mapping, target.entry, renewal, previous);
    if (!renewed.ok) {
      plan.notes.push(`Not renewed: ${renewed.reason}.`);
      return { review: { ...review, blocked: true }, plan, refused: renewed.reason };
    }
    plan.files.push(renewed.edit);
    plan.notes.push(`The mapping of user "${target.entry.user}" now holds "${nameOf(renewal)}", valid until ${isoDate(renewal.notAfter)}; its user, roles and usedBy are kept.`);
    if (previous) {
      plan.notes.push(`The previous certificate (MD5 ${previous.md5}) is recorded under previousCertificates: once the partner sends the new one, delete its tenant mapping (the Neo export lists it).`);
    }
    plan.notes.push('Deploy the mapping (Export Mappings for Neo / Cloud Foundry).');
    return { review, plan };
  }
  const channelName = target.channel.name || target.channel.id;
  if (review.sameSubject && review.sameIssuer) {
    plan.notes.push(`Channel "${channelName}" needs no change: it checks only the Subject and Issuer DN, and they are the same.`);
    return { review, plan };
  }
  plan.files.push(...setCertificateRow(target.doc, target.entry, {
    subjectDN: review.sameSubject ? undefined : renewal.subject,
    issuerDN: review.sameIssuer ? undefined : renewal.issuer,
  }, target.parametersFile));
  plan.notes.push(`Channel "${channelName}", entry ${target.entry.index + 1} now names "${renewal.subject}" issued by "${renewal.issuer}". The iFlow must be redeployed for the new DNs to take effect; until then only the previous certificate is accepted. (With User Role and a certificate-to-user mapping, a renewal needs no redeploy.)`);
  return { review, plan };
}

/** Whether `candidate` is a plausible renewal of `current` (to preselect it among a file's certificates). */
export const looksLikeRenewalOf = (candidate: CertificateInfo, current: CertificateInfo): boolean =>
  dnEquals(candidate.subject, current.subject) && candidate.sha256 !== current.sha256;
