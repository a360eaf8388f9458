import type { CertificateInfo } from '../certs/types';
import { judgedInIFlow, judgedInMapping, type JudgedCertificate } from './helpers';
import type { Report, Rule, RuleContext, RuleId } from './types';
import type { Severity } from '../model';

/**
 * Builds a rule that judges every resolved certificate — iFlow entries of Client Certificate
 * channels and mapping entries alike — so a certificate rule is just its verdict.
 */
export function certificateRule(spec: {
  id: RuleId;
  defaultSeverity: Severity;
  description: string;
  /** A message when the certificate breaks the rule, else undefined. */
  verdict(certificate: CertificateInfo, ctx: RuleContext): string | undefined;
}): Rule {
  const emit = (judged: JudgedCertificate[], ctx: RuleContext, report: (r: Report) => void): void => {
    for (const j of judged) {
      const message = spec.verdict(j.certificate, ctx);
      if (message) report({ message, range: j.range, channel: j.channel, related: j.related });
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
