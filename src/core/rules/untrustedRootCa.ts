import { chainVerdict } from '../certs/chain';
import { hasChainToJudge } from '../certs/clientAuth';
import { certificateRule } from './certificateRule';
import { chainEvidence, shortName } from './helpers';

export const untrustedRootCa = certificateRule({
  id: 'untrusted-root-ca',
  defaultSeverity: 'warning',
  description: 'A client certificate chains to a root CA that is not among the trusted roots (default: SAP\'s BTP trust store); the SAP load balancer does not forward it.',
  verdict(cert, ctx, companions) {
    if (!hasChainToJudge(cert)) return undefined;
    const chain = ctx.chains.chainOf(cert, companions);
    if (chain.status !== 'untrusted') return undefined;
    const advice = chain.untrusted?.reason === 'expired'
      ? 'Ask the partner for a certificate from a current root.'
      : 'Use a CA that SAP trusts, or add the root to trustedRoots if your tenant trusts it.';
    return {
      message: `The chain of certificate "${shortName(cert)}" ${chainVerdict(chain, ctx.chains.trust)}: the SAP load balancer does not forward it. ${advice}`,
      related: chainEvidence(chain),
    };
  },
});
