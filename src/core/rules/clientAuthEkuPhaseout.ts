import { CLIENT_AUTH_EKU_OID, CLIENT_AUTH_EKU_PHASEOUT, CLIENT_AUTH_EKU_PHASEOUT_TEXT, hasChainToJudge, SAP_CLIENT_AUTH_EKU_REJECTED } from '../certs/clientAuth';
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
    return `Certificate "${shortName(cert)}" comes from a public TLS CA (root "${chain.root.name}") and is due for renewal by ${isoDate(cert.notAfter)}. SAP warns that ${CLIENT_AUTH_EKU_PHASEOUT_TEXT}: "${SAP_CLIENT_AUTH_EKU_REJECTED}." Make sure the renewal still lists clientAuth (${CLIENT_AUTH_EKU_OID}), or get it from a CA that issues client certificates.`;
  },
});
