import { chainVerdict } from '../certs/chain';
import { hasChainToJudge } from '../certs/clientAuth';
import { certificateRule } from './certificateRule';
import { chainEvidence, shortName } from './helpers';

export const incompleteCertificateChain = certificateRule({
  id: 'incomplete-certificate-chain',
  defaultSeverity: 'info',
  description: 'A client certificate\'s chain cannot be followed up to a root with the certificates the tool sees: the sender must send the whole chain, and whether SAP trusts its root is unknown.',
  verdict(cert, ctx, companions) {
    if (!hasChainToJudge(cert)) return undefined;
    const chain = ctx.chains.chainOf(cert, companions);
    if (chain.status !== 'incomplete') return undefined;
    const broken = chain.gap?.kind === 'bad-signature';
    return {
      message: `The chain of certificate "${shortName(cert)}" ${chainVerdict(chain, ctx.chains.trust)}. ${broken
        ? 'The SAP load balancer rejects it: ask the partner for its current chain.'
        : 'Add the issuing CA certificates to the workspace to judge its root.'}`,
      related: chainEvidence(chain),
      // A signature that does not verify is more than a missing file.
      ...(broken ? { severity: 'warning' as const } : {}),
    };
  },
});
