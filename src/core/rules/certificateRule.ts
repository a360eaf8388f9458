import type { CertificateInfo } from '../certs/types';
import { judgedInIFlow, judgedInMapping, type JudgedCertificate } from './helpers';
import type { RelatedLocation, Report, Rule, RuleContext, RuleId } from './types';
import type { Severity } from '../model';

/** A verdict beyond its message: a milder severity, more evidence. */
export interface Verdict {
  message: string;
  severity?: Severity;
  related?: RelatedLocation[];
}

/**
 * Builds a rule that judges every resolved certificate — iFlow entries of Client Certificate
 * channels and mapping entries alike — so a certificate rule is just its verdict.
 */
export function certificateRule(spec: {
  id: RuleId;
  defaultSeverity: Severity;
  description: string;
  /**
   * A message when the certificate breaks the rule, else undefined. `companions` came with it
   * (the rest of an embedded cell) and complete its chain.
   */
  verdict(certificate: CertificateInfo, ctx: RuleContext, companions: readonly CertificateInfo[]): string | Verdict | undefined;
}): Rule {
  const emit = (judged: JudgedCertificate[], ctx: RuleContext, report: (r: Report) => void): void => {
    for (const j of judged) {
      const verdict = spec.verdict(j.certificate, ctx, j.companions ?? []);
      if (!verdict) continue;
      const v = typeof verdict === 'string' ? { message: verdict } : verdict;
      report({ message: v.message, range: j.range, channel: j.channel, related: [...j.related, ...(v.related ?? [])], ...(v.severity ? { severity: v.severity } : {}) });
    }
  };
  return {
    id: spec.id,
    defaultSeverity: spec.defaultSeverity,
    description: spec.description,
    checkIFlow: (doc, ctx, report) => emit(judgedInIFlow(doc, ctx), ctx, report),
    checkMapping: (mapping, ctx, report) => emit(judgedInMapping(mapping, ctx), ctx, report),
  };
}
