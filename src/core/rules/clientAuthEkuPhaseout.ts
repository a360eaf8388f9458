import { CLIENT_AUTH_EKU_PHASEOUT, hasChainToJudge } from '../certs/clientAuth';
import { clientAuthProblem } from '../certs/usability';
import { isoDate } from '../time';
import { certificateRule } from './certificateRule';
import { shortName } from './helpers';

export const clientAuthEkuPhaseout = certificateRule({
  id: 'client-auth-eku-phaseout',
  defaultSeverity: 'info',
  description: 'A client certificate from a public TLS CA is renewed after May 2026, when public CAs stop including the Client Authentication EKU by default: the renewal will likely be rejected.',
  verdict(cert, ctx, companions) {
    if (!hasChainToJudge(cert) || clientAuthProblem(cert) !== undefined) return undefined;
    // Renewed around its expiry: one that expires before the phase-out was renewed before it.
    if (cert.notAfter.getTime() < CLIENT_AUTH_EKU_PHASEOUT.getTime()) return undefined;
    const chain = ctx.chains.chainOf(cert, companions);
    if (chain.status !== 'trusted' || !chain.root?.publicTls) return undefined;
    return `Certificate "${shortName(cert)}" is from a public TLS CA (root "${chain.root.name}"), and public CAs are dropping the clientAuth EKU: make sure its renewal (due by ${isoDate(cert.notAfter)}) still lists clientAuth, or the TLS handshake fails.`;
  },
});
