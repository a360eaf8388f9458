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
      : 'Ask the partner for a certificate from a CA that SAP trusts; if your tenant trusts this root (a custom domain with its own trusted CAs), add it to trustedRoots.';
    return {
      message: `The chain of certificate "${shortName(cert)}" ${chainVerdict(chain, ctx.chains.trust)}: the SAP load balancer does not forward this certificate. ${advice}`,
      related: chainEvidence(chain),
    };
  },
});
