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
import { appendCertificateEntries, setCertificateEntry, singlePlaceholder, type ParametersFile } from './edits/iflowEdits';
import type { FixPlan } from './edits/types';
import { renewMappingEntry } from './mapping/renew';
import type { MappingEntry, MappingFile } from './mapping/types';
import type { CertificateEntry, IFlowDocument, SenderChannel } from './model';
import { isoDate } from './time';

/** What is renewed, with the certificate in use now (the one the entry is judged by). */
export type RenewalTarget =
  | { kind: 'mapping'; mapping: MappingFile; entry: MappingEntry; current: CertificateInfo }
  | { kind: 'channel'; doc: IFlowDocument; channel: SenderChannel; entry: CertificateEntry; current: CertificateInfo; parametersFile?: ParametersFile };

/**
 * On a Client Certificate channel whose DNs change: `replace` the previous row (as the issue of a
 * renewal usually means: after the redeploy only the new certificate is accepted), or `add` a row
 * beside it (both are accepted until the previous row is removed: the partner can switch at any
 * time).
 */
export type RowChange = 'replace' | 'add';

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
  /** The row changes the user may choose between (a channel whose DNs change); empty otherwise. */
  rowChanges: RowChange[];
}

/** How a certificate is named to the user: its CN, else its subject. */
export const nameOf = (c: CertificateInfo): string => c.commonName ?? c.subject;

/** A short name for the target, for titles: `user "ACME_ORDERS"`, `channel "HTTPS_Orders", entry 2`. */
export function describeRenewalTarget(target: RenewalTarget): string {
  return target.kind === 'mapping'
    ? `user "${target.entry.user}"`
    : `channel "${target.channel.name || target.channel.id}", entry ${target.entry.index + 1}`;
}

/** Reviews `renewal` for `target` and computes the edits that put it in place. */
export function planRenewal(target: RenewalTarget, renewal: CertificateInfo, companions: readonly CertificateInfo[], options: ReviewOptions, rowChange: RowChange = 'replace'): RenewalPlan {
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
    return { review, plan, rowChanges: [] };
  }
  if (target.kind === 'mapping') {
    // The tenant holds a mapping of the previous certificate only if the entry had one.
    const previous = target.entry.decoded;
    const renewed = renewMappingEntry(target.mapping, target.entry, renewal, previous);
    if (!renewed.ok) {
      plan.notes.push(`Not renewed: ${renewed.reason}.`);
      return { review: { ...review, blocked: true }, plan, refused: renewed.reason, rowChanges: [] };
    }
    plan.files.push(renewed.edit);
    plan.notes.push(`The mapping of user "${target.entry.user}" now holds "${nameOf(renewal)}", valid until ${isoDate(renewal.notAfter)}; its user, roles and usedBy are kept.`);
    if (previous) {
      plan.notes.push(`The previous certificate (MD5 ${previous.md5}) is recorded under previousCertificates: once the partner sends the new one, delete its tenant mapping (the Neo export lists it).`);
    }
    plan.notes.push('Deploy the mapping (Export Mappings for Neo / Cloud Foundry).');
    return { review, plan, rowChanges: [] };
  }
  const { doc, channel, entry } = target;
  const channelName = channel.name || channel.id;
  if (review.sameSubject && review.sameIssuer) {
    plan.notes.push(`Channel "${channelName}" needs no change: it checks only the Subject and Issuer DN, and they are the same, so the previous and the new certificate are both accepted.`);
    return { review, plan, rowChanges: [] };
  }
  const listed = channel.certificates.find((e) => e !== entry && dnEquals(e.subjectDN.value, renewal.subject) && dnEquals(e.issuerDN.value, renewal.issuer));
  if (listed) {
    plan.notes.push(`Channel "${channelName}" needs no change: entry ${listed.index + 1} already names "${renewal.subject}" issued by "${renewal.issuer}".`);
    return { review, plan, rowChanges: [] };
  }
  // A table that is one {{parameter}} as a whole gets no row of its own: only its cells change.
  const rowChanges: RowChange[] = singlePlaceholder(channel.certificatesProperty?.value) === undefined ? ['replace', 'add'] : ['replace'];
  const previous = `"${target.current.subject}" issued by "${target.current.issuer}"`;
  const next = `"${renewal.subject}" issued by "${renewal.issuer}"`;
  if (rowChange === 'add' && rowChanges.includes('add')) {
    plan.files.push({ file: doc.file, baseText: doc.text, edits: appendCertificateEntries(doc, channel, [{ subjectDN: renewal.subject, issuerDN: renewal.issuer }]) });
    plan.notes.push(`Channel "${channelName}" now also names ${next}, beside entry ${entry.index + 1} (${previous}). Redeploy the iFlow: then both certificates are accepted; remove entry ${entry.index + 1} once the partner has switched.`);
    return { review, plan, rowChanges };
  }
  plan.files.push(...setCertificateEntry(doc, channel, entry, {
    subjectDN: review.sameSubject ? undefined : renewal.subject,
    issuerDN: review.sameIssuer ? undefined : renewal.issuer,
  }, target.parametersFile));
  plan.notes.push(`Channel "${channelName}", entry ${entry.index + 1} now names ${next}. The iFlow must be redeployed for the new DNs to take effect: until then only the previous certificate is accepted, after it only the new one. (With User Role and a certificate-to-user mapping, a renewal needs no redeploy.)`);
  return { review, plan, rowChanges };
}

/** Whether `candidate` is a plausible renewal of `current` (to preselect it among a file's certificates). */
export const looksLikeRenewalOf = (candidate: CertificateInfo, current: CertificateInfo): boolean =>
  dnEquals(candidate.subject, current.subject) && candidate.sha256 !== current.sha256;
